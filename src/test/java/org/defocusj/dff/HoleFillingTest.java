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
}
