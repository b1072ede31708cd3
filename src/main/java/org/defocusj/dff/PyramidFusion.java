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
     * In stacks with non-finite pixels, the weight every valid sample has at least, so that a pixel whose valid
     * slices all lie far from its depth still gets a value; far below the biweight's values near the depth. Other
     * stacks use 0, so that the band-pass levels can skip what a slice does not weigh.
     */
    private static final float FLOOR = 1e-6f;
    /** Columns whose weights are checked together before a band-pass row part is skipped. */
    private static final int SEGMENT = 64;
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
    /**
     * Sums over slices: {@code num[level][channel]} of weighted coefficients, {@code den[level]} of weights (level 0
     * summed slice by slice, the others its Gaussian pyramid).
     */
    private final float[][][] num;
    private final float[][] den;
    /** One slice's Gaussian pyramid (of a channel, then reused) and weight pyramid. */
    private final float[][] gauss;
    private final float[][] weight;
    /** Vertical pass of the downsampling: the finest level's width, half its rows. */
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
        halfRows = new float[levels > 1 ? lw[0] * lh[1] : 0];
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
            throw unchecked(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a worker threw, as the caller's own exception (errors such as OutOfMemoryError pass as they are). */
    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
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
        boolean[] invalid = reader.integerLimit() == 0 ? new boolean[n] : null;
        boolean anyInvalid = false;
        for (int z = 0; z < nF && invalid != null && !anyInvalid; z++) {
            anyInvalid = markInvalid(reader, z, invalid);
        }
        float floor = anyInvalid ? FLOOR : 0f;
        for (int z = 0; z < nF; z++) {
            if (progress.isCancelled()) {
                throw new CancellationException("cancelled");
            }
            boolean someInvalid = anyInvalid && markInvalid(reader, z, invalid);
            sliceWeights(z, index, someInvalid ? invalid : null, floor);
            for (int l = 1; l <= top; l++) {
                down(weight[l - 1], l - 1, weight[l]);
            }
            // Downsampling is linear: the coarse levels' sums of weights are built once, at the end.
            add(den[0], weight[0], w * h);
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
    private void sliceWeights(int z, float[] index, boolean[] invalid, float floor) {
        float[] wt = weight[0];
        float inv = (float) (1 / RADIUS);
        rows(lh[0], (y0, y1) -> {
            for (int i = y0 * lw[0], end = y1 * lw[0]; i < end; i++) {
                float d = (z - index[i]) * inv;
                float q = Math.max(0f, 1f - d * d);
                wt[i] = q * q + floor;
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

    /**
     * {@code acc += weight * (G_l - expand(G_{l+1}))} at level {@code l}, the band-pass of this slice, only where the
     * weight is not 0: at fine levels a slice weighs only near its own depth, so most of it is skipped, exactly.
     */
    private void accumulateBand(int l, float[] acc) {
        int w = lw[l];
        float[] g = gauss[l];
        float[] wt = weight[l];
        rows(lh[l], (y0, y1) -> {
            float[] column = new float[lw[l + 1]];
            float[] up = new float[w];
            for (int y = y0; y < y1; y++) {
                int at = y * w;
                for (int x0 = 0; x0 < w; ) {
                    // The next run of segments holding a weight above 0.
                    while (x0 < w && !anyPositive(wt, at + x0, at + Math.min(w, x0 + SEGMENT))) {
                        x0 += SEGMENT;
                    }
                    if (x0 >= w) {
                        break;
                    }
                    int x1 = Math.min(w, x0 + SEGMENT);
                    while (x1 < w && anyPositive(wt, at + x1, at + Math.min(w, x1 + SEGMENT))) {
                        x1 = Math.min(w, x1 + SEGMENT);
                    }
                    expandRow(gauss[l + 1], l + 1, y, x0, x1, column, up);
                    for (int x = x0; x < x1; x++) {
                        acc[at + x] += wt[at + x] * (g[at + x] - up[x]);
                    }
                    x0 = x1;
                }
            }
        });
    }

    private static boolean anyPositive(float[] v, int from, int to) {
        float max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, v[i]);
        }
        return max > 0;
    }

    /** Normalises each level's sums and collapses the pyramid: level l plus the expansion of the coarser result. */
    private float[] collapse() {
        for (int l = 1; l <= top; l++) {
            down(den[l - 1], l - 1, den[l]);
        }
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
                            expandRow(num[level + 1][channel], level + 1, y, 0, w, column, up);
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
     * Columns {@code [x0, x1)} of row {@code y} of the finer level of the expansion of {@code coarse} (level
     * {@code l}): samples at even positions, the 5-tap binomial kernel doubled, which at even outputs is (1, 6, 1) / 8
     * and at odd ones (1, 1) / 2; mirrored at the borders. {@code column} holds the vertical pass (coarse width).
     */
    private void expandRow(float[] coarse, int l, int y, int x0, int x1, float[] column, float[] out) {
        int cw = lw[l];
        int ch = lh[l];
        int r = y >> 1;
        int m0 = Math.max(0, (x0 >> 1) - 1);
        int m1 = Math.min(cw, (x1 >> 1) + 2);
        int b = r * cw;
        int c = mirror(r + 1, ch) * cw;
        if ((y & 1) == 0) {
            int a = mirror(r - 1, ch) * cw;
            for (int x = m0; x < m1; x++) {
                column[x] = (coarse[a + x] + 6 * coarse[b + x] + coarse[c + x]) * 0.125f;
            }
        } else {
            for (int x = m0; x < m1; x++) {
                column[x] = (coarse[b + x] + coarse[c + x]) * 0.5f;
            }
        }
        int w = out.length;
        int x = x0;
        if ((x & 1) == 1) {
            int m = x >> 1;
            out[x] = (column[m] + column[mirror(m + 1, cw)]) * 0.5f;
            x++;
        }
        // Pairs (even, odd) whose neighbours are inside: no mirroring, no branch.
        int pairsEnd = Math.min(x1, 2 * (cw - 1));
        for (; x + 1 < pairsEnd; x += 2) {
            int m = x >> 1;
            float left = m > 0 ? column[m - 1] : column[1];
            float mid = column[m];
            float right = column[m + 1];
            out[x] = (left + 6 * mid + right) * 0.125f;
            out[x + 1] = (mid + right) * 0.5f;
        }
        for (; x < x1 && x < w; x++) {
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
     * weights summed over slices stay summed at every level. The vertical pass comes first: it runs along whole rows
     * (vectorised), leaving the strided horizontal pass only half the rows.
     */
    private void down(float[] src, int l, float[] dst) {
        int w = lw[l];
        int h = lh[l];
        int w2 = lw[l + 1];
        int h2 = lh[l + 1];
        float[] tmp = halfRows;
        rows(h2, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int c = 2 * y;
                int a = mirror(c - 2, h) * w;
                int b = mirror(c - 1, h) * w;
                int m = c * w;
                int d = mirror(c + 1, h) * w;
                int e = mirror(c + 2, h) * w;
                int out = y * w;
                for (int x = 0; x < w; x++) {
                    tmp[out + x] = src[a + x] + src[e + x] + 4 * (src[b + x] + src[d + x]) + 6 * src[m + x];
                }
                for (int x = 0; x < w2; x++) {
                    int cx = 2 * x;
                    float v;
                    if (cx >= 2 && cx + 2 < w) {
                        v = tmp[out + cx - 2] + tmp[out + cx + 2] + 4 * (tmp[out + cx - 1] + tmp[out + cx + 1])
                                + 6 * tmp[out + cx];
                    } else {
                        v = tmp[out + mirror(cx - 2, w)] + tmp[out + mirror(cx + 2, w)]
                                + 4 * (tmp[out + mirror(cx - 1, w)] + tmp[out + mirror(cx + 1, w)]) + 6 * tmp[out + cx];
                    }
                    dst[y * w2 + x] = v * (1f / 256);
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
