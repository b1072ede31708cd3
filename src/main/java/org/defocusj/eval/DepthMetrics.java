package org.defocusj.eval;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.defocusj.stack.DepthMap;

/**
 * The field's depth metrics of one prediction against its ground truth, over valid pixels only, exactly as
 * FOSSA defines them. With prediction p, ground truth t (both > 0) and r = max(t/p, p/t):
 * <ul>
 * <li>{@code d1_05, d1_15, d1, d2, d3}: fraction with r &lt; 1.05, 1.15, 1.25, 1.25^2, 1.25^3</li>
 * <li>{@code abs_rel} = mean(|p - t| / t); {@code sq_rel} = mean((p - t)^2 / t)</li>
 * <li>{@code mse} = mean((p - t)^2); {@code rmse} = sqrt(mse)</li>
 * <li>{@code rmse_log} = sqrt(mean((ln p - ln t)^2)); {@code log10} = mean(|log10 p - log10 t|)</li>
 * <li>{@code silog} = sqrt(mean(g^2) - 0.5 mean(g)^2), g = ln p - ln t</li>
 * <li>{@code F1}: scale-invariant boundary F1 ({@link BoundaryF1})</li>
 * </ul>
 * All sums are accumulated in double precision; a data set's figure is the mean of per-image figures
 * ({@link EvaluationSet}).
 */
public final class DepthMetrics {

    /** Metric keys, in report order (the JSON and table use exactly these names). */
    public static final List<String> KEYS = Collections.unmodifiableList(Arrays.asList(
            "d1_05", "d1_15", "d1", "d2", "d3", "abs_rel", "sq_rel", "mse", "rmse", "rmse_log", "log10", "silog",
            "F1"));

    /** JSON key of the number of valid pixels. */
    public static final String VALID_PIXELS = "valid_pixels";

    private static final double LN10 = Math.log(10);
    private static final double T05 = 1.05;
    private static final double T15 = 1.15;
    private static final double T1 = 1.25;
    private static final double T2 = 1.25 * 1.25;
    private static final double T3 = 1.25 * 1.25 * 1.25;

    private final double[] values;
    private final long validPixels;

    /** Metric values in {@link #KEYS} order. */
    public DepthMetrics(double[] values, long validPixels) {
        if (values.length != KEYS.size()) {
            throw new IllegalArgumentException("expected " + KEYS.size() + " values");
        }
        this.values = values.clone();
        this.validPixels = validPixels;
    }

    /** Evaluates {@code pred} against {@code gt} on {@code mask} in {@code space}; sizes must agree. */
    public static DepthMetrics compute(DepthMap pred, DepthMap gt, ValidMask mask, EvaluationSpace space) {
        if (!pred.sameSize(gt)) {
            throw new IllegalArgumentException(pred.size() + " vs " + gt.size());
        }
        return compute(pred.data(), gt.data(), mask.valid(), pred.width(), pred.height(), space);
    }

    /**
     * Evaluates row-major maps of {@code width x height}. Where {@code valid} is true the ground truth must be
     * finite and positive and the prediction finite and positive (as {@link ValidMask} guarantees).
     */
    public static DepthMetrics compute(float[] pred, float[] gt, boolean[] valid, int width, int height,
            EvaluationSpace space) {
        if (pred.length != (long) width * height || gt.length != pred.length || valid.length != pred.length) {
            throw new IllegalArgumentException("arrays do not match " + width + "x" + height);
        }
        Sums[] bands = RowBands.run(width, height,
                b -> sums(pred, gt, valid, width * b * RowBands.ROWS,
                        width * Math.min(height, (b + 1) * RowBands.ROWS), space),
                Sums[]::new);
        Sums s = new Sums();
        for (Sums b : bands) {
            s.add(b);
        }
        if (s.n == 0) {
            throw new IllegalArgumentException("no valid pixel");
        }
        double n = s.n;
        double meanG = s.g / n;
        double[] v = {
            s.c05 / n, s.c15 / n, s.c1 / n, s.c2 / n, s.c3 / n,
            s.absRel / n, s.sqRel / n, s.sq / n, Math.sqrt(s.sq / n),
            Math.sqrt(s.g2 / n), s.absG / n / LN10, Math.sqrt(Math.max(0, s.g2 / n - 0.5 * meanG * meanG)),
            BoundaryF1.compute(pred, gt, valid, width, height, space)};
        return new DepthMetrics(v, s.n);
    }

    /** Per-band accumulators. */
    private static final class Sums {
        long n;
        long c05;
        long c15;
        long c1;
        long c2;
        long c3;
        double absRel;
        double sqRel;
        double sq;
        double g;
        double g2;
        double absG;

        void add(Sums o) {
            n += o.n;
            c05 += o.c05;
            c15 += o.c15;
            c1 += o.c1;
            c2 += o.c2;
            c3 += o.c3;
            absRel += o.absRel;
            sqRel += o.sqRel;
            sq += o.sq;
            g += o.g;
            g2 += o.g2;
            absG += o.absG;
        }
    }

    private static Sums sums(float[] pred, float[] gt, boolean[] valid, int from, int to, EvaluationSpace space) {
        boolean disparity = space.isDisparity();
        double c = space.disparityNumerator();
        // Locals, not fields, so the JIT keeps every accumulator in a register.
        long n = 0;
        long c05 = 0;
        long c15 = 0;
        long c1 = 0;
        long c2 = 0;
        long c3 = 0;
        double absRel = 0;
        double sqRel = 0;
        double sq = 0;
        double gSum = 0;
        double g2 = 0;
        double absG = 0;
        for (int i = from; i < to; i++) {
            if (!valid[i]) {
                continue;
            }
            double p = pred[i];
            double t = gt[i];
            if (disparity) {
                p = c / p;
                t = c / t;
            }
            double d = p - t;
            double d2 = d * d;
            double q = p / t;
            double r = Math.max(t / p, q);
            // ln p - ln t as one logarithm: half the cost, and within 1e-16 of the difference of two.
            double g = Math.log(q);
            n++;
            c3 += r < T3 ? 1 : 0;
            c2 += r < T2 ? 1 : 0;
            c1 += r < T1 ? 1 : 0;
            c15 += r < T15 ? 1 : 0;
            c05 += r < T05 ? 1 : 0;
            absRel += Math.abs(d) / t;
            sqRel += d2 / t;
            sq += d2;
            gSum += g;
            g2 += g * g;
            absG += Math.abs(g);
        }
        Sums s = new Sums();
        s.n = n;
        s.c05 = c05;
        s.c15 = c15;
        s.c1 = c1;
        s.c2 = c2;
        s.c3 = c3;
        s.absRel = absRel;
        s.sqRel = sqRel;
        s.sq = sq;
        s.g = gSum;
        s.g2 = g2;
        s.absG = absG;
        return s;
    }

    /** A metric by key (one of {@link #KEYS}). */
    public double get(String key) {
        int i = KEYS.indexOf(key);
        if (i < 0) {
            throw new IllegalArgumentException("unknown metric " + key + " (expected one of " + KEYS + ")");
        }
        return values[i];
    }

    /** Values in {@link #KEYS} order (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Key to value, in {@link #KEYS} order. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(KEYS.get(i), values[i]);
        }
        return m;
    }

    /** Number of pixels the metrics were computed over (for a data-set mean: the total over its images). */
    public long validPixels() {
        return validPixels;
    }

    @Override
    public String toString() {
        return asMap() + ", " + VALID_PIXELS + "=" + validPixels;
    }
}
