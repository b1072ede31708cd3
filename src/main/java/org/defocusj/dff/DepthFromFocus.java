package org.defocusj.dff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import net.imglib2.img.array.ArrayImgs;

import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.ProgressListener;
import org.defocusj.depth.Workers;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.PlaneReader;

/**
 * Classical depth from focus. For every pixel the focus measure is followed along the focus axis; depth is
 * the sub-slice position of its peak, interpolated at the slices' real focus distances. The image is cut into
 * tiles that workers take in turn; for each tile the focus axis is streamed, keeping only O(1) values per pixel
 * (peak, its neighbours, running sums) in a {@link PeakTracker}, while a {@link TileMeasure} produces the tile's
 * focus measure row by row. Memory stays a small multiple of one slice however many slices there are, and the
 * per-tile state stays in cache. Tiles depend only on the image size, so results do not depend on the thread
 * count.
 *
 * <p>Confidence is {@code peakiness * strength}: peakiness {@code 1 - mean/peak} of the pixel's focus curve
 * says how distinct the peak is; strength {@code peak / (peak + 0.05 * P99)} (P99: 99th percentile of peaks
 * over the image) discounts textureless pixels whose curve is noise.
 *
 * <p>Float stacks may hold NaN or infinite pixels. They are masked out of the focus measure (see
 * {@link TileMeasure}), so they touch only the windows that contain them, and out of the all-in-focus; a pixel
 * that is non-finite in every slice gets NaN depth, confidence 0 and a NaN all-in-focus value. How many samples
 * were non-finite is recorded as the property {@link DepthResult#NON_FINITE_PIXELS} (only when some were).
 */
public final class DepthFromFocus implements DepthEstimator {

    /** Fraction of the image's 99th-percentile peak at which strength is one half. */
    static final double STRENGTH_KNEE = 0.05;

    private final DffParameters params;

    public DepthFromFocus(DffParameters params) {
        this.params = params;
    }

    @Override
    public String name() {
        return "dff";
    }

    public DffParameters parameters() {
        return params;
    }

    @Override
    public DepthResult estimate(FocusStack stack, ProgressListener progress) {
        ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
        // On a noisy stack the window grows with the noise (NoiseLevel): the settings of this run.
        double noise = params.adaptsWindow() ? NoiseLevel.estimate(stack, params.window(), pl) : Double.NaN;
        DffParameters used = Double.isNaN(noise) ? params
                : params.withWindow(NoiseLevel.window(params.window(), noise, stack.width(), stack.height()));
        // The multi-scale composite needs the depth: a second pass, so the first makes none. It fuses each pixel
        // from the slices around its own peak, before guided refinement: the refined depth is the better metric
        // depth, but where it leaves the peak (halo rims, weak texture) it points at a slice where the pixel looks
        // less sharp (MultiscaleAllInFocusTest: 42.0 dB from the refined depth, 42.6 from the peaks).
        boolean multiscale = used.allInFocus() == AllInFocusMode.MULTISCALE;
        Run run = new Run(stack, multiscale ? used.withAllInFocus(AllInFocusMode.NONE) : used, pl, multiscale);
        run.execute();
        float[] sharpest = run.rawDepth != null ? run.rawDepth : run.depth;
        float[] aif = !multiscale ? run.aif : PyramidFusion.fuse(stack,
                PyramidFusion.sliceIndex(sharpest, run.coord, run.space), used.threads(), pl);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("method", name());
        props.put("measure", used.measure().key());
        props.put("window", Integer.toString(used.window()));
        if (!Double.isNaN(noise)) {
            props.put("window_noise", String.format(Locale.ROOT, "%.3f", noise));
        }
        props.put("aggregation", used.aggregation().key());
        if (used.aggregation() == Aggregation.GUIDED) {
            props.put("guide_radius", Integer.toString(used.guideRadius()));
            props.put("guide_epsilon", Double.toString(used.guideEpsilon()));
        }
        props.put("interpolation", run.space.name().toLowerCase());
        if (aif != null) {
            props.put("all_in_focus", used.allInFocus().name().toLowerCase(Locale.ROOT));
        }
        props.put("depth_unit", stack.unit().symbol());
        props.put("relative", Boolean.toString(stack.unit().isRelative()));
        if (run.nonFinite.get() > 0) {
            props.put(DepthResult.NON_FINITE_PIXELS, Long.toString(run.nonFinite.get()));
        }
        int w = stack.width();
        int h = stack.height();
        return new DepthResult(ArrayImgs.floats(run.depth, w, h), ArrayImgs.floats(run.confidence, w, h),
                aif == null ? null : ArrayImgs.floats(aif, w, h, stack.channels()), stack.unit(), props);
    }

