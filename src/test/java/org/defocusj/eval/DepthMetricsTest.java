package org.defocusj.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Every metric against answers worked out by hand on tiny maps, and against a plain re-implementation. */
class DepthMetricsTest {

    private static final double TOL = 1e-12;

    private static boolean[] all(int n) {
        boolean[] v = new boolean[n];
        Arrays.fill(v, true);
        return v;
    }

    @Test
    void keysAreTheReferenceTable() {
        assertEquals(Arrays.asList("d1_05", "d1_15", "d1", "d2", "d3", "abs_rel", "sq_rel", "mse", "rmse",
                "rmse_log", "log10", "silog", "F1"), DepthMetrics.KEYS);
    }

    /**
     * 2 x 2, every value exact in float:
     * <pre>
     *   t = 1     2        p = 1     2.25
     *       4     8            5     4
     * r = max(t/p, p/t) = 1, 1.125, 1.25, 2
     * d = p - t         = 0, 0.25,  1,   -4
     * </pre>
     */
    @Test
    void handComputedTwoByTwo() {
        float[] t = {1, 2, 4, 8};
        float[] p = {1, 2.25f, 5, 4};
        DepthMetrics m = DepthMetrics.compute(p, t, all(4), 2, 2, EvaluationSpace.DEPTH);
        assertEquals(4, m.validPixels());
        // r < 1.05: only r = 1 -> 1/4. r < 1.15: 1, 1.125 -> 2/4. r < 1.25 is strict: 1.25 does not count -> 2/4.
        assertEquals(0.25, m.get("d1_05"), TOL);
        assertEquals(0.5, m.get("d1_15"), TOL);
        assertEquals(0.5, m.get("d1"), TOL);
        // 1.25^2 = 1.5625 takes 1.25 -> 3/4; 1.25^3 = 1.953125 < 2 -> still 3/4.
        assertEquals(0.75, m.get("d2"), TOL);
        assertEquals(0.75, m.get("d3"), TOL);
        // |d|/t = 0, 0.125, 0.25, 0.5 -> 0.875 / 4
        assertEquals(0.21875, m.get("abs_rel"), TOL);
        // d^2/t = 0, 0.03125, 0.25, 2 -> 2.28125 / 4
        assertEquals(0.5703125, m.get("sq_rel"), TOL);
        // d^2 = 0, 0.0625, 1, 16 -> 17.0625 / 4
        assertEquals(4.265625, m.get("mse"), TOL);
        assertEquals(Math.sqrt(4.265625), m.get("rmse"), TOL); // 2.065339...
        // g = ln p - ln t = 0, ln 1.125, ln 1.25, -ln 2
        double g1 = Math.log(1.125);
        double g2 = Math.log(1.25);
        double g3 = -Math.log(2);
        double meanG2 = (g1 * g1 + g2 * g2 + g3 * g3) / 4; // (0.013873 + 0.049793 + 0.480453) / 4 = 0.136030
        assertEquals(Math.sqrt(meanG2), m.get("rmse_log"), TOL); // 0.368823
        // |log10 p - log10 t| sums to log10(1.125 * 1.25 * 2) = log10(2.8125) = 0.449093
        assertEquals(Math.log10(2.8125) / 4, m.get("log10"), TOL);
        double meanG = (g1 + g2 + g3) / 4; // ln(1.125 * 1.25 / 2) / 4 = ln(0.703125) / 4 = -0.088055
        assertEquals(Math.sqrt(meanG2 - 0.5 * meanG * meanG), m.get("silog"), TOL); // 0.363529
        assertEquals(0.3635289, m.get("silog"), 1e-6);
        assertEquals(0.3688226, m.get("rmse_log"), 1e-6);
    }

    /** A prediction twice the truth: every ratio is 2 and g = ln 2 everywhere. */
    @Test
    void uniformScaleError() {
        float[] t = {1, 2, 3, 4, 5, 6};
        float[] p = new float[6];
        for (int i = 0; i < 6; i++) {
            p[i] = 2 * t[i];
        }
        DepthMetrics m = DepthMetrics.compute(p, t, all(6), 3, 2, EvaluationSpace.DEPTH);
        for (String k : new String[] {"d1_05", "d1_15", "d1", "d2", "d3"}) {
            assertEquals(0, m.get(k), TOL, k); // 2 > 1.953125
        }
        assertEquals(1, m.get("abs_rel"), TOL); // |2t - t| / t
        assertEquals(3.5, m.get("sq_rel"), TOL); // mean(t) = 21 / 6
        assertEquals(91.0 / 6, m.get("mse"), TOL); // mean(t^2) = (1+4+9+16+25+36) / 6
        assertEquals(Math.log(2), m.get("rmse_log"), TOL);
        assertEquals(Math.log10(2), m.get("log10"), TOL);
        // silog = sqrt(ln2^2 - ln2^2 / 2) = ln 2 / sqrt 2: a global scale is only half forgiven.
        assertEquals(Math.log(2) / Math.sqrt(2), m.get("silog"), TOL);
        // A scale changes no ratio between neighbours: F1 is that of a perfect prediction. Depth grows to the
        // right and downwards, so the inverted maps have only left and top edges (ratios 2, 1.5 and 1.25, 1.2
        // across; 4, 2.5, 2 down: at every threshold at least one of each), matched exactly by the prediction:
        // left and top score R = P = 1, right and bottom 0 (no edges), so R = P = 1/2 and F1 = 1/2.
        assertEquals(0.5, m.get("F1"), TOL);
    }

