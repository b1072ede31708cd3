package org.defocusj.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

/** Profiles in isolation: bilinear sampling, the length in the xy unit, invalid pixels and bad lines. */
class HeightProfileTest {

    private static final int W = 9;
    private static final int H = 6;

    /** z = 2 + 0.5 x - 0.25 y + 0.1 x y: bilinear interpolation reproduces it exactly between pixel centres. */
    private static double bilinearSurface(double x, double y) {
        return 2 + 0.5 * x - 0.25 * y + 0.1 * x * y;
    }

    private static HeightField field(float[] z) {
        return HeightField.calibrated(W, H, z, 0.5, 2.0, "µm", "nm");
    }

    private static float[] heights() {
        float[] z = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                z[y * W + x] = (float) bilinearSurface(x, y);
            }
        }
        return z;
    }

    @Test
    void samplesBilinearlyAtMostOnePixelApartWithTheLengthInTheXyUnit() {
        HeightProfile p = HeightProfile.along(field(heights()), 0.3, 0.7, 7.9, 5.0, "profile");
        double pixels = Math.hypot(7.6, 4.3);
        assertEquals((int) Math.ceil(pixels) + 1, p.size());
        assertEquals(Math.hypot(7.6 * 0.5, 4.3 * 2.0), p.length(), 1e-12, "anisotropic pixels, xy unit");
        assertEquals("µm", p.xyUnit());
        assertEquals("nm", p.heightUnit());
        double[] x = p.x();
        double[] y = p.y();
        double[] z = p.heights();
        double[] d = p.distance();
        assertEquals(0.3, x[0], 1e-12);
        assertEquals(5.0, y[p.size() - 1], 1e-12);
        assertEquals(p.length(), d[p.size() - 1], 1e-12);
        for (int i = 0; i < p.size(); i++) {
            assertEquals(bilinearSurface(x[i], y[i]), z[i], 1e-5, "sample " + i + " at " + x[i] + ", " + y[i]);
            if (i > 0) {
                assertTrue(Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]) <= 1 + 1e-12, "at most a pixel apart");
            }
        }
    }

    @Test
    void aSampleNeedingAnInvalidPixelIsNaNOthersAreNot() {
        float[] z = heights();
        z[2 * W + 4] = Float.NaN;
        // Along row 2 from x = 0 to 8: samples at integer x, so only the one on the invalid pixel needs it.
        HeightProfile p = HeightProfile.along(field(z), 0, 2, 8, 2, "profile");
        double[] h = p.heights();
        for (int i = 0; i < h.length; i++) {
            assertEquals(i == 4, Double.isNaN(h[i]), "sample " + i);
        }
        // Half a row lower the invalid pixel weighs on the two samples beside it too.
        HeightProfile q = HeightProfile.along(field(z), 0, 2.5, 8, 2.5, "profile");
        assertTrue(Double.isNaN(q.heights()[4]));
        assertEquals(bilinearSurface(3, 2.5), q.heights()[3], 1e-5);
    }

    @Test
    void anEndOutsideOrAZeroLengthIsBadInputNamingTheParameter() {
        HeightField f = field(heights());
        BadInputException e = assertThrows(BadInputException.class, () -> HeightProfile.along(f, 0, 0, 9, 0, "profile"));
        assertEquals("profile", e.parameter());
        assertTrue(e.getMessage().contains("outside the 9 x 6 image"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> HeightProfile.along(f, 0, -0.5, 3, 3, "profile"));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> HeightProfile.along(f, 2, 3, 2, 3, "profile"));
        assertTrue(e.getMessage().contains("zero length"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> HeightProfile.parseLine("1,2,3", "profile"));
        assertEquals("profile", e.parameter());
    }
}
