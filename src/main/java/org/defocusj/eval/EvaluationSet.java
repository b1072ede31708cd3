package org.defocusj.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Per-image evaluations of a data set and their aggregate: as in FOSSA (and most depth benchmarks), a data
 * set's figure is the mean of the per-image figures, not the metric over all pixels pooled (so rmse is the
 * mean of per-image rmse). The mean's valid-pixel count is the total over the images.
 */
public final class EvaluationSet {

    private final List<ImageEvaluation> images = new ArrayList<>();

    public void add(ImageEvaluation image) {
        images.add(image);
    }

    public List<ImageEvaluation> images() {
        return Collections.unmodifiableList(images);
    }

    public int size() {
        return images.size();
    }

    /** The mean of the per-image figures. */
    public DepthMetrics mean() {
        if (images.isEmpty()) {
            throw new IllegalStateException("no images evaluated");
        }
        double[] sum = new double[DepthMetrics.KEYS.size()];
        long pixels = 0;
        for (ImageEvaluation e : images) {
            double[] v = e.metrics().values();
            for (int k = 0; k < sum.length; k++) {
                sum[k] += v[k];
            }
            pixels += e.metrics().validPixels();
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= images.size();
        }
        return new DepthMetrics(sum, pixels);
    }
}
