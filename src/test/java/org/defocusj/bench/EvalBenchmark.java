package org.defocusj.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import org.defocusj.eval.BoundaryF1;
import org.defocusj.eval.DepthMetrics;
import org.defocusj.eval.EvaluationSpace;
import org.defocusj.eval.ValidMask;
import org.defocusj.stack.DepthMap;

/**
 * Throughput of depth evaluation on a 4-megapixel pair (2048 x 2048), not a unit test: run it with
 * {@code scripts/bench-eval [SIZE]}. Times the valid mask, all metrics (pointwise pass + boundary F1) and F1
 * alone, each the median of 3 runs after warm-up, and a reference measured in the same run: one plain
 * single-threaded pass summing |p - t| over the arrays, the least any evaluation must do. Reports
 * milliseconds, megapixels per second and the ratio to the reference.
 */
public final class EvalBenchmark {

    private static final int WARMUP = 3;
    private static final int RUNS = 3;

    private EvalBenchmark() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        System.out.printf(Locale.ROOT, "evaluation benchmark: %d x %d (%.2f MP), %d processor(s), load average "
                + "%.1f, median of %d after %d warm-up run(s), Java %s%n", size, size, size * (double) size / 1e6,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), RUNS,
                WARMUP, System.getProperty("java.version"));
        measure("smooth prediction (scale error + 1 % noise)", size, 0.01);
        measure("noisy prediction (+-15 % noise per pixel: F1's worst case)", size, 0.15);
    }

    private static void measure(String title, int size, double noise) {
        int w = size;
        int h = size;
        int n = w * h;
        float[] gt = new float[n];
        float[] pred = new float[n];
        scene(gt, pred, w, h, noise);
        DepthMap p = new DepthMap("pred", w, h, pred);
        DepthMap t = new DepthMap("gt", w, h, gt);
        double mp = n / 1e6;

        double reference = median(() -> sumAbsDiff(pred, gt));
        double mask = median(() -> ValidMask.of(p, t, null, 0.01, 1000, false).count());
        ValidMask valid = ValidMask.of(p, t, null, 0.01, 1000, false);
        double metrics = median(() -> DepthMetrics.compute(p, t, valid, EvaluationSpace.DEPTH).get("abs_rel"));
        double f1 = median(() -> BoundaryF1.compute(pred, gt, valid.valid(), w, h, EvaluationSpace.DEPTH));
        double disparity = median(() -> DepthMetrics.compute(p, t, valid, EvaluationSpace.DDFF12).get("abs_rel"));
        double total = mask + metrics;

        System.out.println();
        System.out.println(title);
        row("reference: sum |p - t|, 1 thread", reference, mp, reference);
        row("valid mask", mask, mp, reference);
        row("all metrics incl. F1", metrics, mp, reference);
        row("  of which boundary F1", f1, mp, reference);
        row("all metrics, ddff12 disparity", disparity, mp, reference);
        row("evaluation (mask + metrics)", total, mp, reference);
        DepthMetrics m = DepthMetrics.compute(p, t, valid, EvaluationSpace.DEPTH);
        System.out.printf(Locale.ROOT, "check: abs_rel %.6f, d1 %.6f, F1 %.6f over %d pixels%n", m.get("abs_rel"),
                m.get("d1"), m.get("F1"), m.validPixels());
    }

    private static void row(String what, double ms, double mp, double reference) {
        System.out.printf(Locale.ROOT, "%-32s %9.2f ms %9.1f MP/s %7.1f x reference%n", what, ms, mp / (ms / 1e3),
                ms / reference);
    }

    /** Median wall time in ms of {@link #RUNS} runs after {@link #WARMUP}; results are consumed. */
    private static double median(DoubleSupplier work) {
        double sink = 0;
        for (int i = 0; i < WARMUP; i++) {
            sink += work.getAsDouble();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            sink += work.getAsDouble();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (sink == 42.4242) {
            System.out.println(); // keeps the JIT from dropping the work
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }

    private static double sumAbsDiff(float[] p, float[] t) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += Math.abs(p[i] - t[i]);
        }
        return s;
    }

    /**
     * A slanted floor from 1 to 9 m with near boxes (steps for F1) and 0.5 % invalid ground truth. The
     * prediction has a smooth scale error of up to +-10 %, box edges displaced by 3 pixels, and independent
     * per-pixel noise of +-{@code noise}.
     */
    private static void scene(float[] gt, float[] pred, int w, int h, double noise) {
        SplittableRandom rnd = new SplittableRandom(2048);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double floor = 1 + 8.0 * y / h;
                boolean box = ((x / 128) + (y / 128)) % 3 == 0;
                boolean boxPred = (((x + 3) / 128) + (y / 128)) % 3 == 0;
                gt[y * w + x] = rnd.nextDouble() < 0.005 ? Float.NaN : (float) (box ? 0.6 * floor : floor);
                double scale = 1 + 0.1 * Math.sin(6.0 * x / w) * Math.cos(4.0 * y / h);
                pred[y * w + x] = (float) ((boxPred ? 0.6 * floor : floor) * scale
                        * (1 + noise * (2 * rnd.nextDouble() - 1)));
            }
        }
    }
}
