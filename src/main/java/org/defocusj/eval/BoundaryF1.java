package org.defocusj.eval;

/**
 * Scale-invariant boundary F1 (Depth Pro's metric, as FOSSA reports it), restricted to valid pixels.
 *
 * <p>Both maps are inverted ({@code 1 / max(v, 1e-6)}). For a threshold {@code th}, a horizontal pair
 * (x, x+1) is a "right" edge of a map m where {@code m[x+1] / m[x] > th} and a "left" edge where
 * {@code m[x] / m[x+1] > th}; vertical pairs give "bottom" and "top" edges alike. Only pairs whose two pixels
 * are both valid count. Per direction, recall = |pred & gt| / max(|gt|, 1) and precision =
 * |pred & gt| / max(|pred|, 1); R and P are the means over the four directions and F1 = 2PR / (P + R)
 * (0 when both are 0). The result is the sum over th in linspace(1.05, 1.25, 10) of F1(th) weighted by
 * th / sum(th).
 *
 * <p>One pass: the edge "level" of a pair (how many thresholds its ratio exceeds) is found once, and
 * histograms of levels give the counts at all ten thresholds.
 */
public final class BoundaryF1 {

    /** Number of thresholds. */
    public static final int N = 10;
    private static final double T_MIN = 1.05;
    private static final double T_MAX = 1.25;
    private static final double EPS = 1e-6;
    private static final double[] THRESHOLDS = new double[N];
    private static final double[] WEIGHTS = new double[N];

    static {
        // As numpy.linspace: start + j * ((stop - start) / (n - 1)), the last one exactly stop.
        double step = (T_MAX - T_MIN) / (N - 1);
        double sum = 0;
        for (int j = 0; j < N; j++) {
            THRESHOLDS[j] = j == N - 1 ? T_MAX : j * step + T_MIN;
            sum += THRESHOLDS[j];
        }
        for (int j = 0; j < N; j++) {
            WEIGHTS[j] = THRESHOLDS[j] / sum;
        }
    }

    private static final int RIGHT = 0;
    private static final int LEFT = 1;
    private static final int BOTTOM = 2;
    private static final int TOP = 3;
    private static final int PRED = 0;
    private static final int GT = 1;
    private static final int BOTH = 2;
    /** Histogram bins per (direction, pred|gt|both): levels 0..N. */
    private static final int LEVELS = N + 1;
    /**
     * Neighbours whose depths differ by less than this factor cannot be an edge at th_0 = 1.05 in any space
     * (inverting, the disparity mapping and the 1e-6 clip keep or shrink the ratio; rounding is ~1e-16), so
     * such pairs, most of any smooth map, skip the exact divisions.
     */
    private static final double NEAR = 1.04;
    private static final double STEP = (T_MAX - T_MIN) / (N - 1);

    private BoundaryF1() {
    }

    /** The ten thresholds, ascending. */
    public static double[] thresholds() {
        return THRESHOLDS.clone();
    }

    /** The weights th / sum(th). */
    public static double[] weights() {
        return WEIGHTS.clone();
    }

    /** F1 in {@code space}; {@code valid} as {@link ValidMask} gives it (prediction finite and > 0 there). */
    public static double compute(float[] pred, float[] gt, boolean[] valid, int width, int height,
            EvaluationSpace space) {
        return f1(counts(pred, gt, valid, width, height, space));
    }

    /**
     * Edge counts: {@code [direction][pred|gt|both][j]} = number of pairs that are edges at threshold j.
     * Package-private for tests.
     */
    static long[][][] counts(float[] pred, float[] gt, boolean[] valid, int width, int height,
            EvaluationSpace space) {
        if (pred.length != (long) width * height || gt.length != pred.length || valid.length != pred.length) {
            throw new IllegalArgumentException("arrays do not match " + width + "x" + height);
        }
        long[][] bands = RowBands.run(width, height,
                b -> band(pred, gt, valid, width, height, space, b * RowBands.ROWS,
                        Math.min(height, (b + 1) * RowBands.ROWS)),
                long[][]::new);
        // Histograms of levels (a pair of level k exceeds exactly the k lowest thresholds), merged in order.
        long[][][] hist = new long[4][3][LEVELS];
        for (long[] h : bands) {
            for (int d = 0; d < 4; d++) {
                for (int s = 0; s < 3; s++) {
                    for (int k = 0; k < LEVELS; k++) {
                        hist[d][s][k] += h[(d * 3 + s) * LEVELS + k];
                    }
                }
            }
        }
        // An edge at threshold j is a pair of level > j.
        long[][][] counts = new long[4][3][N];
        for (int d = 0; d < 4; d++) {
            for (int s = 0; s < 3; s++) {
                long above = 0;
                for (int j = N - 1; j >= 0; j--) {
                    above += hist[d][s][j + 1];
                    counts[d][s][j] = above;
                }
            }
        }
        return counts;
    }

