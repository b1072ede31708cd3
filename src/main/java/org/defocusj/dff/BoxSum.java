package org.defocusj.dff;

/**
 * Sums over the square window of radius r around every pixel of a whole-image map, the window clipped to the
 * image (no padding: callers take ratios of such sums, in which the clipped counts cancel). Running sums in
 * double, so the cost does not depend on r and long rows do not drift.
 */
final class BoxSum {

    private BoxSum() {
    }

    /**
     * Replaces {@code map} by its window sums.
     *
     * @param tmp a scratch map of the same size
     * @param col a scratch array of at least {@code w} values
     */
    static void apply(float[] map, float[] tmp, int w, int h, int r, double[] col) {
        for (int y = 0; y < h; y++) {
            int row = y * w;
            double s = 0;
            for (int x = 0; x <= Math.min(w - 1, r); x++) {
                s += map[row + x];
            }
            for (int x = 0; x < w; x++) {
                tmp[row + x] = (float) s;
                int add = x + r + 1;
                int drop = x - r;
                if (add < w) {
                    s += map[row + add];
                }
                if (drop >= 0) {
                    s -= map[row + drop];
                }
            }
        }
        java.util.Arrays.fill(col, 0, w, 0.0);
        for (int y = 0; y <= Math.min(h - 1, r); y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                col[x] += tmp[row + x];
            }
        }
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                map[row + x] = (float) col[x];
            }
            int add = y + r + 1;
            int drop = y - r;
            if (add < h) {
                int ra = add * w;
                for (int x = 0; x < w; x++) {
                    col[x] += tmp[ra + x];
                }
            }
            if (drop >= 0) {
                int rd = drop * w;
                for (int x = 0; x < w; x++) {
                    col[x] -= tmp[rd + x];
                }
            }
        }
    }
}
