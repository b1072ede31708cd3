package org.defocusj.eval;

import java.nio.file.Path;

import org.defocusj.BadInputException;
import org.defocusj.io.DepthMapReader;
import org.defocusj.stack.DepthMap;

/**
 * Evaluates predictions against ground truth with fixed settings: valid depth range, optional disparity
 * space, and whether invalid predictions inside the valid region are excluded or rejected.
 */
public final class DepthEvaluator {

    private final double minDepth;
    private final double maxDepth;
    private final EvaluationSpace space;
    private final boolean ignoreInvalidPrediction;

    public DepthEvaluator(double minDepth, double maxDepth, EvaluationSpace space, boolean ignoreInvalidPrediction) {
        ValidMask.checkRange(minDepth, maxDepth, "min-depth", "max-depth");
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
