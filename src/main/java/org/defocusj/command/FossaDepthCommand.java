package org.defocusj.command;

import java.util.List;

import ij.ImagePlus;
import ij.Prefs;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.depth.DepthResult;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.MethodSetup;
import org.defocusj.depth.ProgressListener;
import org.defocusj.fossa.FossaMethod;
import org.defocusj.fossa.FossaSettings;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;

/**
 * FOSSA (learned depth from defocus) on an open stack, with metric focus distances and the focal length in
 * pixels (given directly, or as focal length and sensor width in mm). Confidence and all-in-focus, which
 * FOSSA does not produce, come from depth from focus when asked for.
 */
@Plugin(type = Command.class, label = "FOSSA Depth", headless = true,
        description = "Metric depth map from a focus stack with the FOSSA network (DJL, PyTorch engine)")
public final class FossaDepthCommand extends DefocusCommand {

    static final String STACK = "Stack";

    /* The dialog has no field for a K file: the focal length is typed in. */
    private static final List<Object> LAYOUT = slots("stack", FocusSource.FOCUS, FocusSource.UNIT,
            FossaSettings.PARAMETERS, without(FocalLength.PARAMETERS, FocalLength.INTRINSICS), "confidenceMap",
            "allInFocusMode", "calibrationBar");

    @Parameter(label = STACK, persist = false,
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
        Inputs.requireStack(stack, STACK);
        ParameterValues v = values();
        FocusSource source = FocusSource.parse(v);
        FocalLength f = FocalLength.choose(v);
        boolean aif = Inputs.wantsAllInFocus(allInFocusMode);
        MethodSetup setup = MethodSetup.of(new FossaMethod(), Inputs.withAllInFocusMode(v, allInFocusMode))
                .withOutputs(confidenceMap, aif).withThreads(Math.max(1, Prefs.getThreads()));
        setup.checkStackOptions(source, f);
        // The stack and its focus distances are checked before the (slow) model is loaded.
        FocusStack fs = ImagePlusStacks.wrap(stack, source, Inputs.sidecar(stack, source), stack.getTitle())
                .withFocalLength(f);
        showNotes(fs);
        DepthResult result;
        try (DepthSession session = setup.open()) {
            result = session.estimator().estimate(fs, progress);
        }
        String base = Inputs.baseTitle(stack);
        DepthImages out = DepthImages.of(result, fs, base, base + "-fossa-depth", confidenceMap, aif, calibrationBar);
        depth = out.getDepth();
        confidence = out.getConfidence();
        allInFocus = out.getAllInFocus();
    }

    DepthImages outputs() {
        return depth == null ? null : DepthImages.wrap(depth, confidence, allInFocus);
    }
}
