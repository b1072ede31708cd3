package org.defocusj.command;

import java.util.Map;

import ij.ImagePlus;

import org.defocusj.depth.ProgressListener;
import org.defocusj.dff.DffParameters;
import org.defocusj.fossa.FossaSettings;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;

/**
 * The actions with short, script-friendly signatures, for {@link DefocusService} and the ImageJ 1.x macro
 * extensions. Each one fills the corresponding command's fields (the rest keep the command's defaults) and
 * runs {@link DefocusCommand#execute}, so scripts, macros, dialogs and SciJava all share one validation and
 * one implementation. Nothing is shown: callers show or keep the returned images.
 */
public final class DefocusActions {

    private final ProgressListener progress;

    /** @param progress where progress goes and cancellation comes from; may be null */
    public DefocusActions(ProgressListener progress) {
        this.progress = progress;
    }

    /**
     * Depth from focus, with the other settings at the command's defaults.
     *
     * @param focus      comma-separated distances in {@code unit}, {@code auto} or {@code index}
     * @param measure    sml, tenengrad or variance
     * @param companions also the confidence map and the (weighted) all-in-focus composite
     */
    public DepthImages depthFromFocus(ImagePlus stack, String focus, String unit, String measure, int window,
            boolean companions) {
        DepthFromFocusCommand c = new DepthFromFocusCommand();
        c.stack = stack;
        c.setDeclared(FocusSource.FOCUS, focus);
        c.setDeclared(FocusSource.UNIT, unit);
        c.setDeclared(DffParameters.MEASURE, measure);
        c.setDeclared(DffParameters.WINDOW, window);
        c.confidenceMap = companions;
        c.allInFocusMode = companions ? "weighted" : "none";
        c.execute(progress);
        return c.outputs();
    }

    /**
     * FOSSA depth (depth only).
     *
     * @param model         builtin:tiny or a TorchScript file
     * @param focalLengthPx focal length in pixels of the stack's images
     */
    public DepthImages fossaDepth(ImagePlus stack, String focus, String unit, String model, double focalLengthPx) {
        FossaDepthCommand c = new FossaDepthCommand();
        c.stack = stack;
        c.setDeclared(FocusSource.FOCUS, focus);
        c.setDeclared(FocusSource.UNIT, unit);
        c.setDeclared(FossaSettings.MODEL, model);
        c.setDeclared(FocalLength.FOCAL_LENGTH_PX, focalLengthPx);
        c.execute(progress);
        return c.outputs();
    }

    /** A focus stack through a thin-lens camera, Gaussian PSF, FOSSA's gather renderer (15 x 15). */
    public ImagePlus simulate(ImagePlus image, ImagePlus depth, String focus, String unit, double fNumber,
            double focalLengthMm, double sensorWidthMm) {
        SimulateFocusStackCommand c = new SimulateFocusStackCommand();
        c.image = image;
        c.depthMap = depth;
        c.focus = focus;
        c.unit = unit;
        c.fNumber = fNumber;
        c.focalLengthMm = focalLengthMm;
        c.sensorWidthMm = sensorWidthMm;
        c.execute(progress);
        return c.output();
    }

    /**
     * Metrics of {@code prediction} against {@code groundTruth}, also appended as a row to the results table
     * {@code table} ("Results" if null).
     *
     * @return metric key to value, plus valid_pixels
     */
    public Map<String, Double> evaluate(ImagePlus prediction, ImagePlus groundTruth, double minDepth,
            double maxDepth, String table) {
        EvaluateDepthCommand c = new EvaluateDepthCommand();
        c.prediction = prediction;
        c.groundTruth = groundTruth;
        c.minDepth = minDepth;
        c.maxDepth = maxDepth;
        c.table = table == null ? EvaluateDepthCommand.RESULTS : table;
        c.execute(progress);
        return c.metrics();
    }
}
