package org.defocusj.dff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import net.imglib2.img.array.ArrayImgs;

import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.ProgressListener;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.PlaneReader;

/**
 * Classical depth from focus. For every pixel the focus measure is followed along the focus axis; depth is
 * the sub-slice position of its peak, interpolated at the slices' real focus distances. The focus axis is
 * streamed: each worker owns a band of rows and keeps only O(1) values per pixel (peak, its neighbours,
 * running sums), so memory stays a small multiple of one slice however many slices there are.
 *
 * <p>Confidence is {@code peakiness * strength}: peakiness {@code 1 - mean/peak} of the pixel's focus curve
 * says how distinct the peak is; strength {@code peak / (peak + 0.05 * P99)} (P99: 99th percentile of peaks
 * over the image) discounts textureless pixels whose curve is noise.
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
        Run run = new Run(stack, params, progress == null ? ProgressListener.NONE : progress);
        run.execute();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("method", name());
        props.put("measure", params.measure().key());
        props.put("window", Integer.toString(params.window()));
        props.put("interpolation", run.space.name().toLowerCase());
        props.put("depth_unit", stack.unit().symbol());
        props.put("relative", Boolean.toString(stack.unit().isRelative()));
        int w = stack.width();
        int h = stack.height();
        return new DepthResult(ArrayImgs.floats(run.depth, w, h), ArrayImgs.floats(run.confidence, w, h),
                run.aif == null ? null : ArrayImgs.floats(run.aif, w, h, stack.channels()), stack.unit(), props);
    }

    /**
     * The state of one estimation. Whole-image arrays hold only what outlives a band (peak measure, outputs);
     * the running per-pixel state of a band lives in its worker's {@link Worker} buffers, reused band after band,
     * so the heap holds a few whole-image float maps plus one band of buffers per thread.
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
        final AtomicLong done = new AtomicLong();
        long totalUnits;

        Run(FocusStack stack, DffParameters p, ProgressListener progress) {
            this.stack = stack;
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
        }

        void execute() {
            int threads = Math.min(p.threads(), Math.max(1, h));
            int bandRows = Math.max(16, (h + threads * 4 - 1) / (threads * 4));
            List<int[]> bands = new ArrayList<>();
            for (int y = 0; y < h; y += bandRows) {
                bands.add(new int[] {y, Math.min(h, y + bandRows)});
            }
            totalUnits = (long) bands.size() * nF;
            int workers = Math.min(threads, bands.size());
            int maxRows = Math.min(bandRows, h);
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean failed = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "defocusj-dff");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < workers; t++) {
                    futures.add(pool.submit(() -> {
                        // Each worker takes the next band until none is left; its buffers serve every band.
                        Worker worker = new Worker(maxRows);
                        try {
                            for (int b = next.getAndIncrement(); b < bands.size() && !failed.get();
                                    b = next.getAndIncrement()) {
                                processBand(bands.get(b)[0], bands.get(b)[1], worker);
                            }
                        } catch (RuntimeException | Error e) {
                            failed.set(true);
                            throw e;
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw new IllegalStateException(cause);
            } finally {
                pool.shutdownNow();
            }
            finishConfidence();
        }

        /** One thread's buffers, sized for the largest band and indexed from the band's first pixel. */
        final class Worker {
            final int halo;
            final float[][] buf;
            final float[] m;
            final float[] mc;
            final float[] prev;
            final float[] sum;
            final int[] bestIdx;
            final float[] before;
            final float[] after;
            final float[] weightSum;
            final FocusMeasure.Scratch scratch;

            Worker(int maxRows) {
                int r = p.window() / 2;
                halo = FocusMeasure.halo(r);
                int bufRows = maxRows + 2 * halo;
                int len = w * maxRows;
                buf = new float[nC][w * bufRows];
                m = new float[len];
                mc = nC > 1 ? new float[len] : null;
                prev = new float[len];
                sum = new float[len];
                bestIdx = new int[len];
                before = new float[len];
                after = new float[len];
                weightSum = p.allInFocus() == AllInFocusMode.WEIGHTED ? new float[len] : null;
                scratch = new FocusMeasure.Scratch(w, bufRows, maxRows, r);
            }
        }

        private void processBand(int y0, int y1, Worker wk) {
            int r = p.window() / 2;
            int halo = wk.halo;
            int rows = y1 - y0;
            int len = w * rows;
            float[][] buf = wk.buf;
            float[] m = wk.m;
            float[] mc = wk.mc;
            float[] prev = wk.prev;
            float[] sum = wk.sum;
            int[] bestIdx = wk.bestIdx;
            float[] before = wk.before;
            float[] after = wk.after;
            float[] weightSum = wk.weightSum;
            FocusMeasure.Scratch scratch = wk.scratch;
            // Running sums start from zero in every band; the other per-pixel state is set at slice 0.
            Arrays.fill(sum, 0, len, 0f);
            if (weightSum != null) {
                Arrays.fill(weightSum, 0, len, 0f);
            }
            PlaneReader reader = stack.reader();
            int base = y0 * w;
            int interior = halo * w;
            double k = p.aifExponent();
            for (int z = 0; z < nF; z++) {
                if (progress.isCancelled()) {
                    throw new CancellationException("cancelled");
                }
                for (int c = 0; c < nC; c++) {
                    readBand(reader, c, z, y0, y1, halo, buf[c]);
                    p.measure().compute(buf[c], w, halo, rows, r, c == 0 ? m : mc, scratch);
                    if (c > 0) {
                        for (int i = 0; i < len; i++) {
                            m[i] += mc[i];
                        }
                    }
                }
                for (int i = 0; i < len; i++) {
                    int g = base + i;
                    float v = m[i];
                    sum[i] += v;
                    if (z == 0 || v > best[g]) {
                        if (weightSum != null && z > 0) {
                            float scale = (float) ratioPower(best[g], v, k);
                            weightSum[i] *= scale;
                            for (int c = 0; c < nC; c++) {
                                aif[c * n + g] *= scale;
                            }
                        }
                        best[g] = v;
                        bestIdx[i] = z;
                        before[i] = z == 0 ? Float.NaN : prev[i];
                        after[i] = Float.NaN;
                        if (p.allInFocus() == AllInFocusMode.SHARPEST) {
                            for (int c = 0; c < nC; c++) {
                                aif[c * n + g] = buf[c][interior + i];
                            }
                        }
                    } else if (bestIdx[i] == z - 1) {
                        after[i] = v;
                    }
                    if (weightSum != null) {
                        float wgt = best[g] > 0 ? (float) ratioPower(v, best[g], k) : 1f;
                        weightSum[i] += wgt;
                        for (int c = 0; c < nC; c++) {
                            aif[c * n + g] += wgt * buf[c][interior + i];
                        }
                    }
                    prev[i] = v;
                }
                progress.progress(done.incrementAndGet(), totalUnits, "depth from focus");
            }
            for (int i = 0; i < len; i++) {
                int g = base + i;
                int idx = bestIdx[i];
                double x;
                if (idx == 0 || idx == nF - 1) {
                    x = coord[idx];
                } else {
                    x = PeakInterpolation.vertex(coord[idx - 1], before[i], coord[idx], best[g], coord[idx + 1],
                            after[i]);
                }
                depth[g] = (float) (space == InterpolationSpace.INVERSE ? 1.0 / x : x);
                confidence[g] = best[g] > 0 ? 1f - sum[i] / nF / best[g] : 0f;
                if (weightSum != null) {
                    for (int c = 0; c < nC; c++) {
                        aif[c * n + g] /= weightSum[i];
                    }
                }
            }
        }

        /** Rows y0 - halo .. y1 + halo of one plane into buf, replicating the image's edge rows. */
        private void readBand(PlaneReader reader, int c, int z, int y0, int y1, int halo, float[] buf) {
            int top = y0 - halo;
            int a = Math.max(0, top);
            int b = Math.min(h, y1 + halo);
            reader.readRows(c, z, a, b, buf, (a - top) * w);
            for (int y = top; y < a; y++) {
                System.arraycopy(buf, (a - top) * w, buf, (y - top) * w, w);
            }
            for (int y = b; y < y1 + halo; y++) {
                System.arraycopy(buf, (b - 1 - top) * w, buf, (y - top) * w, w);
            }
        }

        private void finishConfidence() {
            double p99 = Percentile.of(best, 0.99);
            float knee = (float) (STRENGTH_KNEE * p99);
            for (int g = 0; g < n; g++) {
                float b = best[g];
                float strength = b > 0 ? b / (b + knee) : 0f;
                confidence[g] = Math.max(0f, Math.min(1f, confidence[g] * strength));
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
