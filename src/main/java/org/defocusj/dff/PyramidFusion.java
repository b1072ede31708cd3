package org.defocusj.dff;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import org.defocusj.depth.ProgressListener;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.PlaneReader;

/**
 * The multi-scale all-in-focus composite (Burt and Adelson's Laplacian pyramid blending, as exposure fusion uses
 * it): every slice is split into band-pass levels, each level is blended over the slices with that slice's
 * weights smoothed to the level's scale, and the blended levels are collapsed. The weights come from the
 * <em>final</em> depth map, not from the focus measure: a pixel takes the slices around its own depth (a
 * biweight of {@link #RADIUS} slices around its fractional slice index), so the rim that a blurred foreground
 * edge leaves on the background, sharp-looking but at the foreground's slice, is not fused in. Fine levels follow
 * the depth pixel by pixel; coarse levels mix the neighbours' slices smoothly, which hides the seams that
 * exposure or colour changes between slices would leave at depth edges.
 *
 * <p>A second pass over the slices, after the depth is known. Memory: per level a sum of weighted coefficients per
 * channel and a sum of weights (together (channels + 1) x 4/3 of one plane), and one slice's pyramids at a time;
 * nothing per slice is kept. Pixels that are not finite in a slice get weight 0 there; so that they do not ring
 * into their neighbours' band-pass coefficients, they are first filled smoothly from that slice's valid pixels. A
 * pixel valid in no slice comes out NaN.
 */
final class PyramidFusion {

    /**
     * Half-width in slices of the weight around a pixel's depth: the slice at its depth, else the two that bracket it.
     * Wider mixes in blurred neighbours (on rendered stacks 1.5 slices cost 3 dB of PSNR against the sharp image, 0.6
     * gained 0.1 dB); narrower keeps less of the averaging that lowers sensor noise.
     */
    static final double RADIUS = 1.0;
    /**
     * Weight every valid sample has at least, so that a pixel whose valid slices all lie far from its depth (masked
     * elsewhere) still gets a value; far below the biweight's values near the depth.
     */
    private static final float FLOOR = 1e-6f;
    /** The coarsest level is the first whose smaller side is below twice this. */
    private static final int MIN_SIDE = 8;

    private final FocusStack stack;
    private final int threads;
    private final int nC;
    private final int nF;
    /** Level sizes, level 0 the image. */
    private final int[] lw;
    private final int[] lh;
    private final int top;
    /** Sums over slices: {@code num[level][channel]} of weighted coefficients, {@code den[level]} of weights. */
    private final float[][][] num;
    private final float[][] den;
    /** One slice's Gaussian pyramid (of a channel, then reused) and weight pyramid. */
    private final float[][] gauss;
    private final float[][] weight;
    /** Horizontal pass of the downsampling, at the finest level's size. */
    private final float[] halfRows;

    private PyramidFusion(FocusStack stack, int threads) {
        this.stack = stack;
        this.threads = threads;
        nC = stack.channels();
        nF = stack.slices();
        int levels = 1;
        for (int w = stack.width(), h = stack.height(); Math.min(w, h) >= 2 * MIN_SIDE; w = (w + 1) / 2,
                h = (h + 1) / 2) {
            levels++;
        }
        lw = new int[levels];
        lh = new int[levels];
        lw[0] = stack.width();
        lh[0] = stack.height();
        for (int l = 1; l < levels; l++) {
            lw[l] = (lw[l - 1] + 1) / 2;
            lh[l] = (lh[l - 1] + 1) / 2;
        }
        top = levels - 1;
        num = new float[levels][nC][];
        den = new float[levels][];
        gauss = new float[levels][];
        weight = new float[levels][];
        for (int l = 0; l < levels; l++) {
            int size = lw[l] * lh[l];
            for (int c = 0; c < nC; c++) {
                num[l][c] = new float[size];
            }
            den[l] = new float[size];
            gauss[l] = new float[size];
            weight[l] = new float[size];
        }
        halfRows = new float[levels > 1 ? lw[1] * lh[0] : 0];
    }

