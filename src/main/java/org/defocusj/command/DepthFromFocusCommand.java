package org.defocusj.command;

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
import org.defocusj.dff.FocusMeasure;
import org.defocusj.dff.InterpolationSpace;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;

/** Classical depth from focus on an open stack: depth, confidence and all-in-focus images. */
@Plugin(type = Command.class, label = "Depth from Focus", headless = true,
        description = "Depth map from a focus stack by classical depth from focus (no model)")
public final class DepthFromFocusCommand extends DefocusCommand {

    static final String STACK = "Stack";
    static final String FOCUS = "Focus distances";
    static final String UNIT = "Unit";

    @Parameter(label = STACK, persist = false,
            description = "Focus stack (8/16/32-bit or RGB); the focus axis is Z, or T when Z is 1")
    ImagePlus stack;

    @Parameter(label = FOCUS, persist = false, description = Inputs.FOCUS_DESCRIPTION,
            attrs = @Attr(name = ParameterNames.CLI, value = "--focus"))
    String focus = Inputs.AUTO;

    @Parameter(label = UNIT, persist = false, choices = {"m", "cm", "mm", "um", "nm"},
            description = "Unit of the focus distances you type (and of unit-less sidecar files): m, cm, mm for "
                    + "cameras (distances from the lens), um, nm for microscopes (stage positions)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--unit"))
    String unit = "m";

    @Parameter(label = "Focus measure", persist = false, choices = {"sml", "tenengrad", "variance"},
            description = "sml: sum-modified-Laplacian; tenengrad: Sobel gradient energy; variance: local "
                    + "gray-level variance",
            attrs = @Attr(name = ParameterNames.CLI, value = "--measure"))
    String measure = "sml";

    @Parameter(label = "Window", persist = false, min = "1", max = "255", stepSize = "2",
            description = "Odd side in pixels of the square window the focus measure is summed over",
            attrs = @Attr(name = ParameterNames.CLI, value = "--window"))
    int window = 9;

    @Parameter(label = "Interpolation", persist = false, choices = {"auto", "distance", "inverse"},
            description = "Where the peak is interpolated between slices: inverse distance (thin lens), distance "
                    + "(microscope) or auto (inverse for m, cm, mm)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--interpolation"))
    String interpolation = "auto";

    @Parameter(label = "All-in-focus", persist = false, choices = {"weighted", "sharpest", "none"},
            description = "All-in-focus composite: weighted (soft seams), sharpest (each pixel from its peak "
                    + "slice) or none",
            attrs = @Attr(name = ParameterNames.CLI, value = "--aif-mode,--all-in-focus"))
    String allInFocusMode = "weighted";

    @Parameter(label = "Min confidence", persist = false, min = "0", max = "1", stepSize = "0.05",
            description = "Pixels with confidence below this (0..1) get no depth (NaN), or are filled",
            attrs = @Attr(name = ParameterNames.CLI, value = "--min-confidence"))
    double minConfidence = 0;

    @Parameter(label = "Fill low confidence", persist = false,
            description = "Fill the pixels removed by Min confidence from their neighbours instead of NaN",
            attrs = @Attr(name = ParameterNames.CLI, value = "--fill"))
    boolean fill = false;

    @Parameter(label = "Confidence map", persist = false,
            description = "Also output the confidence map (32-bit, 0..1)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--confidence"))
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
    protected void perform(ProgressListener progress) {
        Inputs.requireStack(stack, STACK);
        FocusSource source = Inputs.focusSource(focus, unit, FOCUS, UNIT);
        AllInFocusMode aif = AllInFocusMode.parse(allInFocusMode);
        DffParameters p = DffParameters.defaults()
                .withMeasure(FocusMeasure.parse(measure, "--measure"))
                .withWindow(window)
                .withInterpolation(InterpolationSpace.parse(interpolation))
                .withAllInFocus(aif)
                .withLowConfidence(minConfidence, fill)
                .withThreads(Math.max(1, Prefs.getThreads()));
        FocusStack fs = ImagePlusStacks.wrap(stack, source, Inputs.sidecar(stack, source), stack.getTitle());
        DepthResult result = new DepthFromFocus(p).estimate(fs, progress);
        String base = Inputs.baseTitle(stack);
        DepthImages out = DepthImages.of(result, fs, base, base + "-depth", confidenceMap,
                aif != AllInFocusMode.NONE, calibrationBar);
        depth = out.getDepth();
        confidence = out.getConfidence();
        allInFocus = out.getAllInFocus();
    }

    /** The images of the last successful run (null before). */
    DepthImages outputs() {
        return depth == null ? null : DepthImages.wrap(depth, confidence, allInFocus);
    }
}
