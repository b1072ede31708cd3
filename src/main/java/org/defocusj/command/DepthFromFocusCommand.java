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
import org.defocusj.depth.ProgressListener;
import org.defocusj.dff.AllInFocusMode;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffParameters;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;

/** Classical depth from focus on an open stack: depth, confidence and all-in-focus images. */
@Plugin(type = Command.class, label = "Depth from Focus", headless = true,
        description = "Depth map from a focus stack by classical depth from focus (no model)")
public final class DepthFromFocusCommand extends DefocusCommand {

    static final String STACK = "Stack";

    /* The focus-stack parameters, then depth from focus's own, with its all-in-focus mode shown as one choice
       that also says whether to make the composite (as macros recorded it). */
    private static final List<Object> LAYOUT = slots("stack", FocusSource.FOCUS, FocusSource.UNIT,
            replace(DffParameters.PARAMETERS, DffParameters.AIF_MODE, "allInFocusMode"), "confidenceMap",
            "calibrationBar");

    @Parameter(label = STACK, persist = false,
            description = "Focus stack (8/16/32-bit or RGB); the focus axis is Z, or T when Z is 1")
    ImagePlus stack;

    @Parameter(label = "All-in-focus", persist = false, choices = {"weighted", "sharpest", "none"},
            description = Inputs.ALL_IN_FOCUS_DESCRIPTION, attrs = @Attr(name = PARAMETER_ID, value = "aif-mode,all-in-focus"))
    String allInFocusMode = "weighted";

    @Parameter(label = "Confidence map", persist = false,
            description = "Also output the confidence map (32-bit, 0..1)")
    boolean confidenceMap = true;

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
        FocusSource source = FocusSource.parse(values());
        boolean aif = Inputs.wantsAllInFocus(allInFocusMode);
        DffParameters p = DffParameters.from(Inputs.withAllInFocusMode(values(), allInFocusMode))
                .withOutputs(confidenceMap, aif)
                .withThreads(Math.max(1, Prefs.getThreads()));
        FocusStack fs = ImagePlusStacks.wrap(stack, source, Inputs.sidecar(stack, source), stack.getTitle());
        showNotes(fs);
        DepthResult result = new DepthFromFocus(p).estimate(fs, progress);
        String base = Inputs.baseTitle(stack);
        DepthImages out = DepthImages.of(result, fs, base, base + "-depth", confidenceMap, aif, calibrationBar);
        depth = out.getDepth();
        confidence = out.getConfidence();
        allInFocus = out.getAllInFocus();
    }

    /** The images of the last successful run (null before). */
    DepthImages outputs() {
        return depth == null ? null : DepthImages.wrap(depth, confidence, allInFocus);
    }
}
