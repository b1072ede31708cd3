package org.defocusj.psf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

class GatherRendererTest {

    @Test
    void smallRadiusPassesThrough() {
        float[][] img = {{1, 2, 3, 4}};
        float[][] out = new GatherRenderer(Psf.powerExponential(2), 3, 1).render(img, 2, 2, new float[] {1, 0.5f, 1, 0});
        assertArrayEquals(img[0], out[0]);
    }

    @Test
    void gathersWithNeighboursOwnRadiusByHand() {
        // 3 x 1 image, K = 3. Pixel 0 has radius 2, pixel 1 radius 1 (does not contribute), pixel 2 radius 4.
        float[][] img = {{10, 20, 40}};
        float[] radius = {2, 1, 4};
        float[][] out = new GatherRenderer(Psf.powerExponential(2), 3, 1).render(img, 3, 1, radius);
        // Output 0 gathers q=0 (dx 0, c 2) and q=1 (skipped: c <= 1); q=2 is outside K=3.
        assertEquals(10f, out[0][0], 1e-6);
        // Output 1 copies itself (own radius 1).
        assertEquals(20f, out[0][1], 0);
        // Output 2 gathers q=2 (dx 0, c 4: g = 1/16) and q=1 (skipped); q=0 is 2 away, outside K=3.
        assertEquals(40f, out[0][2], 1e-6);
    }

    @Test
    void twoContributorsWeightedByHand() {
        float[][] img = {{10, 30}};
        float[] radius = {2, 3};
        float[][] out = new GatherRenderer(Psf.powerExponential(2), 3, 1).render(img, 2, 1, radius);
        double g00 = 1.0 / 4;                                    // q=0, dx=0, c=2
        double g01 = Math.exp(-2 * (1.0 / 9)) / 9;               // q=1, dx=1, c=3, p=2: ((1/9))^(1)
        assertEquals((g00 * 10 + g01 * 30) / (g00 + g01), out[0][0], 1e-5);
        double g10 = Math.exp(-2 * (1.0 / 4)) / 4;               // q=0, dx=-1, c=2
        double g11 = 1.0 / 9;
        assertEquals((g10 * 10 + g11 * 30) / (g10 + g11), out[0][1], 1e-5);
        // p = 8: the exponent is ((dx^2 + dy^2) / c^2)^(p/2) = (1/9)^4
        float[][] disk = new GatherRenderer(Psf.powerExponential(8), 3, 1).render(img, 2, 1, radius);
        double h01 = Math.exp(-2 * Math.pow(1.0 / 9, 4)) / 9;
        assertEquals((g00 * 10 + h01 * 30) / (g00 + h01), disk[0][0], 1e-5);
    }

    @Test
    void rejectsBadKernelAndShape() {
        assertThrows(BadInputException.class, () -> new GatherRenderer(Psf.powerExponential(2), 4, 1));
        assertThrows(BadInputException.class, () -> new GatherRenderer(Psf.powerExponential(2), 1, 1));
        assertThrows(BadInputException.class, () -> Psf.powerExponential(0));
    }
}