    /**
     * Tile size. Wide, so that the row loops (vectorized by the JIT) run long; low enough that the tile's
     * {@link PeakTracker} state (about 24 bytes a pixel, 0.8 MB) fits a core's L2 cache. Halo rows cost
     * (window + 1) / 64 extra reading and energy per tile.
     */
    static final int TILE_WIDTH = 512;
    static final int TILE_HEIGHT = 64;

    /**
     * The state of one estimation. Whole-image arrays hold only what outlives a tile (peak measure, outputs);
     * the running per-pixel state of a tile lives in its worker's buffers, reused tile after tile.
     */
    private static final class Run {
        final FocusStack stack;
        final DffParameters p;
        final ProgressListener progress;
        final InterpolationSpace space;
        final int w;
        final int h;
        final int nC;
        final int nF;
        final int n;
        final double[] coord;
        /** Peak focus measure per pixel; kept for the image-wide percentile of {@link #finishConfidence}. */
        final float[] best;
        final float[] aif;
        final float[] depth;
        final float[] confidence;
        /** Gray value (channel sum) of each pixel in its peak slice, the guided aggregation's guide; else null. */
        final float[] guide;
        /** Asks for {@link #rawDepth}. */
        final boolean keepRawDepth;
        /**
         * The depth before guided refinement (each pixel's own peak), when asked for: the slice where a pixel looks
         * sharpest, which the multi-scale composite fuses from (see {@link DepthFromFocus#estimate}); else null.
         */
        float[] rawDepth;
        final AtomicLong done = new AtomicLong();
        /** Non-finite samples of the stack, summed over the workers when they finish. */
        final AtomicLong nonFinite = new AtomicLong();
        long totalUnits;

        Run(FocusStack stack, DffParameters p, ProgressListener progress, boolean keepRawDepth) {
            this.stack = stack;
            this.keepRawDepth = keepRawDepth;
            this.p = p;
            this.progress = progress;
            this.space = p.interpolation().resolve(stack.unit());
            w = stack.width();
            h = stack.height();
            nC = stack.channels();
            nF = stack.slices();
            n = w * h;
            coord = new double[nF];
            for (int i = 0; i < nF; i++) {
                double d = stack.focus().get(i);
                coord[i] = space == InterpolationSpace.INVERSE ? 1.0 / d : d;
            }
            best = new float[n];
            aif = p.allInFocus() == AllInFocusMode.NONE ? null : new float[n * nC];
            depth = new float[n];
            confidence = new float[n];
            guide = p.aggregation() == Aggregation.GUIDED ? new float[n] : null;
        }

