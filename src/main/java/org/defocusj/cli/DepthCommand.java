package org.defocusj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.ResultFiles;
import org.defocusj.dff.AllInFocusMode;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffParameters;
import org.defocusj.dff.FocusMeasure;
import org.defocusj.dff.InterpolationSpace;
import org.defocusj.fossa.CameraIntrinsics;
import org.defocusj.fossa.FossaEstimator;
import org.defocusj.fossa.FossaModel;
import org.defocusj.stack.AtomicOutputs;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.StackReader;

/** {@code defocusj depth}: one stack in, a depth map (and optional companions) out. */
@Command(name = "depth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Estimates a depth map from a focus stack and writes it as a 32-bit TIFF whose value unit is the "
                + "focus-distance unit (ImageJ shows it).",
            "Focus distances come from --focus, else --focus-file, else a sidecar beside the stack "
                + "(NAME.focus.txt, or focus.txt inside a folder), else the ImageJ z-calibration, else slice "
                + "labels 'focus=<d> <unit>'. With --focus index, depth is a fractional slice index (unit "
                + "'slice'): relative, not metric.",
            "Exit code 0 on success, 2 for bad input (the message names the file or option), 1 otherwise. "
                + "Outputs appear only when all of them were written."})
final class DepthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STACK",
            description = "Multi-page TIFF / ImageJ hyperstack (focus axis Z, or T when Z is 1), or a folder of "
                    + "PNG/JPEG/TIFF images taken in natural name order.")
    Path stackPath;

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

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE",
            description = "Depth map to write (32-bit TIFF).")
    Path out;

    @Option(names = "--confidence", paramLabel = "FILE",
            description = "Also write the confidence map (32-bit TIFF, 0..1).")
    Path confidence;

    @Option(names = "--all-in-focus", paramLabel = "FILE",
            description = "Also write the all-in-focus composite (TIFF in the stack's bit depth).")
    Path allInFocus;

    @Option(names = "--png", paramLabel = "FILE",
            description = "Also write a colourised depth PNG with a colour bar and unit.")
    Path png;

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

    @Option(names = "--quiet", description = "No progress or summary output.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        boolean fossa = isFossa();
        DffParameters dff = dffParameters();
        FocusSource source = focusSource();
        checkOptics(fossa);
        ResultFiles files = new ResultFiles(out, confidence, allInFocus, png);
        try (AtomicOutputs outputs = new AtomicOutputs();
                FossaModel network = fossa ? FossaModel.load(model) : null) {
            files.reserve(outputs);
            FocusStack stack = StackReader.read(stackPath, source);
            DepthEstimator estimator = fossa ? fossaEstimator(network, stack, dff) : new DepthFromFocus(dff);
            DepthResult result = estimator.estimate(stack,
                    quiet ? null : new TerminalProgress(err, System.console() != null));
            files.write(result, stack);
            outputs.commit();
            if (!quiet) {
                stdout.printf(Locale.ROOT, "%s: %d x %d, %d slices, focus %s%s%n", stack.name(), stack.width(),
                        stack.height(), stack.slices(), stack.focus(),
                        stack.unit().isRelative() ? " (relative depth: fractional slice index)" : "");
                for (Path p : outputs.targets()) {
                    stdout.println("wrote " + p);
                }
            }
        }
        return 0;
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

    /** Fails before any loading when FOSSA's focal length is missing or given twice. */
    private void checkOptics(boolean fossa) {
        int given = (focalLengthPx != null ? 1 : 0) + (focalLengthMm != null || sensorWidthMm != null ? 1 : 0)
                + (intrinsics != null ? 1 : 0);
        if (!fossa) {
            if (given > 0) {
                throw new BadInputException("--focal-length-px/--focal-length-mm/--sensor-width-mm/--intrinsics: only "
                        + "used by --method fossa");
            }
            return;
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
    }

    private DepthEstimator fossaEstimator(FossaModel network, FocusStack stack, DffParameters dff) {
        CameraIntrinsics k;
        if (focalLengthPx != null) {
            k = CameraIntrinsics.ofPixels(focalLengthPx);
        } else if (intrinsics != null) {
            k = CameraIntrinsics.read(intrinsics);
        } else {
            k = CameraIntrinsics.ofMillimetres(focalLengthMm, sensorWidthMm, stack.width());
        }
        boolean companions = confidence != null || allInFocus != null;
        return new FossaEstimator(network, k, companions ? new DepthFromFocus(dff) : null);
    }

    private DffParameters dffParameters() {
        DffParameters p = DffParameters.defaults()
                .withMeasure(FocusMeasure.parse(measure, "--measure"))
                .withWindow(window)
                .withAllInFocus(allInFocus == null ? AllInFocusMode.NONE : AllInFocusMode.parse(aifMode))
                .withInterpolation(InterpolationSpace.parse(interpolation))
                .withLowConfidence(minConfidence, fill);
        if (threads != null) {
            p = p.withThreads(threads);
        }
        return p;
    }

    private FocusSource focusSource() {
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

    static double[] parseList(String text) {
        return FocusDistances.parseList(text, "--focus");
    }
}
