package org.defocusj.dff;

import java.util.Arrays;

/**
 * The running per-pixel state of one tile while its slices stream past: the peak measure, its slice, the
 * measures of the slices just before and after it (all that peak interpolation needs), the flat top around it
 * (slices about as sharp, whose middle is the depth), the sum of all
 * measures, and the all-in-focus accumulators. Tile-sized, so it stays in cache for all slices of a tile.
 *
 * <p>Two ways to feed it, with the same result: {@link #update(int, int[], int, int)} for exact integer measures
 * without all-in-focus, its peak loop written without branches so that it vectorizes (the comparison with the
 * peak is unpredictable, and this is the innermost loop of depth from focus; the flat top has a loop of its own),
 * and
 * {@link #update(int, float[], float[][], int, int)} for everything else.
 *
 * <p>For samples that may be NaN or infinite ({@code masked}), {@link #update(int, float[], float[][], boolean[],
 * int, int)} also learns which pixels are non-finite in which slice. Their (masked, always finite) measures still
 * shape the focus curve, but the all-in-focus takes only the slices where the pixel itself is valid, weighted
 * against the best of those, so that it is never NaN where a valid slice exists; a pixel valid in no slice
 * has no depth ({@link #hasValidSlice}).
 */
final class PeakTracker {

    /**
     * How far below the peak a slice's measure may lie and still count as part of the flat top (see
     * {@link #runStart}): {@code floor(peak / 2^FLAT_TOLERANCE_SHIFT)}, that is 12.5 %. Chosen on
     * scripts/eval-real-like among 0, 3.1, 6.25, 9.4, 12.5, 18.75 and 25 % (README, Real-like stacks): the
     * measures over the depth of field of a degraded stack there (noise sigma 2, JPEG 90, 6 % exposure drift)
     * lie 6-8 % below their peak on average; more tolerance helped the degraded stacks a little more but cost
     * boundary F1 and clean accuracy.
     */
    static final int FLAT_TOLERANCE_SHIFT = 3;

    private final int nC;
    private final AllInFocusMode aifMode;
    private final double aifExponent;
    private final boolean exact;
    private int len;

    // State of exact updates.
    private final int[] bestI;
    private final int[] beforeI;
    private final int[] afterI;
    private final int[] prevI;
    /** Exact sums of the measures of the last few slices; moved to {@link #sumLong} before they could overflow. */
    private final int[] sumI;
    private final long[] sumLong;
    private final int slicesPerFlush;

    // State of float updates.
    private final float[] best;
    private final float[] before;
    private final float[] after;
    private final float[] prev;
    private final float[] weightSum;
    /** All-in-focus accumulators, per channel. */
    private final float[][] aif;

    private final int[] index;
    /**
     * The flat top around the peak: the run of consecutive slices {@code [runStart, runEnd]}, the peak's among
     * them, whose measures lie within {@link #FLAT_TOLERANCE_SHIFT 12.5 %} of the peak, and the smallest measure in it (as int
     * for exact updates, else as float). A flat top means the pixel looks about equally sharp in all of them (its
     * blur stays below what the measure resolves: inside the depth of field); noise, JPEG and exposure drift
     * make the measures there differ a little, so the first maximum alone would fall anywhere in that range.
     *
     * <p>The run is followed as the slices stream past, with O(1) state: forward, a slice within tolerance of
     * the peak extends a run that reaches the slice before it. When a new peak arrives, its run keeps the old
     * run if that reaches the slice before and all of it is within tolerance of the new peak, else it starts
     * at the slice before if that one is within tolerance, else at the new peak itself (slices further back are
     * not remembered; see {@link #flatStart}).
     */
    private final int[] runStart;
    private final int[] runEnd;
    private final int[] runMinI;
    private final float[] runMin;
    private final float[] sum;

    // State of masked updates.
    /** Slices in which the pixel was non-finite. */
    private final int[] invalidSlices;
    /** The peak over the slices where the pixel is valid, which the all-in-focus weights are relative to. */
    private final float[] bestValid;

