package org.defocusj.eval;

/** The result of evaluating one prediction: what was compared, the metrics, and pixels left out. */
public final class ImageEvaluation {

    private final String name;
    private final String prediction;
    private final String groundTruth;
    private final String mask;
    private final DepthMetrics metrics;
    private final long excludedPredictions;

    public ImageEvaluation(String name, String prediction, String groundTruth, String mask, DepthMetrics metrics,
            long excludedPredictions) {
        this.name = name;
        this.prediction = prediction;
        this.groundTruth = groundTruth;
        this.mask = mask;
        this.metrics = metrics;
        this.excludedPredictions = excludedPredictions;
    }

    /** Short name (the file's base name). */
    public String name() {
        return name;
    }

    /** The prediction's file. */
    public String prediction() {
        return prediction;
    }

    /** The ground truth's file. */
    public String groundTruth() {
        return groundTruth;
    }

    /** The mask's file, or null. */
    public String mask() {
        return mask;
    }

    public DepthMetrics metrics() {
        return metrics;
    }

    /** Valid ground-truth pixels left out because the prediction there was NaN, infinite or <= 0. */
    public long excludedPredictions() {
        return excludedPredictions;
    }
}
