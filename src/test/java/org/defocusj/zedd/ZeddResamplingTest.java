package org.defocusj.zedd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ZeddResamplingTest {

    private static float[] ramp(int w, int h, double a, double b) {
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = (float) (a * x + b);
            }
        }
        return v;
    }

    @Test
    void lanczosKeepsAConstantImage() {
        float[] c = new float[90 * 60];
        java.util.Arrays.fill(c, 137);
        for (int[] size : new int[][] {{40, 27}, {30, 20}, {200, 133}}) {
            float[] out = Resampling.lanczos8bit(c, 90, 60, size[0], size[1]);
            for (float v : out) {
                assertEquals(137f, v, 0f);
            }
        }
    }

    @Test
    void lanczosReducingByThreeReproducesALinearRampAwayFromTheBorder() {
        // Reducing by 3, output x is centred on input 3x + 1 and its window (18 taps, the outermost weight
        // lanczos(3) = 0) is symmetric about it: a linear ramp comes out exactly as the ramp at 3x + 1.
        int w = 90;
        float[] out = Resampling.lanczos(ramp(w, 6, 1.5, 10), w, 6, 30, 6, false);
        for (int x = 3; x < 27; x++) {
            assertEquals(1.5 * (3 * x + 1) + 10, out[2 * 30 + x], 1e-3, "x=" + x);
        }
    }

    @Test
    void lanczosReducingByTwoStaysWithinTheWindowAsymmetryOfARamp() {
        // Reducing by 2 the window is one tap longer on the right (taps at -2.25..2.75 in filter units): the ramp
        // moves by at most lanczos(2.75)-weighted slope, below 0.02 of a pixel step here.
        float[] out = Resampling.lanczos(ramp(80, 4, 1, 0), 80, 4, 40, 4, false);
        for (int x = 4; x < 36; x++) {
            assertEquals(2 * x + 0.5, out[40 + x], 0.02 * 2, "x=" + x);
        }
    }

    @Test
    void lanczosWeightsAreSincWindowedBySinc() {
        assertEquals(1, Resampling.lanczos3(0), 0);
        assertEquals(0, Resampling.lanczos3(1), 1e-15);
        assertEquals(0, Resampling.lanczos3(3), 0);
        double x = 0.5;
        double expected = Math.sin(Math.PI * x) / (Math.PI * x) * Math.sin(Math.PI * x / 3) / (Math.PI * x / 3);
        assertEquals(expected, Resampling.lanczos3(x), 1e-15);
    }

    @Test
    void lanczos8bitRoundsAndClampsEachPass() {
        // A step 0 | 255 overshoots (ringing) on both sides; 8-bit output must stay in 0..255 and integral.
        float[] step = new float[40 * 4];
        for (int y = 0; y < 4; y++) {
            for (int x = 20; x < 40; x++) {
                step[y * 40 + x] = 255;
            }
        }
        for (float v : Resampling.lanczos8bit(step, 40, 4, 17, 3)) {
            assertEquals(Math.rint(v), v, 0);
            assertEquals(true, v >= 0 && v <= 255);
        }
    }

    @Test
    void nearestTakesThePixelUnderEachOutputCentre() {
        float[] idx = ramp(10, 1, 1, 0);
        // 10 -> 4: centres at 1.25, 3.75, 6.25, 8.75 -> pixels 1, 3, 6, 8.
        assertArrayEquals(new float[] {1, 3, 6, 8}, Resampling.nearest(idx, 10, 1, 4, 1));
        // 4 -> 8: each pixel twice.
        assertArrayEquals(new float[] {0, 0, 1, 1, 2, 2, 3, 3}, Resampling.nearest(ramp(4, 1, 1, 0), 4, 1, 8, 1));
    }

    @Test
    void bilinearKeepsRampsAndConstantsWithAlignedCentres() {
        // 4 -> 8 with half-pixel centres: output x samples input (x + 0.5) / 2 - 0.5, clamped at the ends.
        float[] out = Resampling.bilinear(ramp(4, 2, 1, 0), 4, 2, 8, 4);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1.25f, 1.75f, 2.25f, 2.75f, 3}, java.util.Arrays.copyOf(out, 8),
                1e-6f);
        for (int y = 1; y < 4; y++) {
            assertArrayEquals(java.util.Arrays.copyOf(out, 8), java.util.Arrays.copyOfRange(out, 8 * y, 8 * y + 8));
        }
    }
}
