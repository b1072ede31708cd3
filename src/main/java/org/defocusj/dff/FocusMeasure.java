package org.defocusj.dff;

import java.util.Locale;

import org.defocusj.BadInputException;

/**
 * Local sharpness of one slice, summed over a square window. Each measure is large where the slice is in
 * focus; depth from focus takes the slice where it peaks.
 */
public enum FocusMeasure {

    /** Sum-modified-Laplacian (Nayar and Nakagawa, 1994): |d2I/dx2| + |d2I/dy2|, summed over the window. */
    SML("sml", "sum-modified-Laplacian") {
        @Override
        void energy(float[] s, int w, int row, float[] dst) {
            int o = row * w;
            int up = o - w;
            int dn = o + w;
            // Edge columns (neighbours clamped) apart, so that the interior loop has no branches and vectorizes.
            sml(s, w, o, 0, dst);
            for (int x = 1; x < w - 1; x++) {
                float c2 = 2 * s[o + x];
                dst[o + x] = Math.abs(c2 - s[o + x - 1] - s[o + x + 1]) + Math.abs(c2 - s[up + x] - s[dn + x]);
            }
            if (w > 1) {
                sml(s, w, o, w - 1, dst);
            }
        }
    },

    /** Tenengrad: squared Sobel gradient magnitude, summed over the window. */
    TENENGRAD("tenengrad", "Sobel gradient energy") {
        @Override
        void energy(float[] s, int w, int row, float[] dst) {
            int o = row * w;
            int up = o - w;
            int dn = o + w;
            tenengrad(s, w, o, 0, dst);
            for (int x = 1; x < w - 1; x++) {
                int xl = x - 1;
                int xr = x + 1;
                float gx = (s[up + xr] + 2 * s[o + xr] + s[dn + xr]) - (s[up + xl] + 2 * s[o + xl] + s[dn + xl]);
                float gy = (s[dn + xl] + 2 * s[dn + x] + s[dn + xr]) - (s[up + xl] + 2 * s[up + x] + s[up + xr]);
                dst[o + x] = gx * gx + gy * gy;
            }
            if (w > 1) {
                tenengrad(s, w, o, w - 1, dst);
            }
        }
    },

    /** Gray-level variance in the window: E[I^2] - E[I]^2. */
    VARIANCE("variance", "local gray-level variance") {
        @Override
        void energy(float[] s, int w, int row, float[] dst) {
            throw new UnsupportedOperationException("variance is computed from window moments");
        }

        @Override
        void compute(float[] src, int w, int firstRow, int nRows, int r, float[] dst, Scratch scratch) {
            int n = (2 * r + 1) * (2 * r + 1);
            float[] sq = scratch.energy;
            int from = (firstRow - r) * w;
            int to = (firstRow + nRows + r) * w;
            for (int i = from; i < to; i++) {
                sq[i] = src[i] * src[i];
            }
            BoxFilter.sum(src, w, firstRow, nRows, r, dst, scratch.colSum, scratch.line);
            BoxFilter.sum(sq, w, firstRow, nRows, r, scratch.second, scratch.colSum, scratch.line);
            int m = nRows * w;
            for (int i = 0; i < m; i++) {
                double mean = dst[i] / (double) n;
                double v = scratch.second[i] / (double) n - mean * mean;
                dst[i] = (float) Math.max(0, v);
            }
        }
    };

    private final String key;
    private final String description;

    FocusMeasure(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** Name used on the command line and in macros. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** Per-pixel sharpness of row {@code row} of {@code s}, which has one row of context above and below. */
    abstract void energy(float[] s, int w, int row, float[] dst);

    /**
     * Computes the windowed measure for rows {@code [firstRow, firstRow + nRows)} of {@code src} into
     * {@code dst} (from index 0). {@code src} must hold {@code r + 1} context rows above and below.
     */
    void compute(float[] src, int w, int firstRow, int nRows, int r, float[] dst, Scratch scratch) {
        for (int row = firstRow - r; row < firstRow + nRows + r; row++) {
            energy(src, w, row, scratch.energy);
        }
        BoxFilter.sum(scratch.energy, w, firstRow, nRows, r, dst, scratch.colSum, scratch.line);
    }

    /** {@link #SML} at one column of row offset {@code o}, with the horizontal neighbours clamped to the image. */
    private static void sml(float[] s, int w, int o, int x, float[] dst) {
        int xl = x == 0 ? 0 : x - 1;
        int xr = x == w - 1 ? w - 1 : x + 1;
        float c2 = 2 * s[o + x];
        dst[o + x] = Math.abs(c2 - s[o + xl] - s[o + xr]) + Math.abs(c2 - s[o - w + x] - s[o + w + x]);
    }

    /** {@link #TENENGRAD} at one column of row offset {@code o}, with the horizontal neighbours clamped. */
    private static void tenengrad(float[] s, int w, int o, int x, float[] dst) {
        int up = o - w;
        int dn = o + w;
        int xl = x == 0 ? 0 : x - 1;
        int xr = x == w - 1 ? w - 1 : x + 1;
        float gx = (s[up + xr] + 2 * s[o + xr] + s[dn + xr]) - (s[up + xl] + 2 * s[o + xl] + s[dn + xl]);
        float gy = (s[dn + xl] + 2 * s[dn + x] + s[dn + xr]) - (s[up + xl] + 2 * s[up + x] + s[up + xr]);
        dst[o + x] = gx * gx + gy * gy;
    }

    /** Rows of context each side that {@link #compute} needs beyond the window radius. */
    static int halo(int r) {
        return r + 1;
    }

    public static FocusMeasure parse(String text, String parameter) {
        for (FocusMeasure m : values()) {
            if (m.key.equalsIgnoreCase(text.trim()) || m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new BadInputException(parameter + ": unknown focus measure '" + text + "' (expected one of "
                + keys() + ")");
    }

    public static String keys() {
        StringBuilder sb = new StringBuilder();
        for (FocusMeasure m : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(m.key);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }

    /** Per-thread work buffers sized for one band. */
    static final class Scratch {
        final float[] energy;
        final float[] second;
        final double[] colSum;
        final double[] line;

        Scratch(int w, int bufferRows, int outRows, int r) {
            energy = new float[w * bufferRows];
            second = new float[w * outRows];
            colSum = new double[BoxFilter.ROWS_AT_ONCE * w];
            line = new double[BoxFilter.ROWS_AT_ONCE * (w + 2 * r)];
        }
    }
}
