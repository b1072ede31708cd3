package org.defocusj.dff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.Test;

import org.defocusj.depth.Workers;

/** Window sums in bands of rows and columns against sums taken pixel by pixel, window clipped at the borders. */
class BoxSumTest {

    @Test
    void bandedSumsEqualDirectSums() {
        int w = 97;
        int h = 53;
        SplittableRandom rng = new SplittableRandom(1);
        float[] map = new float[w * h];
        for (int i = 0; i < map.length; i++) {
            map[i] = (float) rng.nextDouble();
        }
        ExecutorService pool = Workers.pool(3, "test");
        try {
            for (int r : new int[] {1, 4, 60}) {
                float[] sums = map.clone();
                BoxSum.apply(sums, new float[w * h], w, h, r, new double[w], new Bands(pool, 3));
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double s = 0;
                        for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                            for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                                s += map[yy * w + xx];
                            }
                        }
                        assertEquals(s, sums[y * w + x], 1e-4 * Math.max(1, s), "r " + r + " at " + x + "," + y);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