    /**
     * The composite, channel-planar ({@code c * w * h + y * w + x}).
     *
     * @param sliceIndex each pixel's depth as a fractional slice index (NaN: unknown, then its neighbours' are used)
     */
    static float[] fuse(FocusStack stack, float[] sliceIndex, int threads, ProgressListener progress) {
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            return pool.submit(() -> new PyramidFusion(stack, threads).run(sliceIndex, progress)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Each pixel's depth as a fractional slice index: the depth in the interpolation space (where the peak was fitted)
     * placed between the two slices around it. Depths outside the stack's range are clamped to its ends.
     */
    static float[] sliceIndex(float[] depth, double[] coord, InterpolationSpace space) {
        int nF = coord.length;
        boolean increasing = coord[nF - 1] > coord[0];
        float[] s = new float[depth.length];
        for (int i = 0; i < depth.length; i++) {
            float d = depth[i];
            if (!Float.isFinite(d)) {
                s[i] = Float.NaN;
                continue;
            }
            double x = space == InterpolationSpace.INVERSE ? 1.0 / d : d;
            int lo = 0;
            int hi = nF - 1;
            if (increasing ? x <= coord[0] : x >= coord[0]) {
                s[i] = 0;
                continue;
            }
            if (increasing ? x >= coord[hi] : x <= coord[hi]) {
                s[i] = hi;
                continue;
            }
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (increasing ? coord[mid] <= x : coord[mid] >= x) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            s[i] = (float) (lo + (x - coord[lo]) / (coord[hi] - coord[lo]));
        }
        return s;
    }

    private float[] run(float[] sliceIndex, ProgressListener progress) {
        int w = lw[0];
        int h = lh[0];
        int n = w * h;
        float[] index = sliceIndex.clone();
        boolean anyKnown = false;
        boolean anyUnknown = false;
        for (float v : index) {
            anyKnown |= !Float.isNaN(v);
            anyUnknown |= Float.isNaN(v);
        }
        if (!anyKnown) {
            Arrays.fill(index, (nF - 1) / 2f);
        } else if (anyUnknown) {
            HoleFilling.fillNaN(index, w, h);
        }
        PlaneReader reader = stack.reader();
        boolean mayBeNonFinite = reader.integerLimit() == 0;
        boolean[] invalid = mayBeNonFinite ? new boolean[n] : null;
        for (int z = 0; z < nF; z++) {
            if (progress.isCancelled()) {
                throw new CancellationException("cancelled");
            }
            boolean someInvalid = mayBeNonFinite && markInvalid(reader, z, invalid);
            sliceWeights(z, index, someInvalid ? invalid : null);
            for (int l = 1; l <= top; l++) {
                down(weight[l - 1], l - 1, weight[l]);
            }
            for (int l = 0; l <= top; l++) {
                add(den[l], weight[l], lw[l] * lh[l]);
            }
            for (int c = 0; c < nC; c++) {
                float[] plane = gauss[0];
                int channel = c;
                int slice = z;
                rows(h, (y0, y1) -> reader.readRows(channel, slice, y0, y1, plane, y0 * w));
                if (someInvalid) {
                    fillInvalid(plane, invalid);
                }
                for (int l = 1; l <= top; l++) {
                    down(gauss[l - 1], l - 1, gauss[l]);
                }
                for (int l = 0; l < top; l++) {
                    accumulateBand(l, num[l][c]);
                }
                float[] acc = num[top][c];
                float[] g = gauss[top];
                float[] wt = weight[top];
                for (int i = 0; i < g.length; i++) {
                    acc[i] += wt[i] * g[i];
                }
            }
            progress.progress(z + 1, nF, "all-in-focus");
        }
        return collapse();
    }

    /** Marks the pixels of slice {@code z} that are not finite in some channel; true when there are any. */
    private boolean markInvalid(PlaneReader reader, int z, boolean[] invalid) {
        Arrays.fill(invalid, false);
        float[] plane = gauss[0];
        boolean any = false;
        for (int c = 0; c < nC; c++) {
            reader.readRows(c, z, 0, lh[0], plane, 0);
            for (int i = 0; i < plane.length; i++) {
                if (!Float.isFinite(plane[i])) {
                    invalid[i] = true;
                    any = true;
                }
            }
        }
        return any;
    }

    /** Replaces the invalid pixels of a channel by the smooth surface through its valid ones (0 if none is valid). */
    private void fillInvalid(float[] plane, boolean[] invalid) {
        boolean anyValid = false;
        for (int i = 0; i < plane.length; i++) {
            if (invalid[i]) {
                plane[i] = Float.NaN;
            } else {
                anyValid = true;
            }
        }
        if (anyValid) {
            HoleFilling.fillNaN(plane, lw[0], lh[0]);
        } else {
            Arrays.fill(plane, 0f);
        }
    }

    /** Level-0 weights of slice {@code z}: the biweight of its distance in slices from each pixel's depth. */
    private void sliceWeights(int z, float[] index, boolean[] invalid) {
        float[] wt = weight[0];
        float inv = (float) (1 / RADIUS);
        rows(lh[0], (y0, y1) -> {
            for (int i = y0 * lw[0], end = y1 * lw[0]; i < end; i++) {
                float d = (z - index[i]) * inv;
                float q = Math.max(0f, 1f - d * d);
                wt[i] = q * q + FLOOR;
            }
            if (invalid != null) {
                for (int i = y0 * lw[0], end = y1 * lw[0]; i < end; i++) {
                    if (invalid[i]) {
                        wt[i] = 0f;
                    }
                }
            }
        });
    }

    private static void add(float[] acc, float[] v, int size) {
        for (int i = 0; i < size; i++) {
            acc[i] += v[i];
        }
    }

    /** {@code acc += weight * (G_l - expand(G_{l+1}))} at level {@code l}, the band-pass of this slice. */
    private void accumulateBand(int l, float[] acc) {
        int w = lw[l];
        float[] g = gauss[l];
        float[] wt = weight[l];
        rows(lh[l], (y0, y1) -> {
            float[] column = new float[lw[l + 1]];
            float[] up = new float[w];
            for (int y = y0; y < y1; y++) {
                expandRow(gauss[l + 1], l + 1, y, column, up);
                int at = y * w;
                for (int x = 0; x < w; x++) {
                    acc[at + x] += wt[at + x] * (g[at + x] - up[x]);
                }
            }
        });
    }

    /** Normalises each level's sums and collapses the pyramid: level l plus the expansion of the coarser result. */
    private float[] collapse() {
        int n = lw[0] * lh[0];
        float[] out = new float[n * nC];
        for (int c = 0; c < nC; c++) {
            int channel = c;
            for (int l = top; l >= 0; l--) {
                float[] acc = num[l][c];
                float[] d = den[l];
                int w = lw[l];
                int level = l;
                rows(lh[l], (y0, y1) -> {
                    float[] column = level < top ? new float[lw[level + 1]] : null;
                    float[] up = new float[w];
                    for (int y = y0; y < y1; y++) {
                        if (level < top) {
                            expandRow(num[level + 1][channel], level + 1, y, column, up);
                        }
                        int at = y * w;
                        for (int x = 0; x < w; x++) {
                            float dv = d[at + x];
                            acc[at + x] = (dv > 0 ? acc[at + x] / dv : 0f) + (level < top ? up[x] : 0f);
                        }
                    }
                });
            }
            float[] fused = num[0][c];
            float[] d0 = den[0];
            for (int i = 0; i < n; i++) {
                out[c * n + i] = d0[i] > 0 ? fused[i] : Float.NaN;
            }
        }
        return out;
    }

    /**
     * Row {@code y} of the finer level of the expansion of {@code coarse} (level {@code l}): samples at even
     * positions, the 5-tap binomial kernel doubled, which at even outputs is (1, 6, 1) / 8 and at odd ones (1, 1) / 2;
     * mirrored at the borders.
     */
    private void expandRow(float[] coarse, int l, int y, float[] column, float[] out) {
        int cw = lw[l];
        int ch = lh[l];
        int r = y >> 1;
        if ((y & 1) == 0) {
            int a = mirror(r - 1, ch) * cw;
            int b = r * cw;
            int c = mirror(r + 1, ch) * cw;
            for (int x = 0; x < cw; x++) {
                column[x] = (coarse[a + x] + 6 * coarse[b + x] + coarse[c + x]) * 0.125f;
            }
        } else {
            int b = r * cw;
            int c = mirror(r + 1, ch) * cw;
            for (int x = 0; x < cw; x++) {
                column[x] = (coarse[b + x] + coarse[c + x]) * 0.5f;
            }
        }
        int w = out.length;
        for (int x = 0; x < w; x++) {
            int m = x >> 1;
            if ((x & 1) == 0) {
                out[x] = (column[mirror(m - 1, cw)] + 6 * column[m] + column[mirror(m + 1, cw)]) * 0.125f;
            } else {
                out[x] = (column[m] + column[mirror(m + 1, cw)]) * 0.5f;
            }
        }
    }

    /**
     * {@code dst} (level l + 1) = {@code src} (level l) filtered with the 5-tap binomial (1, 4, 6, 4, 1) / 16 in x and
     * y and sampled at even positions, mirrored at the borders: each output a convex combination of inputs, so that
     * weights summed over slices stay summed at every level.
     */
    private void down(float[] src, int l, float[] dst) {
        int w = lw[l];
        int h = lh[l];
        int w2 = lw[l + 1];
        int h2 = lh[l + 1];
        float[] tmp = halfRows;
        rows(h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int in = y * w;
                int out = y * w2;
                for (int x = 0; x < w2; x++) {
                    int c = 2 * x;
                    float v;
                    if (c >= 2 && c + 2 < w) {
                        v = src[in + c - 2] + src[in + c + 2] + 4 * (src[in + c - 1] + src[in + c + 1])
                                + 6 * src[in + c];
                    } else {
                        v = src[in + mirror(c - 2, w)] + src[in + mirror(c + 2, w)]
                                + 4 * (src[in + mirror(c - 1, w)] + src[in + mirror(c + 1, w)]) + 6 * src[in + c];
                    }
                    tmp[out + x] = v * 0.0625f;
                }
            }
        });
        rows(h2, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int c = 2 * y;
                int a = mirror(c - 2, h) * w2;
                int b = mirror(c - 1, h) * w2;
                int m = c * w2;
                int d = mirror(c + 1, h) * w2;
                int e = mirror(c + 2, h) * w2;
                int out = y * w2;
                for (int x = 0; x < w2; x++) {
                    dst[out + x] = (tmp[a + x] + tmp[e + x] + 4 * (tmp[b + x] + tmp[d + x]) + 6 * tmp[m + x])
                            * 0.0625f;
                }
            }
        });
    }

    private static int mirror(int i, int n) {
        if (i < 0) {
            return Math.min(-i, n - 1);
        }
        return i >= n ? Math.max(0, 2 * n - 2 - i) : i;
    }

    /** Work on rows {@code [y0, y1)}. */
    private interface RowBand {
        void run(int y0, int y1);
    }

    /** Runs {@code band} over row bands of {@code height} rows in this fusion's pool (the caller's). */
    private void rows(int height, RowBand band) {
        int bands = Math.min(height, threads * 4);
        if (bands <= 1 || height < 64) {
            band.run(0, height);
            return;
        }
        IntStream.range(0, bands).parallel().forEach(b -> band.run(height * b / bands, height * (b + 1) / bands));
    }
}
