package org.defocusj.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Scale-invariant boundary F1 on a 6 x 6 scene: a 2 x 2 near block (depth 1, rows and columns 2..3) on a far
 * background (depth 2). Inverted, the block is 1 and the background 0.5, so at every threshold the ground
 * truth has two edges in each direction: right at pairs (1,2), left at (3,4) in rows 2 and 3; bottom at
 * (1,2), top at (3,4) in columns 2 and 3.
 */
class BoundaryF1Test {

    private static final int W = 6;
    private static final int H = 6;

    /** Background {@code bg}, block {@code near} at columns x0..x0+1, rows 2..3. */
    private static float[] block(float bg, float near, int x0) {
        float[] d = new float[W * H];
        Arrays.fill(d, bg);
        for (int y = 2; y <= 3; y++) {
            for (int x = x0; x <= x0 + 1; x++) {
                d[y * W + x] = near;
            }
        }
        return d;
    }

    private static boolean[] all() {
        boolean[] v = new boolean[W * H];
        Arrays.fill(v, true);
        return v;
    }

    private static double f1(float[] pred, float[] gt, boolean[] valid) {
        double f = BoundaryF1.compute(pred, gt, valid, W, H, EvaluationSpace.DEPTH);
        // The plain implementation must agree on every case.
        assertEquals(ReferenceMetrics.f1(pred, gt, valid, W, H, EvaluationSpace.DEPTH), f, 1e-12);
        return f;
    }

    @Test
    void thresholdsAndWeightsAreLinspace() {
        double[] th = BoundaryF1.thresholds();
        assertEquals(10, th.length);
        assertEquals(1.05, th[0], 0);
        assertEquals(1.25, th[9], 0);
        assertEquals(1.05 + 4 * 0.2 / 9, th[4], 1e-15);
        // sum(th) = 10 * 1.05 + 0.2 / 9 * (0 + 1 + ... + 9) = 10.5 + 1 = 11.5
        double[] w = BoundaryF1.weights();
        assertEquals(1.05 / 11.5, w[0], 1e-15);
        assertEquals(1.0, Arrays.stream(w).sum(), 1e-15);
    }

    /** Equal maps: R = P = 1 in all four directions at every threshold. */
    @Test
    void equalPredictionScoresOne() {
        float[] gt = block(2, 1, 2);
        assertEquals(1, f1(gt.clone(), gt, all()), 1e-12);
    }

    /** Scale invariance: 3 x the depth has the same ratios between neighbours. */
    @Test
    void scaledPredictionScoresOne() {
        float[] gt = block(2, 1, 2);
        assertEquals(1, f1(block(6, 3, 2), gt, all()), 1e-12);
    }

    /**
     * Block shifted one column right (columns 3..4). Right edges: pred at (2,3), gt at (1,2): no overlap.
     * Left: pred (4,5), gt (3,4): none. Bottom/top: pred in columns 3,4, gt in columns 2,3: one of two
     * each, so R = P = 1/2 there. R = P = (0 + 0 + 1/2 + 1/2) / 4 = 1/4 and F1 = 1/4 at every threshold.
     */
    @Test
    void shiftedPredictionScoresAQuarter() {
        assertEquals(0.25, f1(block(2, 1, 3), block(2, 1, 2), all()), 1e-12);
    }

    /** A flat prediction has no edges: every intersection is empty, R = P = 0, F1 = 0. */
    @Test
    void flatPredictionScoresZero() {
        float[] flat = new float[W * H];
        Arrays.fill(flat, 1.5f);
        assertEquals(0, f1(flat, block(2, 1, 2), all()), 0);
    }

    /**
     * Ground-truth step of ratio 1.15 (background 1.15), prediction of ratio 1.3. The ground truth has edges
     * only where th &lt; 1.15: th_0..th_4 (th_4 = 1.05 + 4 * 0.2/9 = 1.1389, th_5 = 1.1611); there F1 = 1, and 0
     * above (no ground-truth edge: recall 0/1, precision 0/|pred|). F1 = sum(th_0..th_4) / sum(th)
     * = (5.25 + 0.2/9 * 10) / 11.5 = 49.25 / 103.5 = 0.475845.
     */
    @Test
    void weakStepCountsOnlyLowThresholds() {
        float[] gt = block(1.15f, 1, 2);
        float[] pred = block(1.3f, 1, 2);
        assertEquals(49.25 / 103.5, f1(pred, gt, all()), 1e-12);
    }

    /**
     * Only pairs of two valid pixels count. With column 4 invalid, the left edges (pairs (3,4)) vanish from
     * both maps: left has R = P = 0 (no edges: 0 / max(0, 1)), the other three directions 1, so R = P = 3/4
     * and F1 = 3/4 for an otherwise perfect prediction.
     */
    @Test
    void pairsWithAnInvalidPixelDoNotCount() {
        float[] gt = block(2, 1, 2);
        boolean[] valid = all();
        for (int y = 0; y < H; y++) {
            valid[y * W + 4] = false;
        }
        assertEquals(0.75, f1(gt.clone(), gt, valid), 1e-12);
    }

    /**
     * The inversion clips depth at 1e-6: a block at 1e-7 on a background of 1e-8 inverts to 1e6 everywhere
     * (no edges, F1 0), while a block at 1e-7 (clipped to 1e-6) on 2e-6 keeps the ratio 2 of the ground truth
     * (F1 1).
     */
    @Test
    void inversionClipsTinyDepths() {
        float[] gt = block(2, 1, 2);
        assertEquals(0, f1(block(1e-8f, 1e-7f, 2), gt, all()), 0);
        assertEquals(1, f1(block(2e-6f, 1e-7f, 2), gt, all()), 1e-12);
    }

    /** F1 of disparity maps in DDFF-12 space, checked against the plain implementation on random steps. */
    @Test
    void randomStepsAgreeWithPlainImplementationInBothSpaces() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] levels = {1, 1.04, 1.1, 1.17, 1.24, 1.3};
        for (int trial = 0; trial < 30; trial++) {
            float[] gt = new float[W * H];
            float[] pred = new float[W * H];
            boolean[] valid = new boolean[W * H];
            for (int i = 0; i < gt.length; i++) {
                gt[i] = (float) (2 * levels[rnd.nextInt(levels.length)]);
                pred[i] = rnd.nextDouble() < 0.7 ? gt[i] : (float) (2 * levels[rnd.nextInt(levels.length)]);
                valid[i] = rnd.nextDouble() < 0.9;
            }
            for (EvaluationSpace space : EvaluationSpace.values()) {
                assertEquals(ReferenceMetrics.f1(pred, gt, valid, W, H, space),
                        BoundaryF1.compute(pred, gt, valid, W, H, space), 1e-12, "trial " + trial + " " + space);
            }
        }
    }
}
