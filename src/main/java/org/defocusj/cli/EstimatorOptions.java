package org.defocusj.cli;

import java.nio.file.Path;
import java.util.Locale;

import picocli.CommandLine.Option;

import org.defocusj.BadInputException;
import org.defocusj.batch.EstimatorSpec;
import org.defocusj.dff.AllInFocusMode;
import org.defocusj.dff.DffParameters;
import org.defocusj.dff.FocusMeasure;
import org.defocusj.dff.InterpolationSpace;
import org.defocusj.fossa.FocalLength;
import org.defocusj.fossa.FossaModel;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusSource;

/**
 * The estimator options shared by {@code depth} and {@code batch}: method, FOSSA model and optics, focus
 * distances, and the depth-from-focus parameters.
 */
final class EstimatorOptions {

    @Option(names = "--method", paramLabel = "NAME", defaultValue = "dff",
            description = "Estimator: dff (classical depth from focus, no model) or fossa (learned depth from "
                    + "defocus; needs metric focus distances and the focal length). Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--model", paramLabel = "builtin:tiny|FILE.pt", defaultValue = FossaModel.DEFAULT_MODEL,
            description = "FOSSA model: the built-in model, or a TorchScript file exported by "
                    + "scripts/export_fossa.py. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--focal-length-px", paramLabel = "F",
            description = "FOSSA: focal length in pixels of the stack's images.")
    Double focalLengthPx;

    @Option(names = "--focal-length-mm", paramLabel = "F",
            description = "FOSSA: focal length in mm (with --sensor-width-mm).")
    Double focalLengthMm;

    @Option(names = "--sensor-width-mm", paramLabel = "W",
            description = "FOSSA: sensor width in mm, spanning the image width (with --focal-length-mm).")
    Double sensorWidthMm;

    @Option(names = "--intrinsics", paramLabel = "K.txt",
            description = "FOSSA: 3 x 3 camera matrix K of the stack's images; the focal length is max(fx, fy).")
    Path intrinsics;

    @Option(names = "--focus", paramLabel = "LIST|index",
            description = "Focus distance of each slice, comma-separated in slice order (e.g. 0.5,0.8,1.2), or "
                    + "'index' when distances are unknown.")
    String focus;

    @Option(names = "--focus-file", paramLabel = "FILE",
            description = "Text/CSV file with one focus distance per line (or as the last field); "
                    + "'#' comments; a line 'unit=um' sets its unit.")
    Path focusFile;

    @Option(names = "--unit", paramLabel = "UNIT", defaultValue = "m",
            description = "Unit of --focus values and of unit-less focus files: m, cm, mm, um or nm. "
                    + "Camera units (m, cm, mm) must be positive distances from the lens; um and nm are stage "
                    + "positions. Default: ${DEFAULT-VALUE}.")
    String unit;

    @Option(names = "--measure", paramLabel = "NAME", defaultValue = "sml",
            description = "Focus measure: sml (sum-modified-Laplacian), tenengrad (Sobel energy) or variance "
                    + "(local gray-level variance). Default: ${DEFAULT-VALUE}.")
    String measure;

    @Option(names = "--window", paramLabel = "N", defaultValue = "9",
            description = "Odd side of the square window the focus measure is summed over. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads. Default: all processors.")
    Integer threads;

    @Option(names = "--aif-mode", paramLabel = "MODE", defaultValue = "weighted",
            description = "All-in-focus composite: sharpest (each pixel from its peak slice) or weighted "
                    + "(mean with weights (measure/peak)^k, softer seams). Default: ${DEFAULT-VALUE}.")
    String aifMode;

    @Option(names = "--interpolation", paramLabel = "SPACE", defaultValue = "auto",
            description = "Where the peak is interpolated between slices: distance, inverse (1/distance, how a "
                    + "thin lens blurs) or auto (inverse for m/cm/mm, distance otherwise). Default: ${DEFAULT-VALUE}.")
    String interpolation;