    /** 3 x 3 with a ratio between 1.25^2 and 1.25^3, and invalid pixels that must not count. */
    @Test
    void threeByThreeWithInvalidPixels() {
        float[] t = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        // ratios 1, 1.02, 1.1, 1.2, 1.5, 1.8, 2.5 (invalid), 0.5 -> r = 2 (invalid), 1/1.1
        float[] p = {2, 2.04f, 2.2f, 2.4f, 3, 3.6f, 5, 1, 2 / 1.1f};
        boolean[] valid = {true, true, true, true, true, true, false, false, true};
        DepthMetrics m = DepthMetrics.compute(p, t, valid, 3, 3, EvaluationSpace.DEPTH);
        assertEquals(7, m.validPixels());
        // r = 1, 1.02, 1.1, 1.2, 1.5, 1.8, 1.1
        assertEquals(2.0 / 7, m.get("d1_05"), TOL);
        assertEquals(4.0 / 7, m.get("d1_15"), TOL);
        assertEquals(5.0 / 7, m.get("d1"), TOL);
        assertEquals(6.0 / 7, m.get("d2"), TOL); // 1.5 < 1.5625
        assertEquals(7.0 / 7, m.get("d3"), TOL); // 1.8 < 1.953125
        // |p - t| / t = 0, .02, .1, .2, .5, .8, 1 - 1/1.1 = .0909...; float inputs, so 1e-6
        assertEquals((0 + .02 + .1 + .2 + .5 + .8 + (1 - 1 / 1.1)) / 7, m.get("abs_rel"), 1e-6);
        Map<String, Double> ref = ReferenceMetrics.of(p, t, valid, 3, 3, EvaluationSpace.DEPTH);
        ref.forEach((k, v) -> assertEquals(v, m.get(k), TOL, k));
    }

    /**
     * DDFF-12 disparity: c = 521.4052 * 0.0002708787. t = (1, 2) m, p = (2, 2) m become disparities
     * t' = (c, c/2), p' = (c/2, c/2): abs_rel = (|c/2 - c| / c + 0) / 2 = 1/4 (in depth it would be 1/2),
     * sq_rel = ((c/2)^2 / c) / 2 = c / 8, mse = (c/2)^2 / 2 = c^2 / 8.
     */
    @Test
    void ddff12Disparity() {
        double c = 521.4052 * 0.0002708787;
        float[] t = {1, 2};
        float[] p = {2, 2};
        DepthMetrics d = DepthMetrics.compute(p, t, all(2), 2, 1, EvaluationSpace.DDFF12);
        assertEquals(0.25, d.get("abs_rel"), TOL);
        assertEquals(c / 8, d.get("sq_rel"), TOL);
        assertEquals(c * c / 8, d.get("mse"), TOL);
        assertEquals(c / Math.sqrt(8), d.get("rmse"), TOL);
        assertEquals(0.5, d.get("d1"), TOL); // ratios are unchanged by inversion: 2 and 1
        assertEquals(Math.log(2) / Math.sqrt(2), d.get("rmse_log"), TOL);
        DepthMetrics depth = DepthMetrics.compute(p, t, all(2), 2, 1, EvaluationSpace.DEPTH);
        assertEquals(0.5, depth.get("abs_rel"), TOL);
        assertEquals(0.14123756275, EvaluationSpace.DDFF12.disparityNumerator(), 1e-11);
    }

    /** Random maps (with invalid pixels, ratios around every threshold) against the plain implementation. */
    @Test
    void agreesWithPlainImplementationOnRandomMaps() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int w = 3 + rnd.nextInt(9);
            int h = 3 + rnd.nextInt(9);
            float[] t = new float[w * h];
            float[] p = new float[w * h];
            boolean[] valid = new boolean[w * h];
            valid[0] = true;
            for (int i = 0; i < t.length; i++) {
                t[i] = (float) (0.5 + 3 * rnd.nextDouble());
                p[i] = (float) (t[i] * Math.exp(0.5 * (rnd.nextDouble() - 0.5)));
                valid[i] |= rnd.nextDouble() < 0.85;
            }
            for (EvaluationSpace space : EvaluationSpace.values()) {
                DepthMetrics m = DepthMetrics.compute(p, t, valid, w, h, space);
                Map<String, Double> ref = ReferenceMetrics.of(p, t, valid, w, h, space);
                for (Map.Entry<String, Double> e : ref.entrySet()) {
                    assertEquals(e.getValue(), m.get(e.getKey()), 1e-12, e.getKey() + " trial " + trial);
                }
            }
        }
    }

    /** Large enough to run in parallel bands: the result must equal the plain implementation's too. */
    @Test
    void parallelBandsGiveTheSameFigures() {
        int w = 300;
        int h = 900;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] t = new float[w * h];
        float[] p = new float[w * h];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) (1 + (i / w / 50) + 0.01 * rnd.nextDouble());
            p[i] = (float) (t[i] * (0.9 + 0.2 * rnd.nextDouble()));
        }
        boolean[] valid = all(t.length);
        DepthMetrics m = DepthMetrics.compute(p, t, valid, w, h, EvaluationSpace.DEPTH);
        Map<String, Double> ref = ReferenceMetrics.of(p, t, valid, w, h, EvaluationSpace.DEPTH);
        ref.forEach((k, v) -> assertEquals(v, m.get(k), 1e-9, k));
        assertArrayEquals(m.values(), DepthMetrics.compute(p, t, valid, w, h, EvaluationSpace.DEPTH).values(),
                "deterministic");
    }
}
