package org.defocusj.dff;

/**
 * Window sums over (2r+1) x (2r+1) neighbourhoods by running sums: O(1) per pixel whatever the window.
 * The caller supplies r rows of context above and below the output rows; columns are clamped at the edges.
 */
final class BoxFilter {

    /**
     * Output rows whose horizontal running sums are advanced together. Each row's sum is one long chain of
     * dependent additions; interleaving independent rows lets the processor overlap them.
     */
    static final int ROWS_AT_ONCE = 4;

    private BoxFilter() {
    }

    /**
     * @param src      row-major buffer, width {@code w}
     * @param firstRow first output row in {@code src}; rows {@code firstRow - r .. firstRow + nRows - 1 + r} are read
     * @param dst      receives {@code nRows} rows of sums starting at index 0
     * @param colSum   scratch of length {@code ROWS_AT_ONCE * w}
     * @param line     scratch of length {@code ROWS_AT_ONCE * (w + 2r)}
     */
    static void sum(float[] src, int w, int firstRow, int nRows, int r, float[] dst, double[] colSum, double[] line) {
        // colSum row k holds the vertical window sums of output row (row + k). Each is the previous one plus
        // the entering row minus the leaving row, exactly as one running column sum would be updated.
        java.util.Arrays.fill(colSum, 0, w, 0);
        for (int y = firstRow - r; y <= firstRow + r; y++) {
            int o = y * w;
            for (int x = 0; x < w; x++) {
                colSum[x] += src[o + x];
            }
        }
        for (int row = 0; row < nRows; row += ROWS_AT_ONCE) {
            int k = Math.min(ROWS_AT_ONCE, nRows - row);
            if (row > 0) {
                // Advance from the last row of the previous group into slot 0.
                advance(src, w, firstRow + row - 1, r, colSum, (ROWS_AT_ONCE - 1) * w, colSum, 0);
            }
            for (int j = 1; j < k; j++) {
                advance(src, w, firstRow + row + j - 1, r, colSum, (j - 1) * w, colSum, j * w);
            }
            if (k == ROWS_AT_ONCE) {
                horizontal4(colSum, w, r, dst, row * w, line);
            } else {
                for (int j = 0; j < k; j++) {
                    horizontal(colSum, j * w, w, r, dst, (row + j) * w, line);
                }
            }
        }
    }

    /** Column sums of row {@code y + 1} from those of row {@code y}: add row y + 1 + r, subtract row y - r. */
    private static void advance(float[] src, int w, int y, int r, double[] from, int fromOffset, double[] to,
            int toOffset) {
        int add = (y + r + 1) * w;
        int sub = (y - r) * w;
        for (int x = 0; x < w; x++) {
            to[toOffset + x] = from[fromOffset + x] + (src[add + x] - src[sub + x]);
        }
    }

    /** Copies one row of column sums into {@code line} at {@code at}, padded by r clamped values each side. */
    private static void pad(double[] col, int colOffset, int w, int r, double[] line, int at) {
        for (int i = 0; i < r; i++) {
            line[at + i] = col[colOffset];
            line[at + w + r + i] = col[colOffset + w - 1];
        }
        System.arraycopy(col, colOffset, line, at + r, w);
    }

    private static void horizontal(double[] col, int colOffset, int w, int r, float[] dst, int dstOffset,
            double[] line) {
        // Pad by clamping so the running sum needs no branches inside the row.
        pad(col, colOffset, w, r, line, 0);
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

    /** {@link #horizontal} for four consecutive rows of column sums at once (same arithmetic per row). */
    private static void horizontal4(double[] col, int w, int r, float[] dst, int dstOffset, double[] line) {
        int len = w + 2 * r;
        for (int j = 0; j < 4; j++) {
            pad(col, j * w, w, r, line, j * len);
        }
        int l0 = 0;
        int l1 = len;
        int l2 = 2 * len;
        int l3 = 3 * len;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i <= 2 * r; i++) {
            s0 += line[l0 + i];
            s1 += line[l1 + i];
            s2 += line[l2 + i];
            s3 += line[l3 + i];
        }
        int d0 = dstOffset;
        int d1 = dstOffset + w;
        int d2 = dstOffset + 2 * w;
        int d3 = dstOffset + 3 * w;
        dst[d0] = (float) s0;
        dst[d1] = (float) s1;
        dst[d2] = (float) s2;
        dst[d3] = (float) s3;
        int r2 = 2 * r;
        for (int x = 1; x < w; x++) {
            s0 += line[l0 + x + r2] - line[l0 + x - 1];
            s1 += line[l1 + x + r2] - line[l1 + x - 1];
            s2 += line[l2 + x + r2] - line[l2 + x - 1];
            s3 += line[l3 + x + r2] - line[l3 + x - 1];
            dst[d0 + x] = (float) s0;
            dst[d1 + x] = (float) s1;
            dst[d2 + x] = (float) s2;
            dst[d3 + x] = (float) s3;
        }
    }
}
