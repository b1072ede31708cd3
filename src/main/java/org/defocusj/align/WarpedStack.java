package org.defocusj.align;

import java.util.Arrays;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.defocusj.stack.FocusStack;
import org.defocusj.stack.PlaneReader;

/**
 * A stack seen through its alignment: every read of a slice is warped (cubic B-spline, borders replicated) from the
 * original pixels as it is made, so an aligned stack costs no memory beyond the original, whichever order an
 * estimator reads it in.
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

    static FocusStack of(FocusStack stack, SliceTransform[] transforms) {
        Reader reader = new Reader(stack.reader(), transforms, stack.width(), stack.height(), stack.channels());
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
        int[] columnFy = new int[SEGMENT + 4];

        void columns(int n) {
            if (columns.length < n) {
                columns = new float[n];
                columnTap = new int[n];
                columnFy = new int[n];
            }
        }
        /** The band's first and last column and row (source pixels, may lie beyond the image). */
        final int[] bounds = new int[4];
        /** What a source reader may need to read a row part. */
        float[] sourceRow = new float[0];
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
        private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

        Reader(PlaneReader source, SliceTransform[] transforms, int w, int h, int channels) {
            this.source = source;
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
        }

        @Override
        public void readRowPart(int c, int z, int y, int x0, int x1, float[] dst, int offset, float[] rowScratch) {
            Scratch s = scratch.get();
            int slot = cached(s, z, y, x0, x1);
            System.arraycopy(s.rows.data[slot][c], x0 - s.rows.x0[slot], dst, offset, x1 - x0);
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
            return s.rows.data[slot][c][x - s.rows.x0[slot]];
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
                dst[offset + i] = Math.round(row[from + i]);
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
         * the column sums serve all four pixels that share a column, and there are 8 multiplications a sample
         * instead of 20.
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
            int[] fx = s.fx;
            int[] ctap = s.columnTap;
            int[] cfy = s.columnFy;
            for (int j = 0; j < n; j++) {
                int qx = steps(pa + pm * (x0 + j), maxX);
                tap[j] = (qx >> BITS) - 1 - bx0;
                fx[j] = 4 * (qx & (STEPS - 1));
            }
            for (int i = 0; i < bw; i++) {
                int qy = steps(pyb + pny * (bx0 + i), maxY);
                ctap[i] = ((qy >> BITS) - 1 - by0) * bw + i;
                cfy[i] = 4 * (qy & (STEPS - 1));
            }
            float[] wt = WEIGHTS;
            float[] col = s.columns;
            int b2 = 2 * bw;
            int b3 = 3 * bw;
            for (int k = 0; k < cs.length; k++) {
                float[] p = band(s, cs[k], z, bx0, bx1, by0, by1);
                for (int i = 0; i < bw; i++) {
                    int q = cfy[i];
                    int a = ctap[i];
                    col[i] = wt[q] * p[a] + wt[q + 1] * p[a + bw] + wt[q + 2] * p[a + b2] + wt[q + 3] * p[a + b3];
                }
                float[] out = dst[k];
                for (int j = 0; j < n; j++) {
                    int q = fx[j];
                    int a = tap[j];
                    out[offset + j] = wt[q] * col[a] + wt[q + 1] * col[a + 1] + wt[q + 2] * col[a + 2]
                            + wt[q + 3] * col[a + 3];
                }
            }
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

        /** Source rows by0..by1, columns bx0..bx1 of channel c of slice z, edge pixels replicated beyond the image. */
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
