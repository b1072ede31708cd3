package org.defocusj.eval;

import java.nio.file.Path;
import java.util.List;

import org.defocusj.BadInputException;
import org.defocusj.io.DepthMapReader;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.DepthMap;

/**
 * Evaluates predictions against ground truth with fixed settings: valid depth range, optional disparity
 * space, and whether invalid predictions inside the valid region are excluded or rejected.
 */
public final class DepthEvaluator {

    public static final ParameterSpec<Double> MIN_DEPTH = ParameterSpec.number("min-depth", "Min depth",
            ValidMask.DEFAULT_MIN_DEPTH).placeholder("D")
            .help("Smallest valid ground-truth depth, in its unit (> 0; FOSSA: 0.01 m)");
    public static final ParameterSpec<Double> MAX_DEPTH = ParameterSpec.number("max-depth", "Max depth",
            ValidMask.DEFAULT_MAX_DEPTH).placeholder("D")
            .help("Largest valid ground-truth depth (> the min depth; FOSSA: 1000 m)");
    public static final ParameterSpec<String> DISPARITY = ParameterSpec.choice("disparity", "Disparity", "none",
            List.of("none", "ddff12")).placeholder("CONVENTION").spellings(DepthEvaluator::disparityKey)
            .help("Compute the metrics on disparity instead of depth: ddff12 maps both maps to 521.4052 px * "
                    + "0.0002708787 m / depth (DDFF-12's convention); none keeps depth. The valid range still "
                    + "applies to depth");
    public static final ParameterSpec<Boolean> IGNORE_INVALID_PRED = ParameterSpec.flag("ignore-invalid-pred",
            "Ignore invalid prediction")
            .help("Leave out pixels whose prediction is NaN, infinite or <= 0 (they are counted and reported) "
                    + "instead of failing");

    /** The evaluation's parameters, in the order front ends show them. */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(MIN_DEPTH, MAX_DEPTH, DISPARITY,
            IGNORE_INVALID_PRED);

    private final double minDepth;
    private final double maxDepth;
    private final EvaluationSpace space;
    private final boolean ignoreInvalidPrediction;

    public DepthEvaluator(double minDepth, double maxDepth, EvaluationSpace space, boolean ignoreInvalidPrediction) {
        ValidMask.checkRange(minDepth, maxDepth, MIN_DEPTH.id(), MAX_DEPTH.id());
        this.minDepth = minDepth;
        this.maxDepth = maxDepth;
        this.space = space;
        this.ignoreInvalidPrediction = ignoreInvalidPrediction;
    }

    /** FOSSA's defaults: depth in [0.01, 1000] m, metrics on depth, invalid predictions rejected. */
    public static DepthEvaluator defaults() {
        return new DepthEvaluator(ValidMask.DEFAULT_MIN_DEPTH, ValidMask.DEFAULT_MAX_DEPTH, EvaluationSpace.DEPTH,
                false);
    }

    /** An evaluator from harvested values; absent parameters take their declared defaults. */
    public static DepthEvaluator from(ParameterValues v) {
        return new DepthEvaluator(v.get(MIN_DEPTH), v.get(MAX_DEPTH), EvaluationSpace.parse(v.get(DISPARITY),
                DISPARITY.id()), v.get(IGNORE_INVALID_PRED));
    }

    /* Every spelling EvaluationSpace knows, with its message for the others. */
    private static String disparityKey(String text) {
        return EvaluationSpace.parse(text, DISPARITY.id()) == EvaluationSpace.DEPTH ? "none" : "ddff12";
    }

    public EvaluationSpace space() {
        return space;
    }

    /** Reads the files ({@code mask} may be null) and evaluates them. */
    public ImageEvaluation evaluate(String name, Path prediction, Path groundTruth, Path mask) {
        DepthMap gt = DepthMapReader.readDepth(groundTruth, "gt");
        DepthMap pred = DepthMapReader.readDepth(prediction, "pred");
        DepthMap m = mask == null ? null : DepthMapReader.readMask(mask, "mask");
        return evaluate(name, pred, gt, m);
    }

    /** Evaluates maps already read; {@code mask} may be null (nonzero = valid). */
    public ImageEvaluation evaluate(String name, DepthMap prediction, DepthMap groundTruth, DepthMap mask) {
        if (!prediction.sameSize(groundTruth)) {
            throw new BadInputException("prediction " + prediction.source() + " is " + prediction.size()
                    + " but ground truth " + groundTruth.source() + " is " + groundTruth.size()
                    + " (expected the same size)");
        }
        if (mask != null && !mask.sameSize(groundTruth)) {
            throw new BadInputException("mask " + mask.source() + " is " + mask.size() + " but ground truth "
                    + groundTruth.source() + " is " + groundTruth.size() + " (expected the same size)");
        }
        ValidMask valid = ValidMask.of(prediction, groundTruth, mask, minDepth, maxDepth, ignoreInvalidPrediction);
        DepthMetrics metrics = DepthMetrics.compute(prediction, groundTruth, valid, space);
        return new ImageEvaluation(name, prediction.source(), groundTruth.source(),
                mask == null ? null : mask.source(), metrics, valid.excludedPredictions());
    }
}
