package org.defocusj.dff;

import java.util.Arrays;

import org.defocusj.stack.PlaneReader;

/**
 * The slices of another reader smoothed by the separable 3 x 3 filter {@code [1 3 1] / 5} down and across, for
 * measures that smooth before their derivatives ({@link FocusMeasure#smoothsFirst()}). The centre weight 3
 * (between 2, the binomial filter, and plain SML) was chosen on scripts/eval-real-like: binomial smoothing cost
 * the clean set 2.1 % abs_rel, 3 costs 0.7 % and keeps most of the gain on the degraded set (README, Real-like
 * stacks).
 *
 * <p>Rows and columns outside the image repeat the edge ones, so a row depends only on the image, not on which
 * part of it a tile reads. Samples come {@link #GAIN} times larger (the filter's sum, not its mean), so that
 * integers stay exact, with {@link #integerLimit()} that many times the source's, and float samples give the
 * same values as integer ones. A non-finite float sample stays non-finite (so masks and counts of non-finite
 * samples are the source's), and is left out of its neighbours' smoothing, whose weights are renormalised.
 *
 * <p>Each row read reads three rows of the source. Not safe for several threads: each worker makes its own.
 */
final class SmoothedReader implements PlaneReader {

    /** The filter's centre weight; its side weights are 1. */
    static final int CENTRE = 3;
    /** The sum of the 2-D filter's weights, by which rows are scaled. */
    static final int GAIN = (CENTRE + 2) * (CENTRE + 2);

    private final PlaneReader source;
    private final int w;
    private final int h;
    private final int[][] intRows;
    private final float[][] floatRows;
    private final float[] scratch;
    /** Sums of weights over finite samples, for the renormalised smoothing next to non-finite ones. */
    private final int[] weights;
    /** The vertical pass of float rows. */
    private final double[] vertical;

    SmoothedReader(PlaneReader source, int w, int h) {
        this.source = source;
        this.w = w;
        this.h = h;
        intRows = source.integerLimit() > 0 ? new int[3][w + 2] : null;
        floatRows = new float[3][w + 2];
        scratch = new float[w];
        weights = new int[w + 2];
        vertical = new double[w + 2];
    }

    @Override
    public int integerLimit() {
        int limit = source.integerLimit();
        return limit > 0 && (long) limit * GAIN <= Integer.MAX_VALUE ? limit * GAIN : 0;
    }

    @Override
    public void readRows(int c, int z, int y0, int y1, float[] dst, int offset) {
        for (int y = y0; y < y1; y++) {
            readRowPart(c, z, y, 0, w, dst, offset + (y - y0) * w, null);
        }
    }

    @Override
    public void readRowPart(int c, int z, int y, int x0, int x1, float[] dst, int offset, float[] rowScratch) {
        int a = Math.max(0, x0 - 1);
        int b = Math.min(w, x1 + 1);
        int first = 1 + a - x0;
        int n = x1 - x0 + 2;
        boolean finite = true;
        for (int k = 0; k < 3; k++) {
            float[] row = floatRows[k];
            source.readRowPart(c, z, clampRow(y + k - 1), a, b, row, first, scratch);
            pad(row, first, first + b - a, n);
            for (int i = 0; i < n; i++) {
                finite &= Math.abs(row[i]) <= Float.MAX_VALUE;
            }
        }
        if (!finite) {
            smoothMasked(x1 - x0, dst, offset);
            return;
        }
        float[] up = floatRows[0];
        float[] mid = floatRows[1];
        float[] dn = floatRows[2];
        // Vertical pass, then horizontal, in double: each smoothed sample is its exact sum rounded once.
        double[] v = vertical;
        for (int i = 0; i < n; i++) {
            v[i] = (double) up[i] + CENTRE * (double) mid[i] + dn[i];
        }
        for (int i = 0; i < x1 - x0; i++) {
            dst[offset + i] = (float) (v[i] + CENTRE * v[i + 1] + v[i + 2]);
        }
    }

    /** The smoothing of {@link #floatRows} over their finite samples only, scaled back to the full weight. */
    private void smoothMasked(int tw, float[] dst, int offset) {
        float[] up = floatRows[0];
        float[] mid = floatRows[1];
        float[] dn = floatRows[2];
        boolean[] centreBad = new boolean[tw];
        for (int i = 0; i < tw; i++) {
            centreBad[i] = !(Math.abs(mid[i + 1]) <= Float.MAX_VALUE);
        }
        double[] v = vertical;
        for (int i = 0; i < tw + 2; i++) {
            double s = 0;
            int ws = 0;
            float[] col = {up[i], mid[i], dn[i]};
            for (int k = 0; k < 3; k++) {
                if (Math.abs(col[k]) <= Float.MAX_VALUE) {
                    int wk = k == 1 ? CENTRE : 1;
                    s += wk * (double) col[k];
                    ws += wk;
                }
            }
            v[i] = s;
            weights[i] = ws;
        }
        for (int i = 0; i < tw; i++) {
            double s = v[i] + CENTRE * v[i + 1] + v[i + 2];
            int ws = weights[i] + CENTRE * weights[i + 1] + weights[i + 2];
            dst[offset + i] = centreBad[i] ? Float.NaN : (float) (s * GAIN / ws);
        }
    }

    @Override
    public void readRowPart(int c, int z, int y, int x0, int x1, int[] dst, int offset) {
        int a = Math.max(0, x0 - 1);
        int b = Math.min(w, x1 + 1);
        int first = 1 + a - x0;
        int n = x1 - x0 + 2;
        for (int k = 0; k < 3; k++) {
            int[] row = intRows[k];
            source.readRowPart(c, z, clampRow(y + k - 1), a, b, row, first);
            pad(row, first, first + b - a, n);
        }
        int[] up = intRows[0];
        int[] mid = intRows[1];
        int[] dn = intRows[2];
        for (int i = 0; i < n; i++) {
            up[i] = up[i] + CENTRE * mid[i] + dn[i];
        }
        for (int i = 0; i < x1 - x0; i++) {
            dst[offset + i] = up[i] + CENTRE * up[i + 1] + up[i + 2];
        }
    }

    /** Repeats the edge samples of {@code row[from, to)} into {@code [0, from)} and {@code [to, len)}. */
    private static void pad(float[] row, int from, int to, int len) {
        Arrays.fill(row, 0, from, row[from]);
        Arrays.fill(row, to, len, row[to - 1]);
    }

    private static void pad(int[] row, int from, int to, int len) {
        Arrays.fill(row, 0, from, row[from]);
        Arrays.fill(row, to, len, row[to - 1]);
    }

    private int clampRow(int y) {
        return Math.min(h - 1, Math.max(0, y));
    }
}