        void execute() {
            List<int[]> tiles = new ArrayList<>();
            for (int y = 0; y < h; y += TILE_HEIGHT) {
                for (int x = 0; x < w; x += TILE_WIDTH) {
                    tiles.add(new int[] {x, Math.min(w, x + TILE_WIDTH), y, Math.min(h, y + TILE_HEIGHT)});
                }
            }
            totalUnits = (long) tiles.size() * nF;
            int workers = Math.min(p.threads(), tiles.size());
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean failed = new AtomicBoolean();
            ExecutorService pool = Workers.pool(workers, "defocusj-dff");
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < workers; t++) {
                    futures.add(pool.submit(() -> {
                        // Each worker takes the next tile until none is left; its buffers serve every tile.
                        Worker worker = new Worker();
                        try {
                            for (int i = next.getAndIncrement(); i < tiles.size() && !failed.get();
                                    i = next.getAndIncrement()) {
                                int[] t4 = tiles.get(i);
                                processTile(t4[0], t4[1], t4[2], t4[3], worker);
                            }
                            nonFinite.addAndGet(worker.measure.nonFiniteSamples());
                        } catch (RuntimeException | Error e) {
                            failed.set(true);
                            throw e;
                        }
                    }));
                }
                Workers.awaitAll(futures);
            } finally {
                pool.shutdownNow();
            }
            finishConfidence();
        }

        /** One thread's buffers, sized for the largest tile. */
        final class Worker {
            final TileMeasure measure;
            final PeakTracker peaks;
            /** The pixels of the current row per channel, for the all-in-focus (null without). */
            final float[][] pixels;
            final float[] rowScratch;
            /** Exact measure rows at their tile positions, as {@link PeakTracker#update(int, int[], int, int)} wants. */
            final int[] tileMeasure;
            /** The measure row as float, when it comes as int but is needed as float. */
            final float[] converted;
            /** The guide of the tile's pixels (null without guided aggregation). */
            final float[] guideTile;
            /** One row's gray values, and the channel read into it (null without a guide). */
            final float[] gray;
            final int[] grayInt;
            final float[] grayChannel;

            Worker() {
                int tw = Math.min(w, TILE_WIDTH);
                // Each worker its own smoothing reader: it keeps row buffers.
                PlaneReader measured = p.measure().smoothsFirst() ? new SmoothedReader(stack.reader(), w, h)
                        : stack.reader();
                measure = new TileMeasure(p.measure(), p.window() / 2, measured, w, h, nC, tw);
                boolean exact = measure.intOutput() && p.allInFocus() == AllInFocusMode.NONE;
                peaks = new PeakTracker(tw * Math.min(h, TILE_HEIGHT), nC, p.allInFocus(), p.aifExponent(), exact,
                        measure.maxIntMeasure(), measure.masks());
                pixels = p.allInFocus() == AllInFocusMode.NONE ? null : new float[nC][tw];
                boolean floatGuide = guide != null && stack.reader().integerLimit() <= 0;
                rowScratch = pixels == null && !floatGuide ? null : new float[w];
                converted = measure.intOutput() && !exact ? new float[tw] : null;
                tileMeasure = exact ? new int[tw * Math.min(h, TILE_HEIGHT)] : null;
                boolean guided = guide != null;
                guideTile = guided ? new float[tw * Math.min(h, TILE_HEIGHT)] : null;
                gray = guided ? new float[tw] : null;
                boolean ints = guided && stack.reader().integerLimit() > 0;
                grayInt = ints ? new int[tw] : null;
                grayChannel = guided && !ints && pixels == null ? new float[tw] : null;
            }
        }

        private void processTile(int x0, int x1, int y0, int y1, Worker wk) {
            int tw = x1 - x0;
            TileMeasure measure = wk.measure;
            PeakTracker peaks = wk.peaks;
            boolean exact = measure.intOutput() && wk.pixels == null;
            peaks.reset(tw * (y1 - y0));
            PlaneReader reader = stack.reader();
            for (int z = 0; z < nF; z++) {
                if (progress.isCancelled()) {
                    throw new CancellationException("cancelled");
                }
                measure.start(z, x0, x1, y0, y1);
                for (int y = y0; y < y1; y++) {
                    measure.next();
                    int at = (y - y0) * tw;
                    if (exact) {
                        System.arraycopy(measure.intRow(), 0, wk.tileMeasure, at, tw);
                        peaks.update(z, wk.tileMeasure, at, at + tw);
                    } else {
                        float[][] px = wk.pixels;
                        if (px != null) {
                            for (int c = 0; c < nC; c++) {
                                reader.readRowPart(c, z, y, x0, x1, px[c], 0, wk.rowScratch);
                            }
                        }
                        float[] m = floatRow(measure, tw, wk.converted);
                        if (measure.masks()) {
                            peaks.update(z, m, px, measure.invalidPixels(), at, tw);
                        } else {
                            peaks.update(z, m, px, at, tw);
                        }
                    }
                    if (wk.guideTile != null) {
                        trackGuide(z, y, x0, x1, at, wk);
                    }
                }
                progress.progress(done.incrementAndGet(), totalUnits, "depth from focus");
            }
            for (int y = y0; y < y1; y++) {
                for (int i = 0; i < tw; i++) {
                    int t = (y - y0) * tw + i;
                    int g = y * w + x0 + i;
                    if (!peaks.hasValidSlice(t, nF)) {
                        // No sample to put a depth on; NaN also keeps it out of the percentile of peaks.
                        best[g] = Float.NaN;
                        depth[g] = Float.NaN;
                        confidence[g] = 0f;
                        if (aif != null) {
                            for (int c = 0; c < nC; c++) {
                                aif[c * n + g] = Float.NaN;
                            }
                        }
                        continue;
                    }
                    float peak = peaks.peak(t);
                    int idx = peaks.peakIndex(t);
                    int start = peaks.flatStart(t);
                    int end = peaks.flatEnd(t);
                    double x;
                    boolean edge = idx == 0 || idx == nF - 1;
                    if (end > start && (edge || start < idx - 1 || end > idx + 1)) {
                        // A flat top: about equally sharp over these slices, so the depth is anywhere in their
                        // range. Defocus blur is symmetric in the interpolation space (dioptres for cameras), so
                        // the middle of the range is the unbiased choice; the first maximum would be its near end
                        // on a clean stack, and anywhere in it where noise decides. A top no wider than the
                        // peak's two neighbours is left to the three-point fit, which uses just those slices:
                        // a peak sampled finely (a microscope's steps) has neighbours within the tolerance, and
                        // the fit places it between slices where the middle of the three could not.
                        x = 0.5 * (coord[start] + coord[end]);
                    } else if (edge) {
                        x = coord[idx];
                    } else {
                        x = PeakInterpolation.vertex(coord[idx - 1], peaks.beforePeak(t), coord[idx], peak,
                                coord[idx + 1], peaks.afterPeak(t));
                    }
                    best[g] = peak;
                    if (guide != null) {
                        guide[g] = wk.guideTile[t];
                    }
                    depth[g] = (float) (space == InterpolationSpace.INVERSE ? 1.0 / x : x);
                    confidence[g] = peak > 0 ? 1f - peaks.sum(t) / nF / peak : 0f;
                    if (aif != null) {
                        for (int c = 0; c < nC; c++) {
                            aif[c * n + g] = peaks.allInFocus(c, t);
                        }
                    }
                }
            }
        }

        /**
         * Keeps, for the row's pixels whose peak is now slice {@code z}, their gray value in it: at the end each
         * pixel holds its value in its own sharpest slice, a crisp guide wherever the depth is right. Reuses the
         * all-in-focus's pixel rows when there are any.
         */
        private void trackGuide(int z, int y, int x0, int x1, int at, Run.Worker wk) {
            int tw = x1 - x0;
            float[] g = wk.gray;
            PlaneReader reader = stack.reader();
            if (wk.pixels != null) {
                System.arraycopy(wk.pixels[0], 0, g, 0, tw);
                for (int c = 1; c < nC; c++) {
                    float[] px = wk.pixels[c];
                    for (int i = 0; i < tw; i++) {
                        g[i] += px[i];
                    }
                }
            } else if (wk.grayInt != null) {
                int[] gi = wk.grayInt;
                reader.readRowPart(0, z, y, x0, x1, gi, 0);
                for (int i = 0; i < tw; i++) {
                    g[i] = gi[i];
                }
                for (int c = 1; c < nC; c++) {
                    reader.readRowPart(c, z, y, x0, x1, gi, 0);
                    for (int i = 0; i < tw; i++) {
                        g[i] += gi[i];
                    }
                }
            } else {
                reader.readRowPart(0, z, y, x0, x1, g, 0, wk.rowScratch);
                for (int c = 1; c < nC; c++) {
                    reader.readRowPart(c, z, y, x0, x1, wk.grayChannel, 0, wk.rowScratch);
                    for (int i = 0; i < tw; i++) {
                        g[i] += wk.grayChannel[i];
                    }
                }
            }
            float[] gt = wk.guideTile;
            PeakTracker peaks = wk.peaks;
            for (int i = 0; i < tw; i++) {
                if (peaks.peakIndex(at + i) == z) {
                    gt[at + i] = g[i];
                }
            }
        }

        /** The measure row as float (exactly, for sums below 2^24). */
        private static float[] floatRow(TileMeasure measure, int tw, float[] converted) {
            if (!measure.intOutput()) {
                return measure.floatRow();
            }
            int[] m = measure.intRow();
            for (int i = 0; i < tw; i++) {
                converted[i] = m[i];
            }
            return converted;
        }

        private void finishConfidence() {
            double p99 = Percentile.of(best, 0.99);
            float knee = (float) (STRENGTH_KNEE * p99);
            for (int g = 0; g < n; g++) {
                float b = best[g];
                float strength = b > 0 ? b / (b + knee) : 0f;
                confidence[g] = Math.max(0f, Math.min(1f, confidence[g] * strength));
            }
            if (guide != null) {
                double[] focus = new double[nF];
                for (int i = 0; i < nF; i++) {
                    focus[i] = stack.focus().get(i);
                }
                java.util.Arrays.sort(focus);
                if (keepRawDepth) {
                    rawDepth = depth.clone();
                }
                ExecutorService pool = Workers.pool(p.threads(), "defocusj-dff");
                try {
                    GuidedRefinement.apply(depth, confidence, guide, w, h, p.guideRadius(), p.guideEpsilon(), focus,
                            new Bands(pool, p.threads()));
                } finally {
                    pool.shutdownNow();
                }
            }
            if (p.minConfidence() > 0) {
                for (int g = 0; g < n; g++) {
                    if (confidence[g] < p.minConfidence()) {
                        depth[g] = Float.NaN;
                    }
                }
                if (p.fill()) {
                    HoleFilling.fillNaN(depth, w, h);
                }
            }
        }
    }
}
