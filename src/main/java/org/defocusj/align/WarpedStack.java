package org.defocusj.align;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.defocusj.depth.ProgressListener;
import org.defocusj.depth.Workers;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.PlaneReader;
import org.defocusj.stack.SamplePlanes;

/**
 * A stack warped by its alignment (cubic B-spline, borders replicated), either once, slice by slice, into planes
 * of the source's sample type ({@link #once}), or as a view warping every read from the original pixels as it is
 * made ({@link #of}), which costs no memory beyond the original but a warp per read: depth from focus and the
 * multi-scale fusion read every slice about three times between them.
 */
final class WarpedStack {

    /** Row parts are warped this many pixels at a time, so a slightly rotated row needs only a few source rows. */
    static final int SEGMENT = 256;
    /**
     * A transform that moves no pixel by more than this from where its shift alone puts it (the reference slice,
     * every slice of a translation) is warped as that shift: one set of weights for the whole slice, applied
     * separably, instead of weights per pixel.
     */
    static final double SHIFT_ONLY_PX = 0.01;
    /**
     * Slices whose vertical taps a two-pass warp places at most this far from where the full one does (rotations
     * up to about 0.57 degrees) are warped in two passes (see twoPass); more rotated ones tap by tap.
     */
    static final double TWO_PASS_PX = 0.02;
    /**
     * Positions are rounded to 1 / STEPS pixel (at most 0.0005 px off), so that the four weights of a tap come
     * from a table instead of four cubics per pixel and axis.
     */
    static final int BITS = 10;
    static final int STEPS = 1 << BITS;
    /** The cubic B-spline's weights B(1 + f), B(f), B(1 - f), B(2 - f) of the taps around f = i / STEPS, at 4 i. */
    static final float[] WEIGHTS = weightTable();
    /**
     * The two-pass warp computes its weights from the fraction instead ({@link Reader#spline}): a table lookup per
     * weight is a gather, which keeps the JIT from vectorising the loops over whole rows (twoPassRow).
     */
    static final float SIXTH = 1f / 6;
    static final float TWO_THIRDS = 2f / 3;
    /**
     * Border of replicated pixels around a whole source plane: a tap reaches one pixel before a clamped position
     * and two after it.
     */
    static final int PAD = 2;

    private WarpedStack() {
    }

    private static float[] weightTable() {
        float[] t = new float[4 * STEPS];
        for (int i = 0; i < STEPS; i++) {
            double f = (double) i / STEPS;
            double g = 1 - f;
            t[4 * i] = (float) (g * g * g / 6);
            t[4 * i + 1] = (float) (2.0 / 3 - f * f + 0.5 * f * f * f);
            t[4 * i + 2] = (float) (2.0 / 3 - g * g + 0.5 * g * g * g);
            t[4 * i + 3] = (float) (f * f * f / 6);
        }
        return t;
    }

    /** The view: every read warped as it is made, floats unrounded (as a degradation wants them). */
    static FocusStack of(FocusStack stack, SliceTransform[] transforms) {
        return view(stack, new Reader(stack.reader(), transforms, stack.width(), stack.height(), stack.channels(),
                false));
    }

    /**
     * {@code stack} with every slice warped once, in its own sample type (integers rounded to the nearest, as the
     * integer reads of the view round them): in place when the stack owns its pixels ({@link
     * FocusStack#ownsPixels}; peak memory the stack and a float plane per channel), else into a copy when the heap
     * has room for one, else the view with its float reads rounded alike. The samples are the same whichever it is.
     */
    static FocusStack once(FocusStack stack, SliceTransform[] transforms, int threads, ProgressListener progress) {
        int w = stack.width();
        int h = stack.height();
        SamplePlanes source = SamplePlanes.of(stack);
        boolean integers = stack.reader().integerLimit() > 0;
        Reader reader = new Reader(stack.reader(), transforms, w, h, stack.channels(), integers);
        SamplePlanes target = source == null ? null : stack.ownsPixels() ? source
                : roomFor(source.bytes()) ? source.emptyCopy() : null;
        if (target == null) {
            return view(stack, reader);
        }
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        float[][][] padded = new float[stack.channels()][h + 2 * PAD][w + 2 * PAD];
        ExecutorService pool = Workers.pool(Math.max(1, threads), "defocusj warp");
        try {
            for (int z = 0; z < stack.slices(); z++) {
                reader.warpSlice(z, padded, pool, threads, target);
                p.progress(z + 1, stack.slices(), "warping slices");
            }
        } finally {
            pool.shutdownNow();
        }
        return target == source ? stack : target.stackLike(stack);
    }

