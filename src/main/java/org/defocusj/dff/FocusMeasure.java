package org.defocusj.dff;

import org.defocusj.param.Keyed;
import org.defocusj.param.Keys;

/**
 * Local sharpness of one slice, summed over a square window. Each measure is large where the slice is in
 * focus; depth from focus takes the slice where it peaks.
 */
public enum FocusMeasure implements Keyed {

    /** Sum-modified-Laplacian (Nayar and Nakagawa, 1994): |d2I/dx2| + |d2I/dy2|, summed over the window. */
    SML("sum-modified-Laplacian") {
        @Override
        void energy(float[] up, float[] mid, float[] dn, float[] dst, int n) {
            for (int i = 0; i < n; i++) {
                float c2 = 2 * mid[i + 1];
                dst[i] = Math.abs(c2 - mid[i] - mid[i + 2]) + Math.abs(c2 - up[i + 1] - dn[i + 1]);
            }
        }

        @Override
        void energy(int[] up, int[] mid, int[] dn, int[] dst, int n) {
            for (int i = 0; i < n; i++) {
                int c2 = 2 * mid[i + 1];
                dst[i] = Math.abs(c2 - mid[i] - mid[i + 2]) + Math.abs(c2 - up[i + 1] - dn[i + 1]);
            }
        }

        /**
         * The same sums in two passes over arrays read at the same index: Java 17's JIT vectorises these (about
         * 4 times faster), but not a loop that reads one array at several offsets or six arrays at once.
         */
        @Override
        void energy(int[] up1, int[] mid0, int[] mid1, int[] mid2, int[] dn1, int[] dst, int n) {
            for (int i = 0; i < n; i++) {
                dst[i] = Math.abs(2 * mid1[i] - mid0[i] - mid2[i]);
            }
            for (int i = 0; i < n; i++) {
                dst[i] += Math.abs(2 * mid1[i] - up1[i] - dn1[i]);
            }
        }

        @Override
        boolean usesShiftedRows() {
            return true;
        }

        @Override
        long maxEnergy(long limit) {
            return 4 * limit;
        }
    },

    /**
     * {@link #SML} of the slice lightly smoothed first ({@link SmoothedReader}: {@code [1 3 1] / 5} down and
     * across). Sensor noise, the more so after JPEG, puts energy at the highest frequencies, where SML weighs
     * most: a defocused slice of a noisy stack then measures 60 to 80 % of the in-focus peak, and weakly
     * textured pixels peak on random slices. The smoothing takes much of that noise and little of the texture
     * that tells focus (README, Real-like stacks: degraded abs_rel 0.145 to 0.135, clean 0.102 either way).
     */
    SSML("sum-modified-Laplacian of the lightly smoothed slice") {
        @Override
        void energy(float[] up, float[] mid, float[] dn, float[] dst, int n) {
            SML.energy(up, mid, dn, dst, n);
        }

        @Override
        void energy(int[] up, int[] mid, int[] dn, int[] dst, int n) {
            SML.energy(up, mid, dn, dst, n);
        }

        @Override
        void energy(int[] up1, int[] mid0, int[] mid1, int[] mid2, int[] dn1, int[] dst, int n) {
            SML.energy(up1, mid0, mid1, mid2, dn1, dst, n);
        }

        @Override
        boolean usesShiftedRows() {
            return SML.usesShiftedRows();
        }

        @Override
        long maxEnergy(long limit) {
            return SML.maxEnergy(limit);
        }

        @Override
        boolean smoothsFirst() {
            return true;
        }
    },

