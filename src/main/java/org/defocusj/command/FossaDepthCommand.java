package org.defocusj.command;

import java.util.List;

import ij.ImagePlus;
import ij.Prefs;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.Defocus;
import org.defocusj.depth.MethodSetup;
import org.defocusj.depth.ProgressListener;
import org.defocusj.fossa.FossaMethod;
import org.defocusj.fossa.FossaSettings;
import org.defocusj.io.DepthImages;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;

/**
 * FOSSA (learned depth from defocus) on an open stack, with metric focus distances and the focal length in
 * pixels (given directly, or as focal length and sensor width in mm). Confidence and all-in-focus, which
 * FOSSA does not produce, come from depth from focus when asked for.
 */
@Plugin(type = Command.class, label = "FOSSA Depth", headless = true,
        description = "Metric depth map from a focus stack with the FOSSA network (DJL, PyTorch engine)")
public final class FossaDepthCommand extends DefocusCommand {

    private static final List<Object> LAYOUT = slots("stack", FocusSource.FOCUS, FocusSource.UNIT,
            FossaSettings.PARAMETERS, FocalLength.PARAMETERS, "confidenceMap", "allInFocusMode", "calibrationBar");

    @Parameter(label = "Stack", persist = false,
            description = "Focus stack (gray or RGB); the focus axis is Z, or T when Z is 1")
    ImagePlus stack;

    @Parameter(label = "Confidence map", persist = false,
            description = "Also output a confidence map (from depth from focus, which runs alongside)")
    boolean confidenceMap = false;

    @Parameter(label = "All-in-focus", persist = false, choices = {"none", "weighted", "sharpest"},
            description = "Also output an all-in-focus composite (from depth from focus)",
            attrs = @Attr(name = PARAMETER_ID, value = "aif-mode,all-in-focus"))
    String allInFocusMode = "none";

    @Parameter(label = "Calibration bar", persist = false, description = Inputs.CALIBRATION_BAR_DESCRIPTION)
    boolean calibrationBar = false;

    @Parameter(type = ItemIO.OUTPUT, label = "Depth")
    ImagePlus depth;

    @Parameter(type = ItemIO.OUTPUT, label = "Confidence")
    ImagePlus confidence;

    @Parameter(type = ItemIO.OUTPUT, label = "All-in-focus image")
    ImagePlus allInFocus;

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected void perform(ProgressListener progress) {
        ParameterValues v = Inputs.withAllInFocusMode(values(), allInFocusMode);
        MethodSetup method = MethodSetup.of(new FossaMethod(), v).withThreads(Math.max(1, Prefs.getThreads()));
        DepthImages out = Defocus.depth(stack, FocusSource.parse(v), FocalLength.choose(v), method, confidenceMap,
                Inputs.wantsAllInFocus(allInFocusMode), progress);
        out = calibrationBar ? out.withCalibrationBar() : out;
        depth = out.getDepth();
        confidence = out.getConfidence();
        allInFocus = out.getAllInFocus();
    }

    DepthImages outputs() {
        return depth == null ? null : DepthImages.wrap(depth, confidence, allInFocus);
    }
}
