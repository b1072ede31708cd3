package org.defocusj.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FocusSamplingTest {

    @Test
    void depthDependentUsesDisparityQuantiles() {
        // Disparities 1/d of 21 pixels: 0.5, 0.55, ..., 1.5; 5 % quantile 0.55, 95 % quantile 1.45.
        float[] depth = new float[21];
        for (int i = 0; i < 21; i++) {
            depth[i] = (float) (1 / (0.5 + 0.05 * i));
        }
        double[] fd = FocusSampling.depthDependent(depth, 4);
        // Disparities 0.55, 0.85, 1.15, 1.45 -> distances, sorted near to far.
        assertArrayEquals(new double[] {1 / 1.45, 1 / 1.15, 1 / 0.85, 1 / 0.55}, fd, 1e-6);
    }

    @Test
    void powerInverseStaysInItsRanges() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int k = 0; k < 200; k++) {
            double[] fd = FocusSampling.powerInverse(5, rng);
            assertTrue(fd[0] >= 0.6 - 1e-9 && fd[0] <= 1.0 + 1e-9, "near " + fd[0]);
            double ratio = fd[4] / fd[0];
            assertTrue(ratio >= 7 - 1e-6 && ratio <= 15 + 1e-6, "far/near " + ratio);
            for (int i = 1; i < 5; i++) {
                assertTrue(fd[i] > fd[i - 1]);
            }
        }
    }

    @Test
    void powerInverseWithKappaOneIsLinearInDisparity() {
        // With kappa = 1 the formula interpolates disparity linearly: check the construction by hand.
        double dNear = 1 / 0.8;
        double dFar = 1 / 8.0;
        double t = 0.25;
        double disp = Math.pow(Math.pow(dFar, 1) * (1 - t) + Math.pow(dNear, 1) * t, 1);
        assertEquals(dFar * 0.75 + dNear * 0.25, disp, 1e-12);
    }

    @Test
    void drawsAreSeededAndInRange() {
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int k = 0; k < 100; k++) {
            double p = FocusSampling.drawShape(a);
            assertEquals(p, FocusSampling.drawShape(b));
            assertTrue(p >= 2 && p <= 32);
            double n = FocusSampling.drawFNumber(a);
            assertEquals(n, FocusSampling.drawFNumber(b));
            assertTrue(java.util.Arrays.stream(FocusSampling.F_NUMBERS).anyMatch(v -> v == n));
        }
    }
}
