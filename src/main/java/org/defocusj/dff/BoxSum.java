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
        int y = y0;
        // Four rows at a time: a running sum is a chain of dependent additions, four chains overlap.
        for (; y + 4 <= y1; y += 4) {
            rows4(map, tmp, w, r, y * w);
        }
        for (; y < y1; y++) {
            row(map, tmp, w, r, y * w);
        }
    }

    /*
     * Both loops make the same additions in the same order as one loop with bounds tests would, split where the
     * tests change (left edge clipped: only adding; both inside: adding then dropping; right edge clipped: only
     * dropping), so that the middle, where most pixels are, runs without branches.
     */

    private static void row(float[] map, float[] tmp, int w, int r, int row) {
        double s = 0;
        for (int x = 0; x < Math.min(w, r + 1); x++) {
            s += map[row + x];
        }
        int x = 0;
        for (; x < Math.min(r, w - r - 1); x++) {
            tmp[row + x] = (float) s;
            s += map[row + x + r + 1];
        }
        for (; x < r && x < w; x++) {
            tmp[row + x] = (float) s;
        }
        for (; x < w - r - 1; x++) {
            tmp[row + x] = (float) s;
            s += map[row + x + r + 1];
            s -= map[row + x - r];
        }
        for (; x < w; x++) {
            tmp[row + x] = (float) s;
            s -= map[row + x - r];
        }
    }

    private static void rows4(float[] map, float[] tmp, int w, int r, int row) {
        int a = row;
        int b = row + w;
        int c = row + 2 * w;
        int d = row + 3 * w;
        double sa = 0;
        double sb = 0;
        double sc = 0;
        double sd = 0;
        for (int x = 0; x < Math.min(w, r + 1); x++) {
            sa += map[a + x];
            sb += map[b + x];
            sc += map[c + x];
            sd += map[d + x];
        }
        int x = 0;
        for (; x < Math.min(r, w - r - 1); x++) {
            tmp[a + x] = (float) sa;
            tmp[b + x] = (float) sb;
            tmp[c + x] = (float) sc;
            tmp[d + x] = (float) sd;
            int add = x + r + 1;
            sa += map[a + add];
            sb += map[b + add];
            sc += map[c + add];
            sd += map[d + add];
        }
        for (; x < r && x < w; x++) {
            tmp[a + x] = (float) sa;
            tmp[b + x] = (float) sb;
            tmp[c + x] = (float) sc;
            tmp[d + x] = (float) sd;
        }
        for (; x < w - r - 1; x++) {
            tmp[a + x] = (float) sa;
            tmp[b + x] = (float) sb;
            tmp[c + x] = (float) sc;
            tmp[d + x] = (float) sd;
            int add = x + r + 1;
            int drop = x - r;
            sa += map[a + add];
            sb += map[b + add];
            sc += map[c + add];
            sd += map[d + add];
            sa -= map[a + drop];
            sb -= map[b + drop];
            sc -= map[c + drop];
            sd -= map[d + drop];
        }
        for (; x < w; x++) {
            tmp[a + x] = (float) sa;
            tmp[b + x] = (float) sb;
            tmp[c + x] = (float) sc;
            tmp[d + x] = (float) sd;
            int drop = x - r;
            sa -= map[a + drop];
            sb -= map[b + drop];
            sc -= map[c + drop];
            sd -= map[d + drop];
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
