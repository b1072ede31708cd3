package org.defocusj.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;
import org.defocusj.TestStacks;

class PsfTest {

    @Test
    void powerExponentialByHand() {
        // c = 2, r^2 = 2, p = 8: exp(-2 (2/4)^4) / 4 = exp(-0.125) / 4
        assertEquals(Math.exp(-0.125) / 4, Psf.powerExponential(8).weight(2, 2), 1e-15);
        assertEquals(Math.exp(-2 * 0.5) / 4, Psf.gaussian().weight(2, 2), 1e-15);
    }

    @Test
    void diskIsFlatInsideAndZeroOutside() {
        Psf disk = Psf.disk();
        assertEquals(1 / 9.0, disk.weight(0, 3), 1e-15);
        assertEquals(1 / 9.0, disk.weight(6.25, 3), 1e-15);      // r = 2.5 <= c - 0.5
        assertEquals(0.5 / 9.0, disk.weight(9, 3), 1e-12);       // r = c: half covered
        assertEquals(0, disk.weight(12.25, 3), 0);               // r = 3.5 = c + 0.5
    }

    @Test
    void bulkWeightsEqualSingleWeights() {
        double[] r2 = {0, 1, 2, 4, 5, 8, 9, 49, 98};
        float[] out = new float[r2.length];
        for (Psf psf : new Psf[] {Psf.gaussian(), Psf.disk(), Psf.powerExponential(3.7), Psf.powerExponential(32)}) {
            for (double c : new double[] {1.01, 2.5, 7.3}) {
                psf.weights(c, psf.table(r2), out, r2.length);
                for (int k = 0; k < r2.length; k++) {
                    assertEquals(psf.weight(r2[k], c), out[k], 1e-6 * Math.max(1e-30, psf.weight(0, c)),
                            psf.family() + " c=" + c + " r2=" + r2[k]);
                }
            }
        }
    }

    @Test
    void optimisedGatherMatchesTheNaiveReference() {
        int w = 41;
        int h = 29;
        float[][] img = {TestStacks.noise(w, h, 1), TestStacks.noise(w, h, 2), TestStacks.noise(w, h, 3)};
        SplittableRandom rng = new SplittableRandom(4);
        float[] radius = new float[w * h];
        for (int i = 0; i < radius.length; i++) {
            radius[i] = (float) (rng.nextDouble() * 9);
        }
        for (Psf psf : new Psf[] {Psf.gaussian(), Psf.disk(), Psf.powerExponential(11)}) {
            float[][] fast = new GatherRenderer(psf, 15, 3).render(img, w, h, radius);
            float[][] ref = NaiveGather.render(psf, 15, img, w, h, radius);
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < w * h; i++) {
                    assertEquals(ref[c][i], fast[c][i], 1e-4 * Math.max(1, Math.abs(ref[c][i])), psf.family());
                }
            }
        }
    }

    @Test
    void parseNamesTheOption() {
        BadInputException e = assertThrows(BadInputException.class, () -> Psf.parse("airy", 2));
        assertTrue(e.getMessage().startsWith("--psf:"));
        assertThrows(BadInputException.class, () -> Psf.parse("power-exp", -1));
    }
}
