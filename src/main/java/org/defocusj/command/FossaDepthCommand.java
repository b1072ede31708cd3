package org.defocusj.command;

import ij.ImagePlus;
import ij.Prefs;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.ProgressListener;
import org.defocusj.dff.AllInFocusMode;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffParameters;
import org.defocusj.fossa.CameraIntrinsics;
import org.defocusj.fossa.FocalLength;
import org.defocusj.fossa.FossaEstimator;
import org.defocusj.fossa.FossaModel;
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
    static final String FOCUS = "Focus distances";
    static final String UNIT = "Unit";
    static final String FOCAL_PX = "Focal length px";
    static final String FOCAL_MM = "Focal length mm";
    static final String SENSOR_MM = "Sensor width mm";

    @Parameter(label = STACK, persist = false,
            description = "Focus stack (gray or RGB); the focus axis is Z, or T when Z is 1")
    ImagePlus stack;

    @Parameter(label = FOCUS, persist = false, description = Inputs.FOCUS_DESCRIPTION
            + " (FOSSA needs metric distances, not 'index')",
            attrs = @Attr(name = ParameterNames.CLI, value = "--focus"))
    String focus = Inputs.AUTO;

    @Parameter(label = UNIT, persist = false, choices = {"m", "cm", "mm", "um", "nm"},
            description = "Unit of the focus distances you type (FOSSA's scenes are camera scenes: m)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--unit"))
    String unit = "m";

    @Parameter(label = "Model", persist = false,
            description = "builtin:tiny (shipped in the jar), or the path of a TorchScript file exported by "
                    + "scripts/export_fossa.py",
            attrs = @Attr(name = ParameterNames.CLI, value = "--model"))
    String model = FossaModel.DEFAULT_MODEL;

    @Parameter(label = FOCAL_PX, persist = false, min = "0",
            description = "Focal length in pixels of the stack's images; 0 to give it in mm with the sensor width",
            attrs = @Attr(name = ParameterNames.CLI, value = "--focal-length-px"))
    double focalLengthPx = 0;

    @Parameter(label = FOCAL_MM, persist = false, min = "0",
            description = "Focal length in mm (with Sensor width mm; used when Focal length px is 0)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--focal-length-mm"))
    double focalLengthMm = 0;

    @Parameter(label = SENSOR_MM, persist = false, min = "0",
            description = "Sensor width in mm, spanning the image width (with Focal length mm)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--sensor-width-mm"))
    double sensorWidthMm = 0;

    @Parameter(label = "Confidence map", persist = false,
            description = "Also output a confidence map (from depth from focus, which runs alongside)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--confidence"))
    boolean confidenceMap = false;

    @Parameter(label = "All-in-focus", persist = false, choices = {"none", "weighted", "sharpest"},
            description = "Also output an all-in-focus composite (from depth from focus)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--aif-mode,--all-in-focus"))
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
    protected void perform(ProgressListener progress) {
        Inputs.requireStack(stack, STACK);
        FocusSource source = Inputs.focusSource(focus, unit, FOCUS, UNIT);
        if (source.kind() == FocusSource.Kind.INDEX) {
            throw new BadInputException(FOCUS + ": FOSSA needs metric focus distances (e.g. 0.8,1.7,3.0 in m), "
                    + "not 'index'");
        }
        CameraIntrinsics k = focalLength(focalLengthPx, focalLengthMm, sensorWidthMm).resolve(stack.getWidth());
        AllInFocusMode aif = AllInFocusMode.parse(allInFocusMode);
        DepthFromFocus companions = null;
        if (confidenceMap || aif != AllInFocusMode.NONE) {
            companions = new DepthFromFocus(DffParameters.defaults().withAllInFocus(aif)
                    .withThreads(Math.max(1, Prefs.getThreads())));
        }
        if (model == null || model.trim().isEmpty()) {
            throw new BadInputException("--model: empty (expected builtin:tiny or the path of an exported "
                    + "TorchScript file)");
        }
        // The stack and its focus distances are checked before the (slow) model is loaded.
        FocusStack fs = ImagePlusStacks.wrap(stack, source, Inputs.sidecar(stack, source), stack.getTitle());
        DepthResult result;
        try (FossaModel network = FossaModel.load(model.trim())) {
            result = new FossaEstimator(network, k, companions).estimate(fs, progress);
        }
        String base = Inputs.baseTitle(stack);
        DepthImages out = DepthImages.of(result, fs, base, base + "-fossa-depth", confidenceMap,
                aif != AllInFocusMode.NONE, calibrationBar);
        depth = out.getDepth();
        confidence = out.getConfidence();
        allInFocus = out.getAllInFocus();
    }

    /** Exactly one of: focal length in pixels, or focal length and sensor width in mm (0 means not given). */
    static FocalLength focalLength(double px, double mm, double sensorMm) {
        boolean inPixels = px != 0;
        boolean inMm = mm != 0 || sensorMm != 0;
        if (!inPixels && !inMm) {
            throw new BadInputException(FOCAL_PX + ": FOSSA needs the camera's focal length to give metric depth "
                    + "(expected " + FOCAL_PX + " > 0, or " + FOCAL_MM + " with " + SENSOR_MM + ")");
        }
        if (inPixels && inMm) {
            throw new BadInputException(FOCAL_PX + " and " + FOCAL_MM + "/" + SENSOR_MM + ": give only one of them "
                    + "(set the other to 0)");
        }
        if (inPixels) {
            return FocalLength.ofPixels(px);
        }
        if (mm == 0 || sensorMm == 0) {
            throw new BadInputException(FOCAL_MM + " and " + SENSOR_MM + ": give both (the focal length in pixels "
                    + "is f_mm * image width / sensor width)");
        }
        return FocalLength.ofMillimetres(mm, sensorMm);
    }

    DepthImages outputs() {
        return depth == null ? null : DepthImages.wrap(depth, confidence, allInFocus);
    }
}