    /**
     * @param exact      whether updates come as exact ints (only without all-in-focus)
     * @param maxMeasure bound of the exact measures (unused if not exact)
     * @param masked     whether pixels may be non-finite (float updates only)
     */
    PeakTracker(int maxLen, int nC, AllInFocusMode aifMode, double aifExponent, boolean exact, long maxMeasure,
            boolean masked) {
        if (exact && aifMode != AllInFocusMode.NONE) {
            throw new IllegalArgumentException("exact updates keep no all-in-focus");
        }
        if (exact && masked) {
            throw new IllegalArgumentException("exact updates come from integer samples, which are all valid");
        }
        this.nC = nC;
        this.aifMode = aifMode;
        this.aifExponent = aifExponent;
        this.exact = exact;
        bestI = exact ? new int[maxLen] : null;
        beforeI = exact ? new int[maxLen] : null;
        afterI = exact ? new int[maxLen] : null;
        prevI = exact ? new int[maxLen] : null;
        sumI = exact ? new int[maxLen] : null;
        sumLong = exact ? new long[maxLen] : null;
        slicesPerFlush = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Integer.MAX_VALUE / Math.max(1, maxMeasure)));
        best = exact ? null : new float[maxLen];
        before = exact ? null : new float[maxLen];
        after = exact ? null : new float[maxLen];
        prev = exact ? null : new float[maxLen];
        weightSum = aifMode == AllInFocusMode.WEIGHTED ? new float[maxLen] : null;
        aif = aifMode == AllInFocusMode.NONE ? null : new float[nC][maxLen];
        index = new int[maxLen];
        runStart = new int[maxLen];
        runEnd = new int[maxLen];
        runMinI = exact ? new int[maxLen] : null;
        runMin = exact ? null : new float[maxLen];
        sum = exact ? null : new float[maxLen];
        invalidSlices = masked ? new int[maxLen] : null;
        bestValid = masked && aifMode != AllInFocusMode.NONE ? new float[maxLen] : null;
    }

    /** Starts a tile of {@code len} pixels. */
    void reset(int len) {
        this.len = len;
        if (exact) {
            // Below every measure (all are >= 0), so slice 0 becomes the peak without a special case.
            Arrays.fill(bestI, 0, len, -1);
            // Below every threshold, so that no flat top reaches back from slice 0; and no run ends at slice -1.
            Arrays.fill(prevI, 0, len, -1);
            Arrays.fill(runEnd, 0, len, -2);
            Arrays.fill(sumI, 0, len, 0);
            Arrays.fill(sumLong, 0, len, 0);
        } else {
            Arrays.fill(sum, 0, len, 0f);
        }
        if (invalidSlices != null) {
            Arrays.fill(invalidSlices, 0, len, 0);
        }
        if (weightSum != null) {
            Arrays.fill(weightSum, 0, len, 0f);
            for (float[] a : aif) {
                Arrays.fill(a, 0, len, 0f);
            }
        }
    }

    /**
     * Takes slice {@code z}'s exact measures of the tile pixels {@code [from, to)}, found at the same positions
     * of {@code m}: with one index for every array the loop vectorizes (C2 gives up when one array is offset
     * from the others, and when the loop mixes int and float work). Each select is a mask from a sign: {@code gt} is -1 where the measure beats the peak
     * (both are below 2^31, so the difference cannot overflow), {@code next} is -1 where the peak is the
     * previous slice.
     */
    void update(int z, int[] m, int from, int to) {
        flatTop(z, m, from, to);
        int[] bst = bestI;
        int[] idx = index;
        int[] bef = beforeI;
        int[] aft = afterI;
        int[] prv = prevI;
        int[] sm = sumI;
        int zPrev = z - 1;
        for (int k = from; k < to; k++) {
            int v = m[k];
            int b = bst[k];
            int gt = (b - v) >> 31;
            int d = idx[k] - zPrev;
            int next = ((d - 1) & ~d) >> 31;
            // Where the peak moves to z this stores a stale value, but slice z + 1 overwrites it (or, at the
            // last slice, it is never read).
            aft[k] ^= (aft[k] ^ v) & next;
            bef[k] ^= (bef[k] ^ prv[k]) & gt;
            idx[k] ^= (idx[k] ^ z) & gt;
            bst[k] = b ^ ((b ^ v) & gt);
            prv[k] = v;
            sm[k] += v;
        }
        if ((z + 1) % slicesPerFlush == 0) {
            for (int k = from; k < to; k++) {
                sumLong[k] += sm[k];
                sm[k] = 0;
            }
        }
    }

    /**
     * The flat top's part of {@link #update(int, int[], int, int)}, before the peak takes slice {@code z}, in a
     * loop of its own and with branches: most slices of most pixels are neither a new peak nor within tolerance
     * of it, so the branches are mostly predicted, while the same logic as masks in the peak's loop cost about
     * about twice as much on random 8-bit stacks, the worst case for prediction (1536 x 1536 x 24, one thread,
     * window aggregation, the whole command: 1.10 s without the flat top, 1.38 s with it as masks, 1.26 s so).
     */
    private void flatTop(int z, int[] m, int from, int to) {
        int[] bst = bestI;
        int[] prv = prevI;
        int[] rs = runStart;
        int[] re = runEnd;
        int[] rm = runMinI;
        int zPrev = z - 1;
        for (int k = from; k < to; k++) {
            int v = m[k];
            int b = bst[k];
            if (v > b) {
                int tv = v - (v >> FLAT_TOLERANCE_SHIFT);
                if (re[k] == zPrev && rm[k] >= tv) {
                    re[k] = z;
                } else if (prv[k] >= tv) {
                    rs[k] = zPrev;
                    re[k] = z;
                    rm[k] = prv[k];
                } else {
                    rs[k] = z;
                    re[k] = z;
                    rm[k] = v;
                }
            } else if (v >= b - (b >> FLAT_TOLERANCE_SHIFT) && re[k] == zPrev) {
                re[k] = z;
                rm[k] = Math.min(rm[k], v);
            }
        }
    }

    /**
     * Takes slice {@code z}'s measures {@code m[0, n)} of the tile pixels from {@code at}, with the pixels'
     * values per channel {@code px[c][0, n)} for the all-in-focus (null without).
     */
    void update(int z, float[] m, float[][] px, int at, int n) {
        double k = aifExponent;
        for (int i = 0; i < n; i++) {
            int t = at + i;
            float v = m[i];
            sum[t] += v;
            // Kept as it was before masking existed: integer stacks with an all-in-focus run this loop, which
            // is sensitive to how its one unpredictable comparison with the peak compiles.
            if (z == 0 || v > best[t]) {
                if (weightSum != null && z > 0) {
                    // Weights are relative to the peak: rescale what was accumulated against the old one.
                    float scale = (float) ratioPower(best[t], v, k);
                    weightSum[t] *= scale;
                    for (int c = 0; c < nC; c++) {
                        aif[c][t] *= scale;
                    }
                }
                startRun(t, z, v);
                best[t] = v;
                index[t] = z;
                before[t] = z == 0 ? Float.NaN : prev[t];
                after[t] = Float.NaN;
                if (aifMode == AllInFocusMode.SHARPEST) {
                    for (int c = 0; c < nC; c++) {
                        aif[c][t] = px[c][i];
                    }
                }
            } else {
                extendRun(t, z, v);
            }
            if (weightSum != null) {
                float wgt = best[t] > 0 ? (float) ratioPower(v, best[t], k) : 1f;
                weightSum[t] += wgt;
                for (int c = 0; c < nC; c++) {
                    aif[c][t] += wgt * px[c][i];
                }
            }
            prev[t] = v;
        }
    }

    /** Takes measure {@code v} of slice {@code z} into pixel {@code t}'s sum, peak and the peak's neighbours (masked updates). */
    private void trackPeak(int t, int z, float v) {
        sum[t] += v;
        if (z == 0 || v > best[t]) {
            startRun(t, z, v);
            best[t] = v;
            index[t] = z;
            before[t] = z == 0 ? Float.NaN : prev[t];
            after[t] = Float.NaN;
        } else {
            extendRun(t, z, v);
        }
        prev[t] = v;
    }

    /** The flat top of a new peak v at slice z (float updates; before the peak and the previous slice move on). */
    private void startRun(int t, int z, float v) {
        if (z > 0) {
            float tv = threshold(v);
            if (runEnd[t] == z - 1 && runMin[t] >= tv) {
                runEnd[t] = z;
                return;
            }
            if (prev[t] >= tv) {
                runStart[t] = z - 1;
                runEnd[t] = z;
                runMin[t] = prev[t];
                return;
            }
        }
        runStart[t] = z;
        runEnd[t] = z;
        runMin[t] = v;
    }

    /** Slice z's measure v, not above the peak: the peak's right neighbour, and the flat top's extension. */
    private void extendRun(int t, int z, float v) {
        if (index[t] == z - 1) {
            after[t] = v;
        }
        if (runEnd[t] == z - 1 && v >= threshold(best[t])) {
            runEnd[t] = z;
            runMin[t] = Math.min(runMin[t], v);
        }
    }

    /**
     * The lowest measure within the tolerance of a peak {@code b} ({@link #FLAT_TOLERANCE_SHIFT}):
     * {@code b - floor(b / 8)}, which for whole numbers is what exact updates compute with a shift, so that both
     * kinds agree.
     */
    private static float threshold(float b) {
        return b - (float) Math.floor(b * (1f / (1 << FLAT_TOLERANCE_SHIFT)));
    }

    /**
     * {@link #update(int, float[], float[][], int, int)} where pixels may be non-finite: {@code invalid[i]} is
     * true where pixel {@code i}'s own sample is (null: nowhere in this row). Needs {@code masked}; on data
     * without invalid pixels it gives exactly what the plain update gives.
     */
    void update(int z, float[] m, float[][] px, boolean[] invalid, int at, int n) {
        double k = aifExponent;
        for (int i = 0; i < n; i++) {
            int t = at + i;
            float v = m[i];
            trackPeak(t, z, v);
            if (invalid != null && invalid[i]) {
                invalidSlices[t]++;
                continue;
            }
            if (bestValid == null) {
                continue;
            }
            boolean firstValid = invalidSlices[t] == z;
            if (firstValid || v > bestValid[t]) {
                if (weightSum != null && !firstValid) {
                    rescaleAllInFocus(t, (float) ratioPower(bestValid[t], v, k));
                }
                bestValid[t] = v;
                if (aifMode == AllInFocusMode.SHARPEST) {
                    takeAllInFocus(t, px, i);
                }
            }
            if (weightSum != null) {
                addToAllInFocus(t, bestValid[t] > 0 ? (float) ratioPower(v, bestValid[t], k) : 1f, px, i);
            }
        }
    }

    private void rescaleAllInFocus(int t, float scale) {
        weightSum[t] *= scale;
        for (int c = 0; c < nC; c++) {
            aif[c][t] *= scale;
        }
    }

    private void takeAllInFocus(int t, float[][] px, int i) {
        for (int c = 0; c < nC; c++) {
            aif[c][t] = px[c][i];
        }
    }

    private void addToAllInFocus(int t, float wgt, float[][] px, int i) {
        weightSum[t] += wgt;
        for (int c = 0; c < nC; c++) {
            aif[c][t] += wgt * px[c][i];
        }
    }

    /** False if the pixel was non-finite in every one of the {@code slices} slices (only masked updates tell). */
    boolean hasValidSlice(int t, int slices) {
        return invalidSlices == null || invalidSlices[t] < slices;
    }

    int peakIndex(int t) {
        return index[t];
    }

    /**
     * First slice of the flat top around the peak ({@link #peakIndex} where the top is not flat). Slices before
     * the one preceding a new peak are not remembered, so a flat top that a later, higher peak within it
     * splits starts no earlier than the slice before that peak unless all of its earlier part is within
     * tolerance of the new peak too.
     */
    int flatStart(int t) {
        return runStart[t];
    }

    /** Last slice of the flat top around the peak ({@link #peakIndex} where the top is not flat). */
    int flatEnd(int t) {
        return runEnd[t];
    }

    float peak(int t) {
        return exact ? bestI[t] : best[t];
    }

    /** Measure of the slice before the peak; meaningful only if the peak is not the first slice. */
    float beforePeak(int t) {
        return exact ? beforeI[t] : before[t];
    }

    /** Measure of the slice after the peak; meaningful only if the peak is not the last slice. */
    float afterPeak(int t) {
        return exact ? afterI[t] : after[t];
    }

    /** Sum of the measures of all slices (exact ints are summed exactly, then rounded). */
    float sum(int t) {
        return exact ? (float) (sumLong[t] + sumI[t]) : sum[t];
    }

    /** The all-in-focus value of channel c (normalised if weighted); needs an all-in-focus mode. */
    float allInFocus(int c, int t) {
        return weightSum != null ? aif[c][t] / weightSum[t] : aif[c][t];
    }

    int length() {
        return len;
    }

    /** (a / b)^k, with the common integer exponents done by multiplication. */
    static double ratioPower(double a, double b, double k) {
        double q = a / b;
        if (k == 4) {
            double q2 = q * q;
            return q2 * q2;
        }
        if (k == 2) {
            return q * q;
        }
        if (k == 1) {
            return q;
        }
        return Math.pow(q, k);
    }
}