    static double f1(long[][][] counts) {
        double f1 = 0;
        for (int j = 0; j < N; j++) {
            double r = 0;
            double p = 0;
            for (int d = 0; d < 4; d++) {
                double both = counts[d][BOTH][j];
                r += both / Math.max(counts[d][GT][j], 1);
                p += both / Math.max(counts[d][PRED][j], 1);
            }
            r *= 0.25;
            p *= 0.25;
            double f = r + p == 0 ? 0 : 2 * p * r / (p + r);
            f1 += f * WEIGHTS[j];
        }
        return f1;
    }

    /**
     * Level histograms of rows y0..y1-1 (their pairs with the row below included), flat:
     * {@code [(direction * 3 + kind) * LEVELS + level]}.
     */
    private static long[] band(float[] pred, float[] gt, boolean[] valid, int w, int h, EvaluationSpace space,
            int y0, int y1) {
        long[] hist = new long[4 * 3 * LEVELS];
        for (int y = y0; y < y1; y++) {
            int row = y * w;
            for (int i = row; i < row + w - 1; i++) {
                if (valid[i] && valid[i + 1]) {
                    pair(pred[i], pred[i + 1], gt[i], gt[i + 1], RIGHT, LEFT, space, hist);
                }
            }
            if (y + 1 < h) {
                for (int i = row; i < row + w; i++) {
                    if (valid[i] && valid[i + w]) {
                        pair(pred[i], pred[i + w], gt[i], gt[i + w], BOTTOM, TOP, space, hist);
                    }
                }
            }
        }
        return hist;
    }

    /** True unless the two positive depths are within a factor {@link #NEAR}: then no ratio can exceed th_0. */
    private static boolean mayBeEdge(double a, double b) {
        return a > b * NEAR || b > a * NEAR;
    }

    /**
     * One pair (a, b) = (m[x], m[x+1]) (or (m[y], m[y+1])) of pred and gt depths. On the inverted maps,
     * "forward" is an edge b / a &gt; th (right, bottom), "backward" a / b &gt; th (left, top).
     */
    private static void pair(float pa, float pb, float ga, float gb, int forward, int backward,
            EvaluationSpace space, long[] hist) {
        boolean pMay = mayBeEdge(pa, pb);
        boolean gMay = mayBeEdge(ga, gb);
        if (!pMay && !gMay) {
            return;
        }
        int pf = 0;
        int pk = 0;
        if (pMay) {
            double ia = invert(pa, space);
            double ib = invert(pb, space);
            pf = level(ib / ia);
            pk = pf > 0 ? 0 : level(ia / ib);
        }
        int gf = 0;
        int gk = 0;
        if (gMay) {
            double ia = invert(ga, space);
            double ib = invert(gb, space);
            gf = level(ib / ia);
            gk = gf > 0 ? 0 : level(ia / ib);
        }
        if (pf > 0) {
            hist[(forward * 3 + PRED) * LEVELS + pf]++;
        } else if (pk > 0) {
            hist[(backward * 3 + PRED) * LEVELS + pk]++;
        }
        if (gf > 0) {
            hist[(forward * 3 + GT) * LEVELS + gf]++;
        } else if (gk > 0) {
            hist[(backward * 3 + GT) * LEVELS + gk]++;
        }
        if (pf > 0 && gf > 0) {
            hist[(forward * 3 + BOTH) * LEVELS + Math.min(pf, gf)]++;
        } else if (pk > 0 && gk > 0) {
            hist[(backward * 3 + BOTH) * LEVELS + Math.min(pk, gk)]++;
        }
    }

    /** The inverted map's value: 1 / max(v, 1e-6), v being depth or, in a disparity space, disparity. */
    private static double invert(double depth, EvaluationSpace space) {
        return 1 / Math.max(space.map(depth), EPS);
    }

    /** How many thresholds {@code ratio} exceeds (0..N): it is an edge at thresholds 0..level-1. */
    private static int level(double ratio) {
        if (!(ratio > THRESHOLDS[0])) {
            return 0;
        }
        if (ratio > T_MAX) {
            return N;
        }
        // Equally spaced thresholds: start from the arithmetic guess, then settle it by exact comparison.
        int k = Math.min(N - 1, Math.max(1, 1 + (int) ((ratio - T_MIN) / STEP)));
        while (k > 1 && !(ratio > THRESHOLDS[k - 1])) {
            k--;
        }
        while (k < N && ratio > THRESHOLDS[k]) {
            k++;
        }
        return k;
    }
}
