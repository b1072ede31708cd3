package org.defocusj.dff;

/**
 * Sums over the square window of radius r around every pixel of a whole-image map, the window clipped to the
 * image (no padding: callers take ratios of such sums, in which the clipped counts cancel). Running sums in
 * double, so the cost does not depend on r and long rows do not drift. The horizontal pass runs in bands of
 * rows, the vertical one in bands of columns (each band keeps its own running column sums), so both parallelise
 * without sharing a value.
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
    static void apply(float[] map, float[] tmp, int w, int h, int r, double[] col, Bands bands) {
        bands.run(h, (y0, y1) -> rows(map, tmp, w, r, y0, y1));
        bands.run(w, (x0, x1) -> columns(tmp, map, w, h, r, col, x0, x1));
    }

    private static void rows(float[] map, float[] tmp, int w, int r, int y0, int y1) {
        for (int y = y0; y < y1; y++) {
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
    }

    private static void columns(float[] tmp, float[] map, int w, int h, int r, double[] col, int x0, int x1) {
        java.util.Arrays.fill(col, x0, x1, 0.0);
        for (int y = 0; y <= Math.min(h - 1, r); y++) {
            int row = y * w;
            for (int x = x0; x < x1; x++) {
                col[x] += tmp[row + x];
            }
        }
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = x0; x < x1; x++) {
                map[row + x] = (float) col[x];
            }
            int add = y + r + 1;
            int drop = y - r;
            if (add < h) {
                int ra = add * w;
                for (int x = x0; x < x1; x++) {
                    col[x] += tmp[ra + x];
                }
            }
            if (drop >= 0) {
                int rd = drop * w;
                for (int x = x0; x < x1; x++) {
                    col[x] -= tmp[rd + x];
                }
            }
        }
    }
}
