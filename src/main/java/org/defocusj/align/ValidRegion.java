package org.defocusj.align;

import java.util.Locale;

/**
 * The pixels of the reference geometry that every aligned slice covers: per row one interval, since the
 * region is an intersection of rotated rectangles (convex). Outside it some slice has no data, so a depth
 * there would rest on replicated border pixels.
 */
public final class ValidRegion {

    private final int width;
    private final int height;
    /** First and last valid x per row; lo > hi for an empty row. */
    private final int[] lo;
    private final int[] hi;

    private ValidRegion(int width, int height, int[] lo, int[] hi) {
        this.width = width;
        this.height = height;
        this.lo = lo;
        this.hi = hi;
    }

    static ValidRegion of(SliceTransform[] transforms, int w, int h) {
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        int[] lo = new int[h];
        int[] hi = new int[h];
        for (int y = 0; y < h; y++) {
            double a = 0;
            double b = w - 1;
            for (SliceTransform t : transforms) {
                // X(x) = m x + (cx - m cx - n (y - cy) + tx), Y(x) = n x + (cy - n cx + m (y - cy) + ty)
                double bx = cx - t.m * cx - t.n * (y - cy) + t.tx;
                double by = cy - t.n * cx + t.m * (y - cy) + t.ty;
                double[] rx = range(t.m, bx, w - 1);
                double[] ry = range(t.n, by, h - 1);
                a = Math.max(a, Math.max(rx[0], ry[0]));
                b = Math.min(b, Math.min(rx[1], ry[1]));
            }
            // A hair of tolerance keeps pixels that map exactly onto the last column.
            lo[y] = (int) Math.ceil(a - 1e-9);
            hi[y] = (int) Math.floor(b + 1e-9);
        }
        return new ValidRegion(w, h, lo, hi);
    }

    /** The x with {@code 0 <= k x + c <= limit}. */
    private static double[] range(double k, double c, double limit) {
        if (Math.abs(k) < 1e-12) {
            return c >= -1e-9 && c <= limit + 1e-9 ? new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}
                    : new double[] {1, 0};
        }
        double p = -c / k;
        double q = (limit - c) / k;
        return new double[] {Math.min(p, q), Math.max(p, q)};
    }

    public boolean contains(int x, int y) {
        return x >= lo[y] && x <= hi[y];
    }

    /** Valid pixels. */
    public long count() {
        long c = 0;
        for (int y = 0; y < height; y++) {
            c += Math.max(0, hi[y] - lo[y] + 1);
        }
        return c;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The largest axis-aligned rectangle inside the region: {x, y, width, height}; zero size if it is empty. */
    public int[] largestRectangle() {
        int[] best = {0, 0, 0, 0};
        long bestArea = 0;
        for (int y0 = 0; y0 < height; y0++) {
            int l = Integer.MIN_VALUE;
            int r = Integer.MAX_VALUE;
            for (int y1 = y0; y1 < height; y1++) {
                l = Math.max(l, lo[y1]);
                r = Math.min(r, hi[y1]);
                if (r < l) {
                    break;
                }
                long area = (long) (r - l + 1) * (y1 - y0 + 1);
                if (area > bestArea) {
                    bestArea = area;
                    best = new int[] {l, y0, r - l + 1, y1 - y0 + 1};
                }
            }
        }
        return best;
    }

    /** Sets {@code value} at every pixel outside the region of a row-major w x h map. */
    public void fillOutside(float[] map, float value) {
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (x < lo[y] || x > hi[y]) {
                    map[row + x] = value;
                }
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d of %d pixels", count(), (long) width * height);
    }
}
