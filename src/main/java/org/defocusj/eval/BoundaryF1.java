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
        long[][][][] bands = RowBands.run(width, height,
                b -> band(pred, gt, valid, width, height, space, b * RowBands.ROWS,
                        Math.min(height, (b + 1) * RowBands.ROWS)),
                long[][][][]::new);
        // Histograms of levels (index k: a pair exceeding exactly the k lowest thresholds), merged in order.
        long[][][] hist = new long[4][3][N + 1];
        for (long[][][] h : bands) {
            for (int d = 0; d < 4; d++) {
                for (int s = 0; s < 3; s++) {
                    for (int k = 0; k <= N; k++) {
                        hist[d][s][k] += h[d][s][k];
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

    private static long[][][] band(float[] pred, float[] gt, boolean[] valid, int w, int h, EvaluationSpace space,
            int y0, int y1) {
        long[][][] hist = new long[4][3][N + 1];
        double[] pCur = new double[w];
        double[] gCur = new double[w];
        double[] pNext = new double[w];
        double[] gNext = new double[w];
        invertRow(pred, gt, valid, w, y0, space, pCur, gCur);
        for (int y = y0; y < y1; y++) {
            int row = y * w;
            for (int x = 0; x + 1 < w; x++) {
                if (valid[row + x] && valid[row + x + 1]) {
                    pair(pCur[x], pCur[x + 1], gCur[x], gCur[x + 1], RIGHT, LEFT, hist);
                }
            }
            if (y + 1 < h) {
                invertRow(pred, gt, valid, w, y + 1, space, pNext, gNext);
                for (int x = 0; x < w; x++) {
                    if (valid[row + x] && valid[row + w + x]) {
                        pair(pCur[x], pNext[x], gCur[x], gNext[x], BOTTOM, TOP, hist);
                    }
                }
                double[] t = pCur;
                pCur = pNext;
                pNext = t;
                t = gCur;
                gCur = gNext;
                gNext = t;
            }
        }
        return hist;
    }

    /** 1 / max(v, 1e-6) of both maps' row y in {@code space}, at valid pixels (others left as they were). */
    private static void invertRow(float[] pred, float[] gt, boolean[] valid, int w, int y, EvaluationSpace space,
            double[] pInv, double[] gInv) {
        int row = y * w;
        for (int x = 0; x < w; x++) {
            if (valid[row + x]) {
                pInv[x] = 1 / Math.max(space.map(pred[row + x]), EPS);
                gInv[x] = 1 / Math.max(space.map(gt[row + x]), EPS);
            }
        }
    }

    /**
     * One pair (a, b) = (m[x], m[x+1]) of inverted pred and gt values. "forward" is an edge b / a > th
     * (right, bottom), "backward" a / b > th (left, top).
     */
    private static void pair(double pa, double pb, double ga, double gb, int forward, int backward,
            long[][][] hist) {
        int pf = level(pb / pa);
        int pk = pf > 0 ? 0 : level(pa / pb);
        int gf = level(gb / ga);
        int gk = gf > 0 ? 0 : level(ga / gb);
        if (pf > 0) {
            hist[forward][PRED][pf]++;
        } else if (pk > 0) {
            hist[backward][PRED][pk]++;
        }
        if (gf > 0) {
            hist[forward][GT][gf]++;
        } else if (gk > 0) {
            hist[backward][GT][gk]++;
        }
        if (pf > 0 && gf > 0) {
            hist[forward][BOTH][Math.min(pf, gf)]++;
        } else if (pk > 0 && gk > 0) {
            hist[backward][BOTH][Math.min(pk, gk)]++;
        }
    }

    /** How many thresholds {@code ratio} exceeds (0..N): it is an edge at thresholds 0..level-1. */
    private static int level(double ratio) {
        if (!(ratio > THRESHOLDS[0])) {
            return 0;
        }
        int k = 1;
        while (k < N && ratio > THRESHOLDS[k]) {
            k++;
        }
        return k;
    }
}