    /**
     * Whether a copy of {@code bytes} leaves the heap half as much again for the method's own maps; a stack too
     * large for that is seen through the view instead (slower, same samples).
     */
    private static boolean roomFor(long bytes) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return free > bytes + bytes / 2;
    }

    static FocusStack view(FocusStack stack, Reader reader) {
        int w = stack.width();
        int h = stack.height();
        // Per-pixel ImgLib2 access (no estimator uses it) goes through the row cache a segment at a time.
        FunctionRandomAccessible<FloatType> f = new FunctionRandomAccessible<>(4, (pos, out) ->
                out.set(reader.sample(pos.getIntPosition(2), pos.getIntPosition(3), pos.getIntPosition(1),
                        pos.getIntPosition(0))), FloatType::new);
        RandomAccessibleInterval<FloatType> image = Views.interval(f,
                new FinalInterval(w, h, stack.channels(), stack.slices()));
        return stack.withPixels(image, reader);
    }

    /**
     * Warped row parts by (slice, row), every channel of them, one per slot, the newest replacing the one in its
     * slot: estimators read the channels of a row one after another, and they share the row's geometry.
     */
    static final class RowCache {
        static final int SLOTS = 64;
        final int[] z = new int[SLOTS];
        final int[] y = new int[SLOTS];
        final int[] x0 = new int[SLOTS];
        final int[] x1 = new int[SLOTS];
        final float[][][] data = new float[SLOTS][][];

        RowCache() {
            Arrays.fill(y, -1);
        }

        private static int index(int z, int y) {
            return Math.floorMod(y * 31 + z * 131, SLOTS);
        }

        /** The slot holding a row part that contains columns [a, b) of (z, y), or -1. */
        int slot(int zz, int yy, int a, int b) {
            int i = index(zz, yy);
            return y[i] == yy && z[i] == zz && x0[i] <= a && x1[i] >= b ? i : -1;
        }

        int claim(int zz, int yy, int a, int b, int channels) {
            int i = index(zz, yy);
            z[i] = zz;
            y[i] = yy;
            x0[i] = a;
            x1[i] = b;
            if (data[i] == null || data[i][0].length < b - a) {
                data[i] = new float[channels][Math.max(SEGMENT, b - a)];
            }
            return i;
        }
    }

    /** One thread's buffers. */
    private static final class Scratch {
        final RowCache rows = new RowCache();
        /** Source pixels around a segment, edge rows and columns replicated. */
        float[] band = new float[0];
        /** Per output pixel of a segment: band index of its first tap, and where its x and y weights start. */
        final int[] tap = new int[SEGMENT];
        final int[] fx = new int[SEGMENT];
        final int[] fy = new int[SEGMENT];
        /** Column sums of the separable and two-pass warps, and per band column its first tap and weights. */
        float[] columns = new float[SEGMENT + 4];
        int[] columnTap = new int[SEGMENT + 4];
        /** Two passes: per band column and per output pixel, the fraction of its position (see fraction). */
        float[] columnFraction = new float[SEGMENT + 4];
        final float[] fraction = new float[SEGMENT];

        void columns(int n) {
            if (columns.length < n) {
                columns = new float[n];
                columnTap = new int[n];
                columnFraction = new float[n];
            }
        }
        /** The band's first and last column and row (source pixels, may lie beyond the image). */
        final int[] bounds = new int[4];
        /** What a source reader may need to read a row part. */
        float[] sourceRow = new float[0];
        /**
         * In {@link Reader#warpSlice}: the padded rows of the channel being warped, read instead of the source
         * (which may be overwritten by then).
         */
        float[][] padded;
        /** Whole-row buffers of twoPassRow (see there) and the output rows of warpSlice. */
        int[] rowRunAt = new int[0];
        int[] rowRunRow = new int[0];
        float[] rowFraction = new float[0];
        int[] tapRunAt = new int[0];
        int[] tapRunShift = new int[0];
        float[] pixelFraction = new float[0];
        float[] rowColumns = new float[0];
        float[][] taps = new float[4][0];
        float[][] out = new float[0][0];

        void rows(int w, int channels) {
            if (pixelFraction.length < w) {
                rowRunAt = new int[w + 2 * PAD + 1];
                rowRunRow = new int[w + 2 * PAD];
                rowFraction = new float[w + 2 * PAD];
                rowColumns = new float[w + 2 * PAD];
                tapRunAt = new int[w + 1];
                tapRunShift = new int[w];
                pixelFraction = new float[w];
                taps = new float[4][w];
            }
            if (out.length < channels || out[0].length < w) {
                out = new float[channels][w];
            }
        }
    }

    /** Reads warped rows of the original slices; every slice is resampled, the reference too (see warp). */
    static final class Reader implements PlaneReader {
        private final PlaneReader source;
        private final SliceTransform[] transforms;
        /** Per slice: whether its transform is warped as its shift alone ({@link #SHIFT_ONLY_PX}). */
        private final boolean[] shiftOnly;
        /** Per slice: whether it is warped in two passes ({@link #TWO_PASS_PX}). */
        private final boolean[] twoPass;
        private final int w;
        private final int h;
        private final int channels;
        private final int[] allChannels;
        private final double cx;
        private final double cy;
        /** Whether float reads are rounded to integers as the integer reads are (see {@link #once}). */
        private final boolean rounded;
        private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

        Reader(PlaneReader source, SliceTransform[] transforms, int w, int h, int channels, boolean rounded) {
            this.source = source;
            this.rounded = rounded;
            this.transforms = transforms.clone();
            this.w = w;
            this.h = h;
            this.channels = channels;
            allChannels = new int[channels];
            Arrays.setAll(allChannels, k -> k);
            this.cx = (w - 1) / 2.0;
            this.cy = (h - 1) / 2.0;
            shiftOnly = new boolean[transforms.length];
            twoPass = new boolean[transforms.length];
            for (int z = 0; z < transforms.length; z++) {
                SliceTransform t = transforms[z];
                shiftOnly[z] = t.maxDistance(new SliceTransform(1, 0, t.tx, t.ty), w, h) < SHIFT_ONLY_PX;
                twoPass[z] = !shiftOnly[z] && t.m > 0 && 2 * Math.abs(t.n) / t.m <= TWO_PASS_PX;
            }
        }

        @Override
        public void readRows(int c, int z, int y0, int y1, float[] dst, int offset) {
            // Whole planes are read a channel at a time (all-in-focus fusion, alignment, writers): caching the
            // other channels would cost a plane each, so only this one is warped.
            Scratch s = scratch.get();
            int[] one = {c};
            float[][] out = {dst};
            for (int y = y0; y < y1; y++) {
                int row = offset + (y - y0) * w;
                for (int x = 0; x < w; x += SEGMENT) {
                    warp(s, one, z, y, x, Math.min(w, x + SEGMENT), out, row + x);
                }
            }
            round(dst, offset, (y1 - y0) * w);
        }

        private void round(float[] v, int from, int n) {
            if (rounded) {
                for (int i = from; i < from + n; i++) {
                    v[i] = SamplePlanes.nearest(v[i]);
                }
            }
        }

        /**
         * Warps every channel of slice z whole into {@code target}. The source planes are read once into
         * {@code padded} (a row array per channel, edges replicated {@link #PAD} pixels out), where the kernels
         * then read instead of the source, so that the source may be the target; rows are spread over the pool.
         * The samples are the view's: a two-pass slice is warped a whole row at a time (twoPassRow), the others
         * segment by segment as the view warps them.
         */
        void warpSlice(int z, float[][][] padded, ExecutorService pool, int threads, SamplePlanes target) {
            for (int c = 0; c < channels; c++) {
                float[][] rows = padded[c];
                int channel = c;
                Workers.forBands(pool, threads, h + 2 * PAD, 16, (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int sy = Math.max(0, Math.min(h - 1, r - PAD));
                        float[] row = rows[r];
                        source.readRows(channel, z, sy, sy + 1, row, PAD);
                        Arrays.fill(row, 0, PAD, row[PAD]);
                        Arrays.fill(row, PAD + w, w + 2 * PAD, row[PAD + w - 1]);
                    }
                });
            }
            Workers.forBands(pool, threads, h, 8, (y0, y1) -> {
                Scratch s = scratch.get();
                s.rows(w, channels);
                float[][] out = s.out;
                for (int y = y0; y < y1; y++) {
                    if (twoPass[z]) {
                        twoPassRow(s, z, y, padded, out);
                    } else {
                        for (int c = 0; c < channels; c++) {
                            s.padded = padded[c];
                            float[][] one = {out[c]};
                            int[] cs = {c};
                            for (int x = 0; x < w; x += SEGMENT) {
                                warp(s, cs, z, y, x, Math.min(w, x + SEGMENT), one, x);
                            }
                        }
                        s.padded = null;
                    }
                    target.setRow(z, y, out);
                }
            });
        }

        @Override
        public void readRowPart(int c, int z, int y, int x0, int x1, float[] dst, int offset, float[] rowScratch) {
            Scratch s = scratch.get();
            int slot = cached(s, z, y, x0, x1);
            System.arraycopy(s.rows.data[slot][c], x0 - s.rows.x0[slot], dst, offset, x1 - x0);
            round(dst, offset, x1 - x0);
        }

        /**
         * The slot of the row cache holding columns [x0, x1) of row y of slice z, warped now if it is not there:
         * estimators read a row part more than once (a focus measure with its margins, then the all-in-focus
         * within them) and every channel of it.
         */
        private int cached(Scratch s, int z, int y, int x0, int x1) {
            RowCache cache = s.rows;
            int slot = cache.slot(z, y, x0, x1);
            if (slot < 0) {
                slot = cache.claim(z, y, x0, x1, channels);
                float[][] out = cache.data[slot];
                for (int x = x0; x < x1; x += SEGMENT) {
                    warp(s, allChannels, z, y, x, Math.min(x1, x + SEGMENT), out, x - x0);
                }
            }
            return slot;
        }

        /** One warped sample, read through the row cache a segment at a time. */
        float sample(int c, int z, int y, int x) {
            Scratch s = scratch.get();
            int a = x - x % SEGMENT;
            int slot = cached(s, z, y, a, Math.min(w, a + SEGMENT));
            float v = s.rows.data[slot][c][x - s.rows.x0[slot]];
            return rounded ? SamplePlanes.nearest(v) : v;
        }

        @Override
        public int integerLimit() {
            return source.integerLimit();
        }

        @Override
        public void readRowPart(int c, int z, int y, int x0, int x1, int[] dst, int offset) {
            Scratch s = scratch.get();
            int slot = cached(s, z, y, x0, x1);
            float[] row = s.rows.data[slot][c];
            int from = x0 - s.rows.x0[slot];
            // Rounded, so that integer measures keep their exact arithmetic on the warped samples.
            for (int i = 0; i < x1 - x0; i++) {
                dst[offset + i] = SamplePlanes.nearest(row[from + i]);
            }
        }

        /**
         * Warps reference pixels x0..x1-1 (at most {@link #SEGMENT}) of row y of slice z, for each of
         * {@code cs}, into {@code dst[k][offset...]}, with the cubic B-spline as kernel (no prefilter): an
         * interpolating warp (bilinear, Keys) blurs a slice by an amount that depends on its sub-pixel shift, which
         * a focus measure reads as defocus, and leaves the unmoved reference slice sharper than the rest. The
         * B-spline smooths every slice alike (about a Gaussian of 0.6 px whatever the shift), so focus stays
         * comparable between slices. Each pixel's taps and weights are found once for all channels. Every sample
         * is a function of (channel, slice, row, column) alone, the same whichever kernel computes it, so results
         * do not depend on how reads are cut into parts or spread over threads.
         */
        private void warp(Scratch s, int[] cs, int z, int y, int x0, int x1, float[][] dst, int offset) {
            int[] b = s.bounds;
            if (twoPass[z]) {
                twoPass(s, cs, z, y, x0, x1, dst, offset);
                return;
            }
            if (shiftOnly[z]) {
                if (shiftGeometry(s, z, y, x0, x1)) {
                    separable(s, cs, z, x1 - x0, dst, offset);
                    return;
                }
            } else {
                generalGeometry(s, z, y, x0, x1);
            }
            int n = x1 - x0;
            int bw = b[1] - b[0] + 1;
            int[] tap = s.tap;
            int[] fx = s.fx;
            int[] fy = s.fy;
            float[] wt = WEIGHTS;
            int b1 = bw;
            int b2 = 2 * bw;
            int b3 = 3 * bw;
            for (int k = 0; k < cs.length; k++) {
                float[] p = band(s, cs[k], z, b[0], b[1], b[2], b[3]);
                float[] out = dst[k];
                for (int j = 0; j < n; j++) {
                    int i = tap[j];
                    int qx = fx[j];
                    int qy = fy[j];
                    float y0 = wt[qy];
                    float y1 = wt[qy + 1];
                    float y2 = wt[qy + 2];
                    float y3 = wt[qy + 3];
                    float c0 = y0 * p[i] + y1 * p[i + b1] + y2 * p[i + b2] + y3 * p[i + b3];
                    float c1 = y0 * p[i + 1] + y1 * p[i + 1 + b1] + y2 * p[i + 1 + b2] + y3 * p[i + 1 + b3];
                    float c2 = y0 * p[i + 2] + y1 * p[i + 2 + b1] + y2 * p[i + 2 + b2] + y3 * p[i + 2 + b3];
                    float c3 = y0 * p[i + 3] + y1 * p[i + 3 + b1] + y2 * p[i + 3 + b2] + y3 * p[i + 3 + b3];
                    out[offset + j] = wt[qx] * c0 + wt[qx + 1] * c1 + wt[qx + 2] * c2 + wt[qx + 3] * c3;
                }
            }
        }

        /**
         * The warp in two passes: down the band's columns, each at the height where the output row crosses that
         * source column, then along the row. The vertical taps of a pixel are thus taken at its tap columns'
         * heights rather than its own, at most {@code 2 |n| / m} pixels apart ({@link #TWO_PASS_PX}); in exchange
         * the column sums serve all four pixels that share a column, and a sample costs two four-tap sums instead of
         * sixteen taps. The weights come from each position's fraction ({@link #spline}), as in twoPassRow, which
         * gives the same samples a whole row at a time.
         */
        private void twoPass(Scratch s, int[] cs, int z, int y, int x0, int x1, float[][] dst, int offset) {
            SliceTransform t = transforms[z];
            double v = y - cy;
            double ax = cx - t.m * cx - t.n * v + t.tx;
            double ay = cy - t.n * cx + t.m * v + t.ty;
            // Along the output row, the source height as a function of the source column.
            double ny = t.n / t.m;
            double yb = ay - ny * ax;
            // Positions in 32.32 fixed point, each found from its column alone (no running sum), so that a sample
            // does not depend on where its segment starts.
            long pa = fixedPoint(ax);
            long pm = fixedPoint(t.m);
            long pyb = fixedPoint(yb);
            long pny = fixedPoint(ny);
            int maxX = (w - 1) << BITS;
            int maxY = (h - 1) << BITS;
            int qa = steps(pa + pm * x0, maxX);
            int qb = steps(pa + pm * (x1 - 1), maxX);
            int bx0 = (Math.min(qa, qb) >> BITS) - 1;
            int bx1 = (Math.max(qa, qb) >> BITS) + 2;
            int bw = bx1 - bx0 + 1;
            int qya = steps(pyb + pny * bx0, maxY);
            int qyb = steps(pyb + pny * bx1, maxY);
            int by0 = (Math.min(qya, qyb) >> BITS) - 1;
            int by1 = (Math.max(qya, qyb) >> BITS) + 2;
            s.columns(bw);
            int n = x1 - x0;
            int[] tap = s.tap;
            int[] ctap = s.columnTap;
            float[] fx = s.fraction;
            float[] cfy = s.columnFraction;
            for (int j = 0; j < n; j++) {
                int qx = steps(pa + pm * (x0 + j), maxX);
                tap[j] = (qx >> BITS) - 1 - bx0;
                fx[j] = fraction(qx);
            }
            for (int i = 0; i < bw; i++) {
                int qy = steps(pyb + pny * (bx0 + i), maxY);
                ctap[i] = ((qy >> BITS) - 1 - by0) * bw + i;
                cfy[i] = fraction(qy);
            }
            float[] col = s.columns;
            int b2 = 2 * bw;
            int b3 = 3 * bw;
            for (int k = 0; k < cs.length; k++) {
                float[] p = band(s, cs[k], z, bx0, bx1, by0, by1);
                for (int i = 0; i < bw; i++) {
                    int a = ctap[i];
                    col[i] = spline(cfy[i], p[a], p[a + bw], p[a + b2], p[a + b3]);
                }
                float[] out = dst[k];
                for (int j = 0; j < n; j++) {
                    int a = tap[j];
                    out[offset + j] = spline(fx[j], col[a], col[a + 1], col[a + 2], col[a + 3]);
                }
            }
        }

        /**
         * The two-pass warp of row y of slice z, every channel, from padded source rows ({@link #warpSlice}):
         * the samples of twoPass, computed so that the JIT vectorises them. Each loop reads every array at the
         * index it writes (an offset between them keeps it scalar): down the columns in runs whose taps start on
         * one source row, and along the row after the four taps of every pixel are copied into arrays of their
         * own, a run of pixels whose taps start at one offset at a time.
         */
        private void twoPassRow(Scratch s, int z, int y, float[][][] padded, float[][] out) {
            SliceTransform t = transforms[z];
            double v = y - cy;
            double ax = cx - t.m * cx - t.n * v + t.tx;
            double ay = cy - t.n * cx + t.m * v + t.ty;
            double ny = t.n / t.m;
            long pm = fixedPoint(t.m);
            long pny = fixedPoint(ny);
            int maxX = (w - 1) << BITS;
            int maxY = (h - 1) << BITS;
            int pw = w + 2 * PAD;
            // Runs of columns whose taps start on one padded row: where each starts, and that row.
            int[] rowAt = s.rowRunAt;
            int[] rowOf = s.rowRunRow;
            float[] cfy = s.rowFraction;
            int rowRuns = 0;
            // Integer sums are exact: stepping from the row's start gives each position its column alone gives.
            long py = fixedPoint(ay - ny * ax) - PAD * pny;
            for (int i = 0; i < pw; i++, py += pny) {
                int qy = steps(py, maxY);
                int r = (qy >> BITS) - 1 + PAD;
                if (rowRuns == 0 || r != rowOf[rowRuns - 1]) {
                    rowAt[rowRuns] = i;
                    rowOf[rowRuns++] = r;
                }
                cfy[i] = fraction(qy);
            }
            rowAt[rowRuns] = pw;
            // Runs of pixels whose first tap is the column at one offset d from them.
            int[] tapAt = s.tapRunAt;
            int[] tapShift = s.tapRunShift;
            float[] fx = s.pixelFraction;
            int tapRuns = 0;
            long px = fixedPoint(ax);
            for (int j = 0; j < w; j++, px += pm) {
                int qx = steps(px, maxX);
                int d = (qx >> BITS) - 1 + PAD - j;
                if (tapRuns == 0 || d != tapShift[tapRuns - 1]) {
                    tapAt[tapRuns] = j;
                    tapShift[tapRuns++] = d;
                }
                fx[j] = fraction(qx);
            }
            tapAt[tapRuns] = w;
            float[] col = s.rowColumns;
            float[] t0 = s.taps[0];
            float[] t1 = s.taps[1];
            float[] t2 = s.taps[2];
            float[] t3 = s.taps[3];
            for (int c = 0; c < channels; c++) {
                float[][] rows = padded[c];
                for (int k = 0; k < rowRuns; k++) {
                    int r = rowOf[k];
                    splines(cfy, rows[r], rows[r + 1], rows[r + 2], rows[r + 3], col, rowAt[k], rowAt[k + 1]);
                }
                for (int k = 0; k < tapRuns; k++) {
                    int j0 = tapAt[k];
                    int j1 = tapAt[k + 1];
                    int d = tapShift[k];
                    System.arraycopy(col, j0 + d, t0, j0, j1 - j0);
                    System.arraycopy(col, j0 + d + 1, t1, j0, j1 - j0);
                    System.arraycopy(col, j0 + d + 2, t2, j0, j1 - j0);
                    System.arraycopy(col, j0 + d + 3, t3, j0, j1 - j0);
                }
                splines(fx, t0, t1, t2, t3, out[c], 0, w);
            }
        }

        /**
         * {@code out[i] = spline(f[i], a[i], b[i], c[i], d[i])} for i in [from, to), the outer and the inner taps in
         * loops of their own: the JIT (17) vectorises a loop of this kind that reads three arrays, not one that reads
         * five (about 0.5 against 2.9 ns a sample).
         */
        static void splines(float[] f, float[] a, float[] b, float[] c, float[] d, float[] out, int from, int to) {
            for (int i = from; i < to; i++) {
                out[i] = outer(f[i], a[i], d[i]);
            }
            for (int i = from; i < to; i++) {
                out[i] += inner(f[i], b[i], c[i]);
            }
        }

        /**
         * The cubic B-spline's weighted sum of four taps around a position with fraction f: B(1 + f) a + B(f) b +
         * B(1 - f) c + B(2 - f) d, with B(1 + f) = (1 - f)^3 / 6 and B(f) = 2/3 - f^2 (1 - f / 2), summed as the
         * outer taps' part plus the inner taps' part: both two-pass kernels sum in this order ({@link #splines} in
         * two loops), so that they give the same samples.
         */
        static float spline(float f, float a, float b, float c, float d) {
            return outer(f, a, d) + inner(f, b, c);
        }

        /** B(1 + f) a + B(2 - f) d. */
        private static float outer(float f, float a, float d) {
            float g = 1 - f;
            return g * g * g * SIXTH * a + f * f * f * SIXTH * d;
        }

        /** B(f) b + B(1 - f) c. */
        private static float inner(float f, float b, float c) {
            float g = 1 - f;
            return (TWO_THIRDS - f * f * (1 - 0.5f * f)) * b + (TWO_THIRDS - g * g * (1 - 0.5f * g)) * c;
        }

        /** The fraction of a position in steps, in [0, 1): exact in a float. */
        private static float fraction(int q) {
            return (q & (STEPS - 1)) * (1f / STEPS);
        }

        /**
         * Taps and weights of a segment under the slice's full transform: positions clamped to the image and
         * rounded to {@link #STEPS} steps a pixel.
         */
        private void generalGeometry(Scratch s, int z, int y, int x0, int x1) {
            SliceTransform t = transforms[z];
            double v = y - cy;
            // Positions are linear in x and rounding keeps their order, so the ends bound the taps' reach.
            int qxa = fixed(cx + t.m * (x0 - cx) - t.n * v + t.tx, w);
            int qxb = fixed(cx + t.m * (x1 - 1 - cx) - t.n * v + t.tx, w);
            int qya = fixed(cy + t.n * (x0 - cx) + t.m * v + t.ty, h);
            int qyb = fixed(cy + t.n * (x1 - 1 - cx) + t.m * v + t.ty, h);
            int bx0 = (Math.min(qxa, qxb) >> BITS) - 1;
            int by0 = (Math.min(qya, qyb) >> BITS) - 1;
            int bx1 = (Math.max(qxa, qxb) >> BITS) + 2;
            setBounds(s, bx0, bx1, by0, (Math.max(qya, qyb) >> BITS) + 2);
            int bw = bx1 - bx0 + 1;
            int[] tap = s.tap;
            int[] fx = s.fx;
            int[] fy = s.fy;
            double ax = cx - t.m * cx - t.n * v + t.tx;
            double ay = cy - t.n * cx + t.m * v + t.ty;
            for (int x = x0; x < x1; x++) {
                int qx = fixed(ax + t.m * x, w);
                int qy = fixed(ay + t.n * x, h);
                int j = x - x0;
                tap[j] = ((qy >> BITS) - 1 - by0) * bw + (qx >> BITS) - 1 - bx0;
                fx[j] = 4 * (qx & (STEPS - 1));
                fy[j] = 4 * (qy & (STEPS - 1));
            }
        }

        /**
         * Taps and weights of a segment under the slice's shift alone (rounded to {@link #STEPS} steps a pixel):
         * one fraction for the whole slice, pixels that it moves off the image clamped to its edge. True when no
         * pixel of the segment is clamped, with only the band's bounds set (the separable kernel then gives the
         * samples the general one would); else the per-pixel taps and weights are filled in.
         */
        private boolean shiftGeometry(Scratch s, int z, int y, int x0, int x1) {
            SliceTransform t = transforms[z];
            int maxX = (w - 1) << BITS;
            int maxY = (h - 1) << BITS;
            int sx = (int) Math.round(t.tx * STEPS);
            int qy = Math.max(0, Math.min(maxY, (y << BITS) + (int) Math.round(t.ty * STEPS)));
            int iy = qy >> BITS;
            int qa = (x0 << BITS) + sx;
            int qb = ((x1 - 1) << BITS) + sx;
            int fy = 4 * (qy & (STEPS - 1));
            if (qa >= 0 && qb <= maxX) {
                setBounds(s, (qa >> BITS) - 1, (qb >> BITS) + 2, iy - 1, iy + 2);
                s.fx[0] = 4 * (qa & (STEPS - 1));
                s.fy[0] = fy;
                return true;
            }
            int bx0 = (Math.max(0, Math.min(maxX, qa)) >> BITS) - 1;
            int bx1 = (Math.max(0, Math.min(maxX, qb)) >> BITS) + 2;
            setBounds(s, bx0, bx1, iy - 1, iy + 2);
            for (int x = x0; x < x1; x++) {
                int qx = Math.max(0, Math.min(maxX, (x << BITS) + sx));
                int j = x - x0;
                s.tap[j] = (qx >> BITS) - 1 - bx0;
                s.fx[j] = 4 * (qx & (STEPS - 1));
                s.fy[j] = fy;
            }
            return false;
        }

        /** {@code v} in 32.32 fixed point. */
        private static long fixedPoint(double v) {
            return Math.round(v * 0x1p32);
        }

        /** A 32.32 fixed-point position in steps of 1 / {@link #STEPS} pixel, rounded, clamped to [0, max]. */
        private static int steps(long position, int max) {
            long q = (position + (1L << (31 - BITS))) >> (32 - BITS);
            return (int) Math.max(0, Math.min(max, q));
        }

        /** A position clamped to [0, size - 1] in steps of 1 / {@link #STEPS} pixel, rounded. */
        private static int fixed(double position, int size) {
            double p = position < 0 ? 0 : position > size - 1 ? size - 1 : position;
            return (int) (p * STEPS + 0.5);
        }

        private static void setBounds(Scratch s, int bx0, int bx1, int by0, int by1) {
            s.bounds[0] = bx0;
            s.bounds[1] = bx1;
            s.bounds[2] = by0;
            s.bounds[3] = by1;
        }

        /**
         * The warp of a segment that its shift alone moves, away from the borders: the same weights at every
         * pixel, applied down the columns and then along the row, summed in the order of the general kernel.
         */
        private void separable(Scratch s, int[] cs, int z, int n, float[][] dst, int offset) {
            int[] b = s.bounds;
            int bw = b[1] - b[0] + 1;
            float[] wt = WEIGHTS;
            int qx = s.fx[0];
            int qy = s.fy[0];
            float x0 = wt[qx];
            float x1 = wt[qx + 1];
            float x2 = wt[qx + 2];
            float x3 = wt[qx + 3];
            float y0 = wt[qy];
            float y1 = wt[qy + 1];
            float y2 = wt[qy + 2];
            float y3 = wt[qy + 3];
            float[] col = s.columns;
            for (int k = 0; k < cs.length; k++) {
                float[] p = band(s, cs[k], z, b[0], b[1], b[2], b[3]);
                for (int i = 0; i < bw; i++) {
                    col[i] = y0 * p[i] + y1 * p[i + bw] + y2 * p[i + 2 * bw] + y3 * p[i + 3 * bw];
                }
                float[] out = dst[k];
                for (int j = 0; j < n; j++) {
                    out[offset + j] = x0 * col[j] + x1 * col[j + 1] + x2 * col[j + 2] + x3 * col[j + 3];
                }
            }
        }

        /**
         * Source rows by0..by1, columns bx0..bx1 of channel c of slice z, edge pixels replicated beyond the image:
         * from the source, or in {@link #warpSlice} from the padded rows that hold them so.
         */
        private float[] band(Scratch s, int c, int z, int bx0, int bx1, int by0, int by1) {
            int bw = bx1 - bx0 + 1;
            int bh = by1 - by0 + 1;
            if (s.band.length < bw * bh) {
                s.band = new float[bw * bh];
            }
            if (s.sourceRow.length < w) {
                s.sourceRow = new float[w];
            }
            float[] band = s.band;
            if (s.padded != null) {
                for (int r = 0; r < bh; r++) {
                    System.arraycopy(s.padded[by0 + r + PAD], bx0 + PAD, band, r * bw, bw);
                }
                return band;
            }
            int sx0 = Math.max(0, bx0);
            int sx1 = Math.min(w - 1, bx1);
            for (int r = 0; r < bh; r++) {
                int sy = Math.max(0, Math.min(h - 1, by0 + r));
                int at = r * bw;
                source.readRowPart(c, z, sy, sx0, sx1 + 1, band, at + sx0 - bx0, s.sourceRow);
                Arrays.fill(band, at, at + sx0 - bx0, band[at + sx0 - bx0]);
                Arrays.fill(band, at + sx1 - bx0 + 1, at + bw, band[at + sx1 - bx0]);
            }
            return band;
        }
    }
}
