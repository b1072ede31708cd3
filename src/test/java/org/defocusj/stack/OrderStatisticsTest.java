package org.defocusj.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.defocusj.io.DepthPng;
import org.junit.jupiter.api.Test;

/** Exact order statistics against a sort of the finite values, whatever the histogram's range. */
class OrderStatisticsTest {

    /** Smooth values, runs of equal values, NaN and infinities (left out), a far outlier. */
    private static float[] map(int w, int h, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[w * h];
        for (int i = 0; i < v.length; i++) {
            double r = rnd.nextDouble();
            v[i] = r < 0.02 ? Float.NaN : r < 0.025 ? Float.POSITIVE_INFINITY : r < 0.2 ? 2.5f
                    : (float) (Math.sin(i / 97.0) + 0.1 * (rnd.nextDouble() - 0.5));
        }
        v[w * h / 2] = 1e6f;
        return v;
    }

    private static float[] sortedFinite(float[] v) {
        float[] f = new float[v.length];
        int n = 0;
        for (float x : v) {
            if (Float.isFinite(x)) {
                f[n++] = x;
            }
        }
        return Arrays.copyOf(f, n);
    }

    @Test
    void ranksMatchASortForExactGuessedAndPointRanges() {
        int w = 230;
        int h = 170;
        float[] v = map(w, h, 3);
        float[] sorted = sortedFinite(v);
        Arrays.sort(sorted);
        int n = sorted.length;
        long[] ranks = {0, 1, n / 100, n / 3, n / 2, n / 2 + 1, n - 2, n - 1, 17, n / 2};
        double[] expected = new double[ranks.length];
        for (int k = 0; k < ranks.length; k++) {
            expected[k] = sorted[(int) ranks[k]];
        }
        // The exact range; a guess far too narrow (most values in the bins outside it); a single point.
        double[][] ranges = {{sorted[0], sorted[n - 1]}, {0.2, 0.3}, {2.5, 2.5}};
        for (double[] r : ranges) {
            for (int bins : new int[] {1, 7, 4096}) {
                OrderStatistics s = new OrderStatistics(v, w, h, 5, r[0], r[1], bins).countAll();
                assertEquals(n, s.count());
                assertArrayEquals(expected, s.at(ranks), "range " + Arrays.toString(r) + ", " + bins + " bins");
            }
        }
        OrderStatistics s = new OrderStatistics(v, w, h, 5, 0, 1, 16).countAll();
        assertThrows(IllegalArgumentException.class, () -> s.at(new long[] {n}));
    }

    /** The depth PNGs' 1st..99th percentile range is the sorted values' at the rounded ranks. */
    @Test
    void displayRangeIsTheSortedPercentiles() {
        float[] v = map(512, 300, 9);
        float[] sorted = sortedFinite(v);
        Arrays.sort(sorted);
        int n = sorted.length;
        assertArrayEquals(new double[] {sorted[(int) Math.round(0.01 * (n - 1))], sorted[(int) Math.round(0.99 * (n - 1))]},
                DepthPng.displayRange(v));
        assertArrayEquals(new double[] {0, 1}, DepthPng.displayRange(new float[] {Float.NaN, Float.NaN}));
        double[] flat = DepthPng.displayRange(new float[] {4, 4, Float.NaN, 4});
        assertEquals(4 - 4e-3, flat[0], 1e-12);
        assertEquals(4 + 4e-3, flat[1], 1e-12);
    }
}
