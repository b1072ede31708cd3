package org.defocusj.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

import org.defocusj.BadInputException;
import org.defocusj.batch.EstimatorSpec;
import org.defocusj.dff.AllInFocusMode;
import org.defocusj.dff.DffParameters;
import org.defocusj.fossa.FocalLength;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusSource;

/**
 * The estimator options of commands that read stacks given by the user ({@code depth}, {@code batch}): those of
 * {@link MethodOptions}, plus FOSSA's optics and where the focus distances come from.
 */
final class EstimatorOptions extends MethodOptions {

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

    @Option(names = "--aif-mode", paramLabel = "MODE", defaultValue = "weighted",
            description = "All-in-focus composite: sharpest (each pixel from its peak slice) or weighted "
                    + "(mean with weights (measure/peak)^k, softer seams). Default: ${DEFAULT-VALUE}.")
    String aifMode;

    /**
     * The estimator these options describe; fails before any loading when FOSSA's focal length is missing or
     * given twice. {@code allInFocus}: whether depth from focus computes the all-in-focus image.
     */
    EstimatorSpec spec(boolean allInFocus) {
        boolean fossa = isFossa();
        DffParameters dff = dffParameters(allInFocus ? AllInFocusMode.parse(aifMode) : AllInFocusMode.NONE);
        FocalLength f = focalLength(fossa);
        return fossa ? EstimatorSpec.fossa(model, f, dff) : EstimatorSpec.depthFromFocus(dff);
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

    FocusSource focusSource() {
        DistanceUnit u = DistanceUnit.parse(unit, "unit");
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
        return FocusDistances.parseList(text, "focus");
    }
}
