package org.defocusj.dff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HoleFillingTest {

    @Test
    void fillsFromTheRimInward() {
        float n = Float.NaN;
        float[] map = {
            1, 1, 1, 1,
            1, n, n, 1,
            1, n, n, 1,
            1, 1, 1, 1,
        };
        HoleFilling.fillNaN(map, 4, 4);
        for (float v : map) {
            assertEquals(1f, v, 1e-6);
        }
    }

    @Test
    void aLinearRampStaysWithinItsRange() {
        int w = 20;
        float[] map = new float[w * 5];
        for (int i = 0; i < map.length; i++) {
            map[i] = (i % w) < 5 ? 0f : (i % w) >= 15 ? 10f : Float.NaN;
        }
        HoleFilling.fillNaN(map, w, 5);
        for (float v : map) {
            assertTrue(v >= 0 && v <= 10, "value " + v);
        }
        assertTrue(map[2 * w + 6] < map[2 * w + 13]);
    }

    @Test
    void allNaNStaysNaN() {
        float[] map = {Float.NaN, Float.NaN};
        HoleFilling.fillNaN(map, 2, 1);
        assertTrue(Float.isNaN(map[0]));
    }

    @Test
    void validPixelsKeepTheirValuesAndABigHoleGetsASmoothMonotoneFill() {
        int w = 64;
        int h = 48;
        float[] map = new float[w * h];
        float[] original = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean hole = x >= 8 && x < 56;
                map[y * w + x] = hole ? Float.NaN : x; // known: a ramp at both ends
                original[y * w + x] = map[y * w + x];
            }
        }
        HoleFilling.fillNaN(map, w, h);
        for (int i = 0; i < map.length; i++) {
            if (!Float.isNaN(original[i])) {
                assertEquals(original[i], map[i], 0f, "valid pixels are kept exactly");
            }
        }
        int y = h / 2;
        for (int x = 8; x < 56; x++) {
            float v = map[y * w + x];
            assertTrue(v >= 0 && v <= 63, "within the valid range: " + v);
            assertTrue(v >= map[y * w + x - 1] - 1e-3f, "monotone across the hole at x = " + x);
            // A smooth fill: no step between neighbours bigger than the whole rise spread over a quarter of the hole.
            assertTrue(Math.abs(v - map[y * w + x - 1]) < (55f - 7f) / 12, "smooth at x = " + x);
        }
        for (int x = 8; x < 56; x++) { // nothing varies along y: the fill is the same on every row
            assertEquals(map[y * w + x], map[3 * w + x], 0.5f, "x = " + x);
        }
    }

    @Test
    void aSingleValidPixelFillsEverything() {
        float[] map = new float[7 * 5];
        java.util.Arrays.fill(map, Float.NaN);
        map[12] = 2.5f;
        HoleFilling.fillNaN(map, 7, 5);
        for (float v : map) {
            assertEquals(2.5f, v, 1e-6f);
        }
    }
}
