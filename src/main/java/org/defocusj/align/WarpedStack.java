package org.defocusj.align;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.defocusj.stack.FocusStack;
import org.defocusj.stack.PlaneReader;

/**
 * A stack seen through its alignment: every read of a slice is warped (bilinear, borders replicated) from the
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

    /** Reads warped rows of the original slices. */
    static final class Reader implements PlaneReader {
        private final PlaneReader source;
        private final SliceTransform[] transforms;
        private final boolean[] identity;
        private final int w;
        private final int h;
        private final double cx;
        private final double cy;
        private final ThreadLocal<float[][]> scratch;

        Reader(PlaneReader source, SliceTransform[] transforms, int w, int h) {
            this.source = source;
            this.transforms = transforms.clone();
            this.w = w;
            this.h = h;
            this.cx = (w - 1) / 2.0;
            this.cy = (h - 1) / 2.0;
            identity = new boolean[transforms.length];
            for (int z = 0; z < transforms.length; z++) {
                // Exactly the identity (the reference slice): read through, bit for bit.
                SliceTransform t = transforms[z];
                identity[z] = t.m == 1 && t.n == 0 && t.tx == 0 && t.ty == 0;
            }
            scratch = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[w]});
        }

        @Override
        public void readRows(int c, int z, int y0, int y1, float[] dst, int offset) {
            if (identity[z]) {
                source.readRows(c, z, y0, y1, dst, offset);
                return;
            }
            for (int y = y0; y < y1; y++) {
                int row = offset + (y - y0) * w;
                for (int x = 0; x < w; x += SEGMENT) {
                    warp(c, z, y, x, Math.min(w, x + SEGMENT), dst, row + x);
                }
            }
        }

        @Override
        public void readRowPart(int c, int z, int y, int x0, int x1, float[] dst, int offset, float[] rowScratch) {
            if (identity[z]) {
                source.readRowPart(c, z, y, x0, x1, dst, offset, rowScratch);
                return;
            }
            for (int x = x0; x < x1; x += SEGMENT) {
                warp(c, z, y, x, Math.min(x1, x + SEGMENT), dst, offset + x - x0);
            }
        }

        @Override
        public int integerLimit() {
            return source.integerLimit();
        }

        @Override
        public void readRowPart(int c, int z, int y, int x0, int x1, int[] dst, int offset) {
            if (identity[z]) {
                source.readRowPart(c, z, y, x0, x1, dst, offset);
                return;
            }
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

        /** Warps reference pixels x0..x1-1 of row y of slice z into dst[offset...]. */
        private void warp(int c, int z, int y, int x0, int x1, float[] dst, int offset) {
            SliceTransform t = transforms[z];
            double v = y - cy;
            double xa = clamp(cx + t.m * (x0 - cx) - t.n * v + t.tx, w - 1);
            double xb = clamp(cx + t.m * (x1 - 1 - cx) - t.n * v + t.tx, w - 1);
            double ya = clamp(cy + t.n * (x0 - cx) + t.m * v + t.ty, h - 1);
            double yb = clamp(cy + t.n * (x1 - 1 - cx) + t.m * v + t.ty, h - 1);
            int bx0 = Math.max(0, Math.min((int) Math.min(xa, xb), w - 2));
            int bx1 = Math.min(w - 1, (int) Math.max(xa, xb) + 1);
            int by0 = Math.max(0, Math.min((int) Math.min(ya, yb), h - 2));
            int by1 = Math.min(h - 1, (int) Math.max(ya, yb) + 1);
            int bw = bx1 - bx0 + 1;
            int bh = by1 - by0 + 1;
            float[][] s = scratch.get();
            if (s[0].length < bw * bh) {
                s[0] = new float[bw * bh];
            }
            float[] band = s[0];
            for (int r = 0; r < bh; r++) {
                source.readRowPart(c, z, by0 + r, bx0, bx1 + 1, band, r * bw, s[1]);
            }
            int xmax = Math.max(0, w - 2);
            int ymax = Math.max(0, h - 2);
            for (int x = x0; x < x1; x++) {
                double u = x - cx;
                double xs = clamp(cx + t.m * u - t.n * v + t.tx, w - 1);
                double ys = clamp(cy + t.n * u + t.m * v + t.ty, h - 1);
                int ix = Math.min((int) xs, xmax);
                int iy = Math.min((int) ys, ymax);
                float fx = (float) (xs - ix);
                float fy = (float) (ys - iy);
                int i = (iy - by0) * bw + (ix - bx0);
                int right = w > 1 ? 1 : 0;
                int down = h > 1 ? bw : 0;
                float a = band[i] + fx * (band[i + right] - band[i]);
                float b = band[i + down] + fx * (band[i + down + right] - band[i + down]);
                dst[offset + x - x0] = a + fy * (b - a);
            }
        }

        private static double clamp(double v, double max) {
            return v < 0 ? 0 : v > max ? max : v;
        }
    }
}
