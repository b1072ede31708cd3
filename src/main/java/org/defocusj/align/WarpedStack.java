package org.defocusj.align;

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

    private WarpedStack() {
    }

    static FocusStack of(FocusStack stack, SliceTransform[] transforms) {
        Reader reader = new Reader(stack.reader(), transforms, stack.width(), stack.height());
        int w = stack.width();
        int h = stack.height();
        FunctionRandomAccessible<FloatType> f = new FunctionRandomAccessible<>(4, (pos, out) -> {
            float[] v = new float[1];
            reader.readRowPart(pos.getIntPosition(2), pos.getIntPosition(3), pos.getIntPosition(1),
                    pos.getIntPosition(0), pos.getIntPosition(0) + 1, v, 0, new float[w]);
            out.set(v[0]);
        }, FloatType::new);
        RandomAccessibleInterval<FloatType> image = Views.interval(f,
                new FinalInterval(w, h, stack.channels(), stack.slices()));
        return stack.withPixels(image, reader);
    }

    /** Warped row parts by (channel, slice, row), one per slot, the newest replacing the one in its slot. */
    static final class RowCache {
        static final int SLOTS = 128;
        final int[] c = new int[SLOTS];
        final int[] z = new int[SLOTS];
        final int[] y = new int[SLOTS];
        final int[] x0 = new int[SLOTS];
        final int[] x1 = new int[SLOTS];
        final float[][] data = new float[SLOTS][];

        RowCache() {
            java.util.Arrays.fill(y, -1);
        }

        private static int index(int c, int z, int y) {
            return Math.floorMod(y * 31 + c * 7 + z * 131, SLOTS);
        }

        /** The slot holding a row part that contains columns [a, b) of (c, z, y), or -1. */
        int slot(int cc, int zz, int yy, int a, int b) {
            int i = index(cc, zz, yy);
            return y[i] == yy && c[i] == cc && z[i] == zz && x0[i] <= a && x1[i] >= b ? i : -1;
        }

        int claim(int cc, int zz, int yy, int a, int b) {
            int i = index(cc, zz, yy);
            c[i] = cc;
            z[i] = zz;
            y[i] = yy;
            x0[i] = a;
            x1[i] = b;
            if (data[i] == null || data[i].length < b - a) {
                data[i] = new float[Math.max(SEGMENT, b - a)];
            }
            return i;
        }
    }

    /** Reads warped rows of the original slices; every slice is resampled, the reference too (see warp). */
    static final class Reader implements PlaneReader {
        private final PlaneReader source;
        private final SliceTransform[] transforms;
        private final int w;
        private final int h;
        private final double cx;
        private final double cy;
        private final ThreadLocal<float[][]> scratch;
        private final ThreadLocal<RowCache> rows;

        Reader(PlaneReader source, SliceTransform[] transforms, int w, int h) {
            this.source = source;
            this.transforms = transforms.clone();
            this.w = w;
            this.h = h;
            this.cx = (w - 1) / 2.0;
            this.cy = (h - 1) / 2.0;
            scratch = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[w + 8]});
            rows = ThreadLocal.withInitial(RowCache::new);
        }

        @Override
        public void readRows(int c, int z, int y0, int y1, float[] dst, int offset) {
            for (int y = y0; y < y1; y++) {
                int row = offset + (y - y0) * w;
                for (int x = 0; x < w; x += SEGMENT) {
                    warp(c, z, y, x, Math.min(w, x + SEGMENT), dst, row + x);
                }
            }
        }

        @Override
        public void readRowPart(int c, int z, int y, int x0, int x1, float[] dst, int offset, float[] rowScratch) {
            // Estimators read a row part more than once (a focus measure with its margins, then the all-in-focus
            // within them); each thread keeps the row parts it warped last.
            RowCache cache = rows.get();
            int slot = cache.slot(c, z, y, x0, x1);
            if (slot < 0) {
                slot = cache.claim(c, z, y, x0, x1);
                float[] row = cache.data[slot];
                for (int x = x0; x < x1; x += SEGMENT) {
                    warp(c, z, y, x, Math.min(x1, x + SEGMENT), row, x - x0);
                }
            }
            System.arraycopy(cache.data[slot], x0 - cache.x0[slot], dst, offset, x1 - x0);
        }

        @Override
        public int integerLimit() {
            return source.integerLimit();
        }

        @Override
        public void readRowPart(int c, int z, int y, int x0, int x1, int[] dst, int offset) {
            float[][] s = scratch.get();
            if (s.length < 3 || s[2].length < x1 - x0) {
                s = new float[][] {s[0], s[1], new float[Math.max(SEGMENT, x1 - x0)]};
                scratch.set(s);
            }
            float[] row = s[2];
            readRowPart(c, z, y, x0, x1, row, 0, null);
            // Rounded, so that integer measures keep their exact arithmetic on the warped samples.
            for (int i = 0; i < x1 - x0; i++) {
                dst[offset + i] = Math.round(row[i]);
            }
        }

        /**
         * Warps reference pixels x0..x1-1 of row y of slice z into dst[offset...] with the cubic B-spline as
         * kernel (no prefilter): an interpolating warp (bilinear, Keys) blurs a slice by an amount that depends
         * on its sub-pixel shift, which a focus measure reads as defocus, and leaves the unmoved reference slice
         * sharper than the rest. The B-spline smooths every slice alike (about a Gaussian of 0.6 px whatever the
         * shift), so focus stays comparable between slices.
         */
        private void warp(int c, int z, int y, int x0, int x1, float[] dst, int offset) {
            SliceTransform t = transforms[z];
            double v = y - cy;
            double xa = clamp(cx + t.m * (x0 - cx) - t.n * v + t.tx, w - 1);
            double xb = clamp(cx + t.m * (x1 - 1 - cx) - t.n * v + t.tx, w - 1);
            double ya = clamp(cy + t.n * (x0 - cx) + t.m * v + t.ty, h - 1);
            double yb = clamp(cy + t.n * (x1 - 1 - cx) + t.m * v + t.ty, h - 1);
            // The band holds every source pixel a tap can reach, edge rows and columns replicated around it.
            int bx0 = (int) Math.floor(Math.min(xa, xb)) - 1;
            int bx1 = (int) Math.floor(Math.max(xa, xb)) + 2;
            int by0 = (int) Math.floor(Math.min(ya, yb)) - 1;
            int by1 = (int) Math.floor(Math.max(ya, yb)) + 2;
            int bw = bx1 - bx0 + 1;
            int bh = by1 - by0 + 1;
            int sx0 = Math.max(0, bx0);
            int sx1 = Math.min(w - 1, bx1);
            float[][] s = scratch.get();
            if (s[0].length < bw * bh) {
                s[0] = new float[bw * bh];
            }
            if (s[1].length < w + bw) {
                s[1] = new float[w + bw];
            }
            float[] band = s[0];
            for (int r = 0; r < bh; r++) {
                int sy = Math.max(0, Math.min(h - 1, by0 + r));
                int at = r * bw;
                source.readRowPart(c, z, sy, sx0, sx1 + 1, band, at + sx0 - bx0, s[1]);
                for (int k = 0; k < sx0 - bx0; k++) {
                    band[at + k] = band[at + sx0 - bx0];
                }
                for (int k = sx1 - bx0 + 1; k < bw; k++) {
                    band[at + k] = band[at + sx1 - bx0];
                }
            }
            for (int x = x0; x < x1; x++) {
                double u = x - cx;
                double xs = clamp(cx + t.m * u - t.n * v + t.tx, w - 1);
                double ys = clamp(cy + t.n * u + t.m * v + t.ty, h - 1);
                int ix = (int) Math.floor(xs);
                int iy = (int) Math.floor(ys);
                double fx = xs - ix;
                double fy = ys - iy;
                double wx0 = bspline(1 + fx);
                double wx1 = bspline(fx);
                double wx2 = bspline(1 - fx);
                double wx3 = bspline(2 - fx);
                double acc = 0;
                int i = (iy - 1 - by0) * bw + (ix - 1 - bx0);
                for (int r = 0; r < 4; r++, i += bw) {
                    double wy = bspline(Math.abs(r - 1 - fy));
                    acc += wy * (wx0 * band[i] + wx1 * band[i + 1] + wx2 * band[i + 2] + wx3 * band[i + 3]);
                }
                dst[offset + x - x0] = (float) acc;
            }
        }

        /** The cubic B-spline at distance {@code d >= 0}. */
        private static double bspline(double d) {
            if (d < 1) {
                return 2.0 / 3 - d * d + 0.5 * d * d * d;
            }
            if (d < 2) {
                double e = 2 - d;
                return e * e * e / 6;
            }
            return 0;
        }

        private static double clamp(double v, double max) {
            return v < 0 ? 0 : v > max ? max : v;
        }
    }
}
