package org.defocusj.align;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.defocusj.depth.ProgressListener;
import org.defocusj.depth.Workers;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusStack;

/**
 * Estimates where every slice of a stack lies relative to a reference slice (the middle one). Only neighbours
 * are ever compared, since they differ little in blur, and the reference-to-slice transforms are the chained
 * products of the neighbour-to-neighbour ones. Slices are read once, in order, a pair at a time per worker, so
 * the cost in memory is a few slices' features whatever the stack's depth.
 */
public final class StackAligner {

    /** Finest level fitted, longest side in pixels: fits on halved or quartered photos stay well under 0.3 px. */
    static final int MAX_SIDE = 1024;
    /** The smallest side alignment works on. */
    public static final int MIN_SIDE = 48;
    /** Below this correlation of neighbouring slices' features the match is taken as failed. */
    static final double FAIL_CORRELATION = 0.45;
    /** Below this a match is kept but warned about. */
    static final double WARN_CORRELATION = 0.75;
    /** Neighbours further apart than these are not the same scene in a focus stack. */
    static final double MAX_LINK_SCALE_CHANGE = 0.1;
    static final double MAX_LINK_ROTATION_DEG = 5;
    static final double MAX_LINK_SHIFT_SHARE = 0.15;

    private final AlignModel model;
    private final int threads;

    public StackAligner(AlignModel model, int threads) {
        if (model == AlignModel.OFF) {
            throw new IllegalArgumentException("nothing to align with model off");
        }
        this.model = model.fitted();
        this.threads = Math.max(1, threads);
    }