    /** Tenengrad: squared Sobel gradient magnitude, summed over the window. */
    TENENGRAD("Sobel gradient energy") {
        @Override
        void energy(float[] up, float[] mid, float[] dn, float[] dst, int n) {
            for (int i = 0; i < n; i++) {
                int xr = i + 2;
                float gx = (up[xr] + 2 * mid[xr] + dn[xr]) - (up[i] + 2 * mid[i] + dn[i]);
                float gy = (dn[i] + 2 * dn[i + 1] + dn[xr]) - (up[i] + 2 * up[i + 1] + up[xr]);
                dst[i] = gx * gx + gy * gy;
            }
        }

        @Override
        void energy(int[] up, int[] mid, int[] dn, int[] dst, int n) {
            for (int i = 0; i < n; i++) {
                int xr = i + 2;
                int gx = (up[xr] + 2 * mid[xr] + dn[xr]) - (up[i] + 2 * mid[i] + dn[i]);
                int gy = (dn[i] + 2 * dn[i + 1] + dn[xr]) - (up[i] + 2 * up[i + 1] + up[xr]);
                dst[i] = gx * gx + gy * gy;
            }
        }

        @Override
        long maxEnergy(long limit) {
            return 2 * (4 * limit) * (4 * limit);
        }
    },

    /**
     * Gray-level variance in the window: E[I^2] - E[I]^2. It is computed from window sums of I and I^2
     * ({@link #usesMoments()}), not from a per-pixel energy.
     */
    VARIANCE("local gray-level variance") {
        @Override
        void energy(float[] up, float[] mid, float[] dn, float[] dst, int n) {
            throw new UnsupportedOperationException("variance is computed from window moments");
        }

        @Override
        void energy(int[] up, int[] mid, int[] dn, int[] dst, int n) {
            throw new UnsupportedOperationException("variance is computed from window moments");
        }

        @Override
        long maxEnergy(long limit) {
            return limit * limit;
        }

        @Override
        boolean usesMoments() {
            return true;
        }
    };

    private final String description;

    FocusMeasure(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * Per-pixel sharpness of row {@code mid} into {@code dst[0, n)}: {@code dst[i]} is at column {@code i + 1} of
     * the three rows, which carry one column of context each side.
     */
    abstract void energy(float[] up, float[] mid, float[] dn, float[] dst, int n);

    /** {@link #energy(float[], float[], float[], float[], int)} in exact integer arithmetic. */
    abstract void energy(int[] up, int[] mid, int[] dn, int[] dst, int n);

    /**
     * {@link #energy(int[], int[], int[], int[], int)} from copies of the rows shifted left by k columns
     * ({@code rowK[i] = row[i + k]}): {@code up1}, {@code mid0}, {@code mid1}, {@code mid2}, {@code dn1}. Only
     * measures for which {@link #usesShiftedRows()} is true implement it.
     */
    void energy(int[] up1, int[] mid0, int[] mid1, int[] mid2, int[] dn1, int[] dst, int n) {
        throw new UnsupportedOperationException(name());
    }

    /** True if {@link #energy(int[], int[], int[], int[], int[], int[], int)} is the faster way to this measure. */
    boolean usesShiftedRows() {
        return false;
    }

    /** Bound of the per-pixel energy (of I^2 for {@link #VARIANCE}) for samples from 0 to {@code limit}. */
    abstract long maxEnergy(long limit);

    /**
     * True if the measure reads the slices smoothed ({@link SmoothedReader}); its {@link #maxEnergy} is then
     * that of the smoothed samples, whose limit the smoothing reader gives.
     */
    boolean smoothsFirst() {
        return false;
    }

    /** True if the measure comes from window sums of I and I^2 rather than of a per-pixel energy. */
    boolean usesMoments() {
        return false;
    }

    /** The window variance from the window sums of I and I^2 over {@code n} pixels, clamped at zero. */
    static float variance(double sum, double sumSq, int n) {
        double mean = sum / n;
        double v = sumSq / n - mean * mean;
        return (float) Math.max(0, v);
    }

    /** @param parameter the id of the parameter the text came from, for the message */
    public static FocusMeasure parse(String text, String parameter) {
        return Keys.parse(FocusMeasure.class, text, parameter, "focus measure");
    }

    @Override
    public String toString() {
        return key();
    }
}
