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
 * channel and a sum of weights (together (channels + 1) x 4/3 of one plane), and one slice's pyramids from level 1
 * on ((channels + 1) x 1/3); nothing per slice is kept. Level 0 of a slice is streamed: its rows are read into a
 * ring of five for the first downsampling, and read again (with their weights computed again) only in the row
 * segments where the slice weighs; the pass is bound by memory traffic, not arithmetic. Pixels that are not finite
 * in a slice get weight 0 there; so that they do not ring into their neighbours' band-pass coefficients, they are
 * first filled smoothly from that slice's valid pixels (the slice's channels are then held whole, filled). A pixel
 * valid in no slice comes out NaN. The sums run over the slices in order whatever the number of threads, so the
 * composite does not depend on it.
 */
final class PyramidFusion {

    /**
     * Half-width in slices of the weight around a pixel's depth: the slice at its depth, else the two that bracket it.
     * Wider mixes in blurred neighbours (on rendered stacks 1.5 slices cost 3 dB of PSNR against the sharp image, 0.6
     * gained 0.1 dB); narrower keeps less of the averaging that lowers sensor noise.
     */
    static final double RADIUS = 1.0;
    /** {@link #RADIUS} with a margin, so that float rounding of the weights never makes a skipped pixel weigh. */
    private static final double REACH = RADIUS * 1.001;
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
    /**
     * One slice's Gaussian pyramids from level 1 on, {@code gauss[level][channel]}, and its weight pyramid. All
     * channels at once, so that a packed colour row is read from memory once for the three of them. Level 0 is
     * not kept: its rows are read (and its weights computed) where they are used, in cache, which saves more
     * memory traffic than anything else here.
     */
    private final float[][][] gauss;
    private final float[][] weight;
    /** With non-finite pixels in the stack: this slice's channels, read whole and filled. */
    private float[][] filled;
    /** Per level and row, whether each {@link #SEGMENT} of this slice's weights holds one above 0. */
    private final boolean[][] live;
    /** The smallest and largest depth (slice index) in each level-0 row segment. */
    private float[] depthMin;
    private float[] depthMax;

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
        gauss = new float[levels][nC][];
        weight = new float[levels][];
        for (int l = 0; l < levels; l++) {
            int size = lw[l] * lh[l];
            for (int c = 0; c < nC; c++) {
                num[l][c] = new float[size];
            }
            den[l] = new float[size];
            if (l > 0) {
                for (int c = 0; c < nC; c++) {
                    gauss[l][c] = new float[size];
                }
                weight[l] = new float[size];
            }
        }
        live = new boolean[levels][];
        for (int l = 0; l < levels; l++) {
            live[l] = new boolean[lh[l] * segments(lw[l])];
        }
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
        depthRange(index);
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
            boolean[] bad = someInvalid ? invalid : null;
            int slice = z;
            RowFill weigh = (p, y, dst, offset) -> sliceWeights(slice, index, bad, floor, y, 0, w, dst, offset);
            RowFill read = (c, y, dst, offset) -> reader.readRows(c, slice, y, y + 1, dst, offset);
            if (someInvalid) {
                // The fill needs the whole plane before any of it is filtered.
                if (filled == null) {
                    filled = new float[nC][n];
                }
                for (int c = 0; c < nC; c++) {
                    float[] plane = filled[c];
                    int channel = c;
                    rows(h, (y0, y1) -> reader.readRows(channel, slice, y0, y1, plane, y0 * w));
                    fillInvalid(plane, invalid);
                }
                read = (c, y, dst, offset) -> System.arraycopy(filled[c], y * w, dst, offset, w);
            }
            for (int l = 1; l <= top; l++) {
                down(new float[][] {weight[l - 1]}, l - 1, new float[][] {weight[l]}, l == 1 ? weigh : null);
                down(gauss[l - 1], l - 1, gauss[l], l == 1 ? read : null);
            }
            markLive(z, floor > 0);
            RowPart part = someInvalid ? (c, y, x0, x1, dst, scratch) -> System.arraycopy(filled[c], y * w + x0, dst, 0,
                    x1 - x0) : (c, y, x0, x1, dst, scratch) -> reader.readRowPart(c, slice, y, x0, x1, dst, 0, scratch);
            accumulateFinest(z, index, bad, floor, part);
            for (int c = 0; c < nC && top > 0; c++) {
                for (int l = 1; l < top; l++) {
                    accumulateBand(l, c);
                }
                float[] acc = num[top][c];
                float[] g = gauss[top][c];
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
        int w = lw[0];
        float[] row = new float[w];
        boolean any = false;
        for (int c = 0; c < nC; c++) {
            for (int y = 0; y < lh[0]; y++) {
                reader.readRows(c, z, y, y + 1, row, 0);
                for (int x = 0; x < w; x++) {
                    if (!Float.isFinite(row[x])) {
                        invalid[y * w + x] = true;
                        any = true;
                    }
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

    /**
     * Columns {@code [x0, x1)} of row {@code y} of the level-0 weights of slice {@code z}: the biweight of its
     * distance in slices from each pixel's depth.
     */
    private void sliceWeights(int z, float[] index, boolean[] invalid, float floor, int y, int x0, int x1, float[] wt,
            int offset) {
        int at = y * lw[0] + x0;
        int n = x1 - x0;
        float inv = (float) (1 / RADIUS);
        for (int x = 0; x < n; x++) {
            float d = (z - index[at + x]) * inv;
            float q = Math.max(0f, 1f - d * d);
            wt[offset + x] = q * q + floor;
        }
        if (invalid != null) {
            for (int x = 0; x < n; x++) {
                if (invalid[at + x]) {
                    wt[offset + x] = 0f;
                }
            }
        }
    }

    /** Reads columns {@code [x0, x1)} of row {@code y} of channel {@code c} of this slice into {@code dst}. */
    private interface RowPart {
        void read(int c, int y, int x0, int x1, float[] dst, float[] scratch);
    }

    /**
     * Level 0 of {@link #accumulateBand}, and its sum of weights, from rows read and weights computed here: only
     * the segments {@link #markLive} marked are touched (all of them when level 0 is the top, without expansion).
     */
    private void accumulateFinest(int z, float[] index, boolean[] invalid, float floor, RowPart part) {
        int w = lw[0];
        int segs = segments(w);
        boolean[] on = live[0];
        float[] d0 = den[0];
        rows(lh[0], (y0, y1) -> {
            float[] column = top > 0 ? new float[lw[1]] : null;
            float[] up = new float[w];
            float[] g = new float[w];
            float[] wt = new float[w];
            float[] scratch = new float[w];
            for (int y = y0; y < y1; y++) {
                int at = y * w;
                int s = y * segs;
                for (int k = 0; k < segs; ) {
                    while (top > 0 && k < segs && !on[s + k]) {
                        k++;
                    }
                    if (k >= segs) {
                        break;
                    }
                    int k1 = k + 1;
                    while (k1 < segs && (top == 0 || on[s + k1])) {
                        k1++;
                    }
                    int x0 = k * SEGMENT;
                    int x1 = Math.min(w, k1 * SEGMENT);
                    int n = x1 - x0;
                    sliceWeights(z, index, invalid, floor, y, x0, x1, wt, 0);
                    add(d0, at + x0, wt, 0, n);
                    for (int c = 0; c < nC; c++) {
                        part.read(c, y, x0, x1, g, scratch);
                        float[] acc = num[0][c];
                        if (top > 0) {
                            expandRow(gauss[1][c], 1, y, x0, x1, column, up);
                            for (int x = 0; x < n; x++) {
                                acc[at + x0 + x] += wt[x] * (g[x] - up[x0 + x]);
                            }
                        } else {
                            for (int x = 0; x < n; x++) {
                                acc[at + x0 + x] += wt[x] * g[x];
                            }
                        }
                    }
                    k = k1;
                }
            }
        });
    }

    private static void add(float[] acc, int at, float[] v, int from, int size) {
        for (int i = 0; i < size; i++) {
            acc[at + i] += v[from + i];
        }
    }

    /**
     * {@code acc += weight * (G_l - expand(G_{l+1}))} at level {@code l}, the band-pass of this slice, only in the row
     * segments {@link #markLive} found weighted: at fine levels a slice weighs only near its own depth, so most of
     * it is skipped, exactly.
     */
    private void accumulateBand(int l, int channel) {
        float[] acc = num[l][channel];
        int w = lw[l];
        int segs = segments(w);
        float[] g = gauss[l][channel];
        float[] wt = weight[l];
        boolean[] on = live[l];
        rows(lh[l], (y0, y1) -> {
            float[] column = new float[lw[l + 1]];
            float[] up = new float[w];
            for (int y = y0; y < y1; y++) {
                int at = y * w;
                int s = y * segs;
                for (int k = 0; k < segs; ) {
                    while (k < segs && !on[s + k]) {
                        k++;
                    }
                    if (k >= segs) {
                        break;
                    }
                    int k1 = k + 1;
                    while (k1 < segs && on[s + k1]) {
                        k1++;
                    }
                    int x0 = k * SEGMENT;
                    int x1 = Math.min(w, k1 * SEGMENT);
                    expandRow(gauss[l + 1][channel], l + 1, y, x0, x1, column, up);
                    for (int x = x0; x < x1; x++) {
                        acc[at + x] += wt[at + x] * (g[at + x] - up[x]);
                    }
                    k = k1;
                }
            }
        });
    }

    private static int segments(int width) {
        return (width + SEGMENT - 1) / SEGMENT;
    }

    /**
     * Which row segments of slice {@code z}'s weights hold one above 0 at each level, found once per slice (the
     * weights are the same for every channel), without reading the weights. At level 0 a segment may weigh only
     * if its depths reach within {@link #RADIUS} of the slice; a coarser level's pixel is a sum of positive taps
     * over the 5 x 5 finer pixels around it, so its segment may weigh only if one that the taps reach does. Marking
     * a segment that weighs nothing costs a little time and adds exact zeros.
     */
    private void markLive(int z, boolean everywhere) {
        if (top == 0) {
            return;
        }
        int segs0 = segments(lw[0]);
        boolean[] on0 = live[0];
        rows(lh[0], (y0, y1) -> {
            for (int i = y0 * segs0; i < y1 * segs0; i++) {
                on0[i] = everywhere || (depthMax[i] > z - REACH && depthMin[i] < z + REACH);
            }
        });
        for (int l = 1; l < top; l++) {
            boolean[] fine = live[l - 1];
            boolean[] on = live[l];
            int fs = segments(lw[l - 1]);
            int fh = lh[l - 1];
            int segs = segments(lw[l]);
            rows(lh[l], (y0, y1) -> {
                for (int y = y0; y < y1; y++) {
                    int r0 = Math.max(0, 2 * y - 2);
                    int r1 = Math.min(fh - 1, 2 * y + 2);
                    for (int k = 0; k < segs; k++) {
                        int k0 = Math.max(0, 2 * k - 1);
                        int k1 = Math.min(fs - 1, 2 * k + 2);
                        boolean any = false;
                        for (int r = r0; r <= r1 && !any; r++) {
                            for (int j = k0; j <= k1 && !any; j++) {
                                any = fine[r * fs + j];
                            }
                        }
                        on[y * segs + k] = any;
                    }
                }
            });
        }
    }

    /** {@link #depthMin} and {@link #depthMax} of each level-0 row segment of {@code index}. */
    private void depthRange(float[] index) {
        int w = lw[0];
        int segs = segments(w);
        depthMin = new float[lh[0] * segs];
        depthMax = new float[lh[0] * segs];
        for (int y = 0; y < lh[0]; y++) {
            for (int k = 0; k < segs; k++) {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (int i = y * w + k * SEGMENT, end = y * w + Math.min(w, (k + 1) * SEGMENT); i < end; i++) {
                    lo = Math.min(lo, index[i]);
                    hi = Math.max(hi, index[i]);
                }
                depthMin[y * segs + k] = lo;
                depthMax[y * segs + k] = hi;
            }
        }
    }

    /** Normalises each level's sums and collapses the pyramid: level l plus the expansion of the coarser result. */
    private float[] collapse() {
        for (int l = 1; l <= top; l++) {
            down(new float[][] {den[l - 1]}, l - 1, new float[][] {den[l]}, null);
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
    private void down(float[][] src, int l, float[][] dst, RowFill fill) {
        int w = lw[l];
        int h = lh[l];
        int w2 = lw[l + 1];
        int h2 = lh[l + 1];
        int planes = dst.length;
        rows(h2, (y0, y1) -> {
            // The vertical pass of one row, still in cache for the horizontal one.
            float[] tmp = new float[w];
            // With a fill, the source rows are read into a ring of the last five, used while still in cache.
            float[][] ring = fill == null ? null : new float[planes][5 * w];
            int next = Math.max(0, 2 * y0 - 2);
            int[] at = new int[5];
            for (int y = y0; y < y1; y++) {
                int c = 2 * y;
                if (fill != null) {
                    for (int end = Math.min(h, c + 3); next < end; next++) {
                        for (int p = 0; p < planes; p++) {
                            fill.read(p, next, ring[p], (next % 5) * w);
                        }
                    }
                }
                for (int k = 0; k < 5; k++) {
                    int r = mirror(c - 2 + k, h);
                    at[k] = (fill == null ? r : r % 5) * w;
                }
                for (int p = 0; p < planes; p++) {
                    vertical(fill == null ? src[p] : ring[p], at, tmp, w);
                    horizontal(tmp, w, dst[p], y * w2, w2);
                }
            }
        });
    }

    /** Every second sample of {@code tmp} filtered with the binomial, mirrored at the borders, scaled by 1/256. */
    private static void horizontal(float[] tmp, int w, float[] dst, int out, int w2) {
        for (int x = 0; x < w2; x++) {
            int cx = 2 * x;
            float v;
            if (cx >= 2 && cx + 2 < w) {
                v = tmp[cx - 2] + tmp[cx + 2] + 4 * (tmp[cx - 1] + tmp[cx + 1]) + 6 * tmp[cx];
            } else {
                v = tmp[mirror(cx - 2, w)] + tmp[mirror(cx + 2, w)]
                        + 4 * (tmp[mirror(cx - 1, w)] + tmp[mirror(cx + 1, w)]) + 6 * tmp[cx];
            }
            dst[out + x] = v * (1f / 256);
        }
    }

    /** {@code tmp} = the binomial (1, 4, 6, 4, 1) over the five rows of {@code src} at {@code at[k]}. */
    private static void vertical(float[] src, int[] at, float[] tmp, int w) {
        int a = at[0];
        int b = at[1];
        int m = at[2];
        int d = at[3];
        int e = at[4];
        for (int x = 0; x < w; x++) {
            tmp[x] = src[a + x] + src[e + x] + 4 * (src[b + x] + src[d + x]) + 6 * src[m + x];
        }
    }

    /** Reads row {@code y} of source plane (channel) {@code p} into {@code dst} at {@code offset}. */
    private interface RowFill {
        void read(int p, int y, float[] dst, int offset);
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