    /** Where every slice of {@code stack} lies relative to its middle slice; never throws for a bad match. */
    public Alignment estimate(FocusStack stack, ProgressListener progress) {
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        int n = stack.slices();
        int w = stack.width();
        int h = stack.height();
        int ref = (n - 1) / 2;
        if (Math.min(w, h) < MIN_SIDE) {
            return Alignment.failed(stack, model, ref, -1, "the slices are smaller than " + MIN_SIDE + " pixels");
        }
        double[] breathing = thinLensScales(stack);
        PairFit.Result[] links = new PairFit.Result[n - 1];
        int workers = Math.min(threads, n - 1);
        int per = (n - 1 + workers - 1) / workers;
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Workers.pool(workers, "defocusj align");
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int a = 0; a < n - 1; a += per) {
                int from = a;
                int to = Math.min(n - 1, a + per);
                futures.add(pool.submit(() -> {
                    FeaturePyramid previous = pyramid(stack, from);
                    for (int z = from; z < to; z++) {
                        if (p.isCancelled()) {
                            throw new CancellationException("cancelled");
                        }
                        FeaturePyramid next = pyramid(stack, z + 1);
                        SliceTransform guess = SliceTransform.of(breathing[z] / breathing[z + 1], 0, 0, 0);
                        links[z] = PairFit.fit(next, previous, guess, model);
                        previous = next;
                        p.progress(done.incrementAndGet(), n - 1, "aligning slices");
                    }
                    return null;
                }));
            }
            Workers.awaitAll(futures);
        } finally {
            pool.shutdownNow();
        }
        return chain(stack, links, ref);
    }

    /** Reference-to-slice transforms from the neighbour links, checking each link on the way. */
    private Alignment chain(FocusStack stack, PairFit.Result[] links, int ref) {
        int n = stack.slices();
        int w = stack.width();
        int h = stack.height();
        for (int z = 0; z < n - 1; z++) {
            String why = implausible(links[z], w, h);
            if (why != null) {
                return Alignment.failed(stack, model, ref, farther(z, ref), String.format(Locale.ROOT,
                        "slices %d and %d do not match: %s", z + 1, z + 2, why));
            }
        }
        SliceTransform[] t = new SliceTransform[n];
        double[] residual = new double[n];
        t[ref] = SliceTransform.IDENTITY;
        residual[ref] = 0;
        // links[z] maps slice z + 1's pixels into slice z.
        for (int z = ref - 1; z >= 0; z--) {
            t[z] = t[z + 1].then(links[z].transform);
            residual[z] = 1 - links[z].correlation;
        }
        for (int z = ref + 1; z < n; z++) {
            t[z] = t[z - 1].then(links[z - 1].transform.inverse());
            residual[z] = 1 - links[z - 1].correlation;
        }
        List<String> warnings = new ArrayList<>();
        for (int z = 0; z < n - 1; z++) {
            if (links[z].correlation < WARN_CORRELATION) {
                int far = farther(z, ref);
                int near = far == z ? z + 1 : z;
                warnings.add(String.format(Locale.ROOT, "slice %d of %s: residual %.3f after alignment to slice %d "
                        + "(above %.2f): its alignment may be off", far + 1, stack.name(), 1 - links[z].correlation,
                        near + 1, 1 - WARN_CORRELATION));
            }
        }
        double gain = 0;
        for (PairFit.Result l : links) {
            gain = Math.max(gain, l.correlation - l.unmovedCorrelation);
        }
        return Alignment.of(stack, model, ref, t, residual, warnings, gain);
    }

    /** Of the two slices link {@code z} joins (z, z + 1), the one further from the reference (0-based). */
    private static int farther(int z, int ref) {
        return z >= ref ? z + 1 : z;
    }

    private static String implausible(PairFit.Result r, int w, int h) {
        if (!(r.contrast > 1e-6)) {
            return "no structure to align (a uniform slice)";
        }
        if (Double.isNaN(r.correlation)) {
            return "the fit did not converge";
        }
        SliceTransform t = r.transform;
        if (Math.abs(t.scale() - 1) > MAX_LINK_SCALE_CHANGE || Math.abs(t.rotationDegrees()) > MAX_LINK_ROTATION_DEG
                || Math.hypot(t.dx(), t.dy()) > MAX_LINK_SHIFT_SHARE * Math.min(w, h)) {
            return "implausible transform between neighbours (" + t + ")";
        }
        if (r.correlation < FAIL_CORRELATION) {
            return String.format(Locale.ROOT, "their features correlate only %.2f after the fit (need %.2f)",
                    r.correlation, FAIL_CORRELATION);
        }
        return null;
    }

    /**
     * The magnification of each slice up to a common factor as a thin lens predicts it (the image distance
     * {@code v = 1 / (1/f - 1/s)}), when the focal length and metric focus distances are known; else all 1.
     */
    static double[] thinLensScales(FocusStack stack) {
        int n = stack.slices();
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        double f = stack.optics().focalLengthMm();
        DistanceUnit u = stack.unit();
        if (!(f > 0) || !u.isDistanceFromLens()) {
            return v;
        }
        double[] out = new double[n];
        for (int z = 0; z < n; z++) {
            double s = u.convert(stack.focus().get(z), DistanceUnit.MM);
            if (!(s > f)) {
                return v;
            }
            out[z] = 1 / (1 / f - 1 / s);
        }
        return out;
    }

    /**
     * The features of slice {@code z}: the mean of its channels. A slice larger than {@link #MAX_SIDE} is halved
     * as its rows are read, two at a time, so the full-resolution grey image is never built (reading and averaging
     * it was about a seventh of an aligned run's CPU on 12 MP RGB stacks); the values are those
     * {@link FeaturePyramid#halve} gives of it.
     */
    static FeaturePyramid pyramid(FocusStack stack, int z) {
        int w = stack.width();
        int h = stack.height();
        float[] channel = new float[w];
        if (!FeaturePyramid.halves(w, h, MAX_SIDE)) {
            float[] gray = new float[w * h];
            for (int y = 0; y < h; y++) {
                stack.grayRow(z, y, gray, y * w, channel);
            }
            return FeaturePyramid.of(gray, w, h, MAX_SIDE, 1);
        }
        int hw = w / 2;
        int hh = h / 2;
        float[] half = new float[hw * hh];
        float[] r0 = new float[w];
        float[] r1 = new float[w];
        for (int y = 0; y < hh; y++) {
            stack.grayRow(z, 2 * y, r0, 0, channel);
            stack.grayRow(z, 2 * y + 1, r1, 0, channel);
            FeaturePyramid.halveRows(r0, 0, r1, 0, half, y * hw, hw);
        }
        return FeaturePyramid.of(half, hw, hh, MAX_SIDE, 2);
    }
}
