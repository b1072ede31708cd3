package org.defocusj.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.defocusj.BadInputException;

/**
 * Focus-distance lists for synthetic stacks, as FOSSA's training draws them (distances in metres, returned
 * sorted near to far).
 */
public final class FocusSampling {

    /** F-numbers FOSSA's training draws from. */
    public static final double[] F_NUMBERS = {1.0, 1.4, 2.0, 2.8, 4.0};
    /** Share of depth-dependent lists in FOSSA's training mix (the rest are power-inverse). */
    public static final double DEPTH_DEPENDENT_SHARE = 0.2;

    private FocusSampling() {
    }

    /**
     * Depth-dependent: the 5 % and 95 % quantiles of disparity 1/d over the image, {@code n} values spaced
     * linearly between them in disparity, inverted to distances.
     */
    public static double[] depthDependent(float[] depthM, int n) {
        requireSlices(n);
        float[] disparity = new float[depthM.length];
        int k = 0;
        for (float d : depthM) {
            if (d > 0 && Float.isFinite(d)) {
                disparity[k++] = 1f / d;
            }
        }
        if (k == 0) {
            throw new BadInputException("depth: no positive finite depth to place focus distances by");
        }
        Arrays.sort(disparity, 0, k);
        double lo = quantile(disparity, k, 0.05);
        double hi = quantile(disparity, k, 0.95);
        if (!(hi > lo)) {
            // A flat scene: spread +-10 % in disparity around it so the stack still brackets it.
            lo *= 0.9;
            hi *= 1.1;
        }
        double[] fd = new double[n];
        for (int i = 0; i < n; i++) {
            double disp = lo + (hi - lo) * i / (n - 1);
            fd[i] = 1 / disp;
        }
        Arrays.sort(fd);
        return fd;
    }

    /** Linear-interpolated quantile of the first {@code k} sorted values (NumPy's default). */
    static double quantile(float[] sorted, int k, double q) {
        double pos = q * (k - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(k - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /**
     * Power-inverse: z_near ~ U(0.6, 1.0) m, z_far = z_near * U(7, 15), kappa ~ U(0, 1); for t in
     * linspace(0, 1, n): disp = (d_far^kappa (1 - t) + d_near^kappa t)^(1/kappa) with d = 1/z; fd = 1/disp.
     */
    public static double[] powerInverse(int n, SplittableRandom rng) {
        requireSlices(n);
        double zNear = 0.6 + 0.4 * rng.nextDouble();
        double zFar = zNear * (7 + 8 * rng.nextDouble());
        // kappa -> 0 is the geometric mean limit; keep it away from 0 where the power blows up numerically.
        double kappa = Math.max(1e-3, rng.nextDouble());
        double dNear = 1 / zNear;
        double dFar = 1 / zFar;
        double[] fd = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) (n - 1);
            double disp = Math.pow(Math.pow(dFar, kappa) * (1 - t) + Math.pow(dNear, kappa) * t, 1 / kappa);
            fd[i] = 1 / disp;
        }
        Arrays.sort(fd);
        return fd;
    }

    /** FOSSA's training mix: depth-dependent with probability 0.2, else power-inverse. */
    public static double[] trainingMix(float[] depthM, int n, SplittableRandom rng) {
        return rng.nextDouble() < DEPTH_DEPENDENT_SHARE ? depthDependent(depthM, n) : powerInverse(n, rng);
    }

    /** An f-number drawn uniformly from {@link #F_NUMBERS}. */
    public static double drawFNumber(SplittableRandom rng) {
        return F_NUMBERS[rng.nextInt(F_NUMBERS.length)];
    }

    /** A power-exponential shape p drawn log-uniformly in [2, 32]. */
    public static double drawShape(SplittableRandom rng) {
        return Math.exp(Math.log(2) + rng.nextDouble() * (Math.log(32) - Math.log(2)));
    }

    private static void requireSlices(int n) {
        if (n < 2) {
            throw BadInputException.forParameter("slices", "expected at least 2 focus slices, got " + n);
        }
    }
}
