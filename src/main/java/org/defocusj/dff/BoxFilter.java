package org.defocusj.dff;

/**
 * Window sums over (2r+1) x (2r+1) neighbourhoods by running sums: O(1) per pixel whatever the window.
 * The caller supplies r rows of context above and below the output rows; columns are clamped at the edges.
 */
final class BoxFilter {

    private BoxFilter() {
    }

    /**
     * @param src      row-major buffer, width {@code w}
     * @param firstRow first output row in {@code src}; rows {@code firstRow - r .. firstRow + nRows - 1 + r} are read
     * @param dst      receives {@code nRows} rows of sums starting at index 0
     * @param colSum   scratch of length {@code w}
     * @param line     scratch of length {@code w + 2r}
     */
    static void sum(float[] src, int w, int firstRow, int nRows, int r, float[] dst, double[] colSum, double[] line) {
        java.util.Arrays.fill(colSum, 0);
        for (int y = firstRow - r; y <= firstRow + r; y++) {
            int o = y * w;
            for (int x = 0; x < w; x++) {
                colSum[x] += src[o + x];
            }
        }
        for (int row = 0; row < nRows; row++) {
            horizontal(colSum, w, r, dst, row * w, line);
            if (row + 1 < nRows) {
                int add = (firstRow + row + r + 1) * w;
                int sub = (firstRow + row - r) * w;
                for (int x = 0; x < w; x++) {
                    colSum[x] += src[add + x] - src[sub + x];
                }
            }
        }
    }

    private static void horizontal(double[] col, int w, int r, float[] dst, int dstOffset, double[] line) {
        // Pad by clamping so the running sum needs no branches inside the row.
        for (int i = 0; i < r; i++) {
            line[i] = col[0];
            line[w + r + i] = col[w - 1];
        }
        System.arraycopy(col, 0, line, r, w);
        double s = 0;
        for (int i = 0; i <= 2 * r; i++) {
            s += line[i];
        }
        dst[dstOffset] = (float) s;
        for (int x = 1; x < w; x++) {
            s += line[x + 2 * r] - line[x - 1];
            dst[dstOffset + x] = (float) s;
        }
    }
}
