package org.defocusj.cli;

import java.util.Locale;

import picocli.CommandLine.Option;

import org.defocusj.BadInputException;
import org.defocusj.dff.AllInFocusMode;
import org.defocusj.dff.DffParameters;
import org.defocusj.dff.FocusMeasure;
import org.defocusj.dff.InterpolationSpace;
import org.defocusj.fossa.FossaModel;

/**
 * The estimator choice and its settings, shared by every command that estimates depth ({@code depth},
 * {@code batch}, {@code benchmark zedd}): method, FOSSA model, and the depth-from-focus parameters. Where the
 * focus distances and the focal length come from is per command ({@link EstimatorOptions} adds the options
 * for stacks given by the user; benchmarks read them from the data set).
 */
class MethodOptions {

    @Option(names = "--method", paramLabel = "NAME", defaultValue = "dff",
            description = "Estimator: dff (classical depth from focus, no model) or fossa (learned depth from "
                    + "defocus; needs metric focus distances and the focal length). Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--model", paramLabel = "builtin:tiny|FILE.pt", defaultValue = FossaModel.DEFAULT_MODEL,
            description = "FOSSA model: the built-in model, or a TorchScript file exported by "
                    + "scripts/export_fossa.py. Default: ${DEFAULT-VALUE}.")
    String model;

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

    /** Loads the FOSSA model named by --model. */
    FossaModel loadModel() {
        return FossaModel.load(model);
    }

    /** The --threads value, or null when not given. */
    Integer threads() {
        return threads;
    }

    boolean isFossa() {
        switch (method.trim().toLowerCase(Locale.ROOT)) {
            case "dff":
                return false;
            case "fossa":
                return true;
            default:
                throw new BadInputException("--method: unknown method '" + method + "' (expected dff or fossa)");
        }
    }

    /** The depth-from-focus settings; {@code allInFocus} is the composite to compute (NONE: none). */
    DffParameters dffParameters(AllInFocusMode allInFocus) {
        DffParameters p = DffParameters.defaults()
                .withMeasure(FocusMeasure.parse(measure, "--measure"))
                .withWindow(window)
                .withAllInFocus(allInFocus)
                .withInterpolation(InterpolationSpace.parse(interpolation))
                .withLowConfidence(minConfidence, fill);
        if (threads != null) {
            p = p.withThreads(threads);
        }
        return p;
    }
}
