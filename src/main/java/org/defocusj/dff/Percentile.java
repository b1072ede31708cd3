package org.defocusj.dff;

import java.util.Arrays;

/** Approximate percentiles of large maps from a regular subsample (exact for maps under the sample size). */
final class Percentile {

    private static final int SAMPLE = 1 << 18;

    private Percentile() {
    }

    /** The q-quantile (0..1) of the finite values, or 0 if there are none. */
    static double of(float[] values, double q) {
        int step = Math.max(1, values.length / SAMPLE);
        float[] sample = new float[(values.length + step - 1) / step];
        int k = 0;
        for (int i = 0; i < values.length; i += step) {
            if (Float.isFinite(values[i])) {
                sample[k++] = values[i];
            }
        }
        if (k == 0) {
            return 0;
        }
        Arrays.sort(sample, 0, k);
        return sample[(int) Math.min(k - 1, Math.round(q * (k - 1)))];
    }
}
