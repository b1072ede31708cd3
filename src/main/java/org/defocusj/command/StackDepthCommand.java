package org.defocusj.command;

import ij.ImagePlus;
import ij.Prefs;

import org.scijava.ItemIO;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

import org.defocusj.Defocus;
import org.defocusj.align.AlignSettings;
import org.defocusj.depth.MethodSetup;
import org.defocusj.depth.ProgressListener;
import org.defocusj.io.DepthImages;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;

/**
 * A depth method on an open stack: the stack, the companion images wanted, and the depth, confidence and
 * all-in-focus outputs; subclasses choose the method and lay out its parameters. The all-in-focus choice
 * (weighted, sharpest or none) says both whether to make the composite and how, as macros record it.
 */
public abstract class StackDepthCommand extends DefocusCommand {

    @Parameter(label = "Stack", persist = false,
            description = "Focus stack (8/16/32-bit or RGB); the focus axis is Z, or T when Z is 1")
    ImagePlus stack;

    @Parameter(label = "Confidence map", persist = false,
            description = "Also output the confidence map (32-bit, 0..1)")
    boolean confidenceMap;

    @Parameter(label = "All-in-focus", persist = false, choices = {"multiscale", "weighted", "sharpest", "none"},
            description = Inputs.ALL_IN_FOCUS_DESCRIPTION, attrs = @Attr(name = PARAMETER_ID,
                    value = "aif-mode,all-in-focus"))
    String allInFocusMode;

    @Parameter(label = "Calibration bar", persist = false, description = Inputs.CALIBRATION_BAR_DESCRIPTION)
    boolean calibrationBar = false;

    @Parameter(type = ItemIO.OUTPUT, label = "Depth")
    ImagePlus depth;

    @Parameter(type = ItemIO.OUTPUT, label = "Confidence")
    ImagePlus confidence;

    @Parameter(type = ItemIO.OUTPUT, label = "All-in-focus image")
    ImagePlus allInFocus;

    /** With {@link AlignSettings#ALIGNED_OUTPUT} (a declared field of the subclasses' layouts). */
    @Parameter(type = ItemIO.OUTPUT, label = "Aligned stack image")
    ImagePlus alignedImage;

    /** @param confidenceByDefault, allInFocusByDefault the companions a dialog offers first */
    protected StackDepthCommand(boolean confidenceByDefault, String allInFocusByDefault) {
        confidenceMap = confidenceByDefault;
        allInFocusMode = allInFocusByDefault;
    }

    /** The method and its settings from the harvested values (with the all-in-focus mode chosen). */
    protected abstract MethodSetup method(ParameterValues values);

    @Override
    protected final void perform(ProgressListener progress) {
        ParameterValues v = Inputs.withAllInFocusMode(values(), allInFocusMode);
        MethodSetup method = method(v).withThreads(Math.max(1, Prefs.getThreads()));
        DepthImages out = Defocus.depth(stack, FocusSource.parse(v), FocalLength.choose(v), method, confidenceMap,
                Inputs.wantsAllInFocus(allInFocusMode), v.get(AlignSettings.ALIGNED_OUTPUT), progress);
        showNotes(out.notes());
        out = calibrationBar ? out.withCalibrationBar() : out;
        depth = out.getDepth();
        confidence = out.getConfidence();
        allInFocus = out.getAllInFocus();
        alignedImage = out.getAligned();
    }

    /** The images of the last successful run (null before). */
    DepthImages outputs() {
        return depth == null ? null : DepthImages.wrap(depth, confidence, allInFocus);
    }
}
