package org.defocusj.dff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    /** The state of one estimation: per-pixel arrays written by band workers, each owning disjoint rows. */
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
        final float[] best;
        final int[] bestIdx;
        final float[] before;
        final float[] after;
        final float[] sum;
        final float[] aif;
        final float[] weightSum;
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
            bestIdx = new int[n];
            before = new float[n];
            after = new float[n];
            sum = new float[n];
            aif = p.allInFocus() == AllInFocusMode.NONE ? null : new float[n * nC];
            weightSum = p.allInFocus() == AllInFocusMode.WEIGHTED ? new float[n] : null;
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
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "defocusj-dff");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int[] band : bands) {
                    futures.add(pool.submit(() -> processBand(band[0], band[1])));
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

        private void processBand(int y0, int y1) {
            int r = p.window() / 2;
            int halo = FocusMeasure.halo(r);
            int rows = y1 - y0;
            int bufRows = rows + 2 * halo;
            float[][] buf = new float[nC][w * bufRows];
            float[] m = new float[w * rows];
            float[] mc = nC > 1 ? new float[w * rows] : null;
            float[] prev = new float[w * rows];
            FocusMeasure.Scratch scratch = new FocusMeasure.Scratch(w, bufRows, rows, r);
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
                        for (int i = 0; i < m.length; i++) {
                            m[i] += mc[i];
                        }
                    }
                }
                for (int i = 0; i < m.length; i++) {
                    int g = base + i;
                    float v = m[i];
                    sum[g] += v;
                    if (z == 0 || v > best[g]) {
                        if (weightSum != null && z > 0) {
                            float scale = (float) ratioPower(best[g], v, k);
                            weightSum[g] *= scale;
                            for (int c = 0; c < nC; c++) {
                                aif[c * n + g] *= scale;
                            }
                        }
                        best[g] = v;
                        bestIdx[g] = z;
                        before[g] = z == 0 ? Float.NaN : prev[i];
                        after[g] = Float.NaN;
                        if (p.allInFocus() == AllInFocusMode.SHARPEST) {
                            for (int c = 0; c < nC; c++) {
                                aif[c * n + g] = buf[c][interior + i];
                            }
                        }
                    } else if (bestIdx[g] == z - 1) {
                        after[g] = v;
                    }
                    if (weightSum != null) {
                        float wgt = best[g] > 0 ? (float) ratioPower(v, best[g], k) : 1f;
                        weightSum[g] += wgt;
                        for (int c = 0; c < nC; c++) {
                            aif[c * n + g] += wgt * buf[c][interior + i];
                        }
                    }
                    prev[i] = v;
                }
                progress.progress(done.incrementAndGet(), totalUnits, "depth from focus");
            }
            for (int i = 0; i < m.length; i++) {
                int g = base + i;
                int idx = bestIdx[g];
                double x;
                if (idx == 0 || idx == nF - 1) {
                    x = coord[idx];
                } else {
                    x = PeakInterpolation.vertex(coord[idx - 1], before[g], coord[idx], best[g], coord[idx + 1],
                            after[g]);
                }
                depth[g] = (float) (space == InterpolationSpace.INVERSE ? 1.0 / x : x);
                confidence[g] = best[g] > 0 ? 1f - sum[g] / nF / best[g] : 0f;
                if (weightSum != null) {
                    for (int c = 0; c < nC; c++) {
                        aif[c * n + g] /= weightSum[g];
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