    @Option(names = "--min-confidence", paramLabel = "C", defaultValue = "0",
            description = "Pixels with confidence below C (0..1) get no depth (NaN). Default: ${DEFAULT-VALUE}.")
    double minConfidence;

    @Option(names = "--fill",
            description = "Fill the pixels removed by --min-confidence from their neighbours instead of NaN.")
    boolean fill;

    /** The --threads value, or null when not given. */
    Integer threads() {
        return threads;
    }

    /**
     * The estimator these options describe; fails before any loading when FOSSA's focal length is missing or
     * given twice. {@code allInFocus}: whether depth from focus computes the all-in-focus image.
     */
    EstimatorSpec spec(boolean allInFocus) {
        boolean fossa = isFossa();
        DffParameters dff = dffParameters(allInFocus);
        FocalLength f = focalLength(fossa);
        return fossa ? EstimatorSpec.fossa(model, f, dff) : EstimatorSpec.depthFromFocus(dff);
    }

    private boolean isFossa() {
        switch (method.trim().toLowerCase(Locale.ROOT)) {
            case "dff":
                return false;
            case "fossa":
                return true;
            default:
                throw new BadInputException("--method: unknown method '" + method + "' (expected dff or fossa)");
        }
    }

    private FocalLength focalLength(boolean fossa) {
        int given = (focalLengthPx != null ? 1 : 0) + (focalLengthMm != null || sensorWidthMm != null ? 1 : 0)
                + (intrinsics != null ? 1 : 0);
        if (!fossa) {
            if (given > 0) {
                throw new BadInputException("--focal-length-px/--focal-length-mm/--sensor-width-mm/--intrinsics: only "
                        + "used by --method fossa");
            }
            return null;
        }
        if (given == 0) {
            throw new BadInputException("--method fossa: needs the camera's focal length in pixels to give metric depth "
                    + "(expected --focal-length-px F, or --focal-length-mm F with --sensor-width-mm W, or --intrinsics K.txt)");
        }
        if (given > 1) {
            throw new BadInputException("--focal-length-px, --focal-length-mm/--sensor-width-mm and --intrinsics: give "
                    + "only one of them");
        }
        if ((focalLengthMm == null) != (sensorWidthMm == null)) {
            throw new BadInputException("--focal-length-mm and --sensor-width-mm: give both (the focal length in "
                    + "pixels is f_mm * image width / sensor width)");
        }
        if (focalLengthPx != null) {
            return FocalLength.ofPixels(focalLengthPx);
        }
        return intrinsics != null ? FocalLength.ofIntrinsics(intrinsics)
                : FocalLength.ofMillimetres(focalLengthMm, sensorWidthMm);
    }

    DffParameters dffParameters(boolean allInFocus) {
        DffParameters p = DffParameters.defaults()
                .withMeasure(FocusMeasure.parse(measure, "--measure"))
                .withWindow(window)
                .withAllInFocus(!allInFocus ? AllInFocusMode.NONE : AllInFocusMode.parse(aifMode))
                .withInterpolation(InterpolationSpace.parse(interpolation))
                .withLowConfidence(minConfidence, fill);
        if (threads != null) {
            p = p.withThreads(threads);
        }
        return p;
    }

    FocusSource focusSource() {
        DistanceUnit u = DistanceUnit.parse(unit, "--unit");
        if (u.isRelative()) {
            throw new BadInputException("--unit: 'slice' is not a unit for distances (use --focus index instead)");
        }
        if (focus != null && focusFile != null) {
            throw new BadInputException("--focus and --focus-file: give one or the other, not both");
        }
        if (focus != null) {
            if (focus.trim().equalsIgnoreCase("index")) {
                return FocusSource.index();
            }
            return FocusSource.explicit(parseList(focus), u);
        }
        if (focusFile != null) {
            return FocusSource.file(focusFile, u);
        }
        return FocusSource.auto(u);
    }

    private static double[] parseList(String text) {
        return FocusDistances.parseList(text, "--focus");
    }
}
