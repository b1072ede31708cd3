package org.defocusj.surface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FormRemovalTest {

    /** A noisy, rough surface with NaNs, random weights and some zero weights, more rows than bands. */
    private static HeightField noisy(int w, int h, float[] weights) {
        SplittableRandom rnd = new SplittableRandom(13);
        float[] z = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                z[i] = rnd.nextDouble() < 0.03 ? Float.NaN : (float) (250 + 0.01 * x - 0.02 * y
                        + 1e-5 * x * y + 0.4 * Math.sin(x / 7.0) * Math.cos(y / 5.0) + 0.2 * (rnd.nextDouble() - 0.5));
                weights[i] = rnd.nextDouble() < 0.05 ? 0 : (float) rnd.nextDouble();
            }
        }
        return HeightField.calibrated(w, h, z, 0.4, 0.7, "µm", "µm");
    }

    private static double[] values(FittedForm form) {
        List<FittedForm.Coefficient> c = form.coefficients();
        double[] v = new double[c.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = c.get(k).value();
        }
        return v;
    }

    /** The bands are fixed and added in order: the form and the levelled surface do not depend on the threads. */
    @Test
    void oneThreadAndManyGiveTheSameBits() {
        int w = 301;
        int h = 2 * FormRemoval.BANDS + 37;
        float[] weights = new float[w * h];
        HeightField f = noisy(w, h, weights);
        for (FormRemoval.Level level : FormRemoval.Level.values()) {
            FittedForm one = FormRemoval.fit(f, weights, level, 1);
            float[] levelled = one.subtract(f, 1).heights();
            for (int threads : new int[] {2, 3, 8}) {
                FittedForm many = FormRemoval.fit(f, weights, level, threads);
                assertArrayEquals(values(one), values(many), level + " on " + threads + " threads");
                assertArrayEquals(levelled, many.subtract(f, threads).heights(), level + " subtracted on "
                        + threads + " threads");
            }
            // The subtraction is the form evaluated at each pixel.
            for (int i = 0; i < levelled.length; i += 97) {
                float zi = f.heights()[i];
                float expected = Float.isFinite(zi) ? (float) (zi - one.at(i % w, i / w)) : Float.NaN;
                assertEquals(expected, levelled[i], level + " at pixel " + i);
            }
        }
    }

    /** A cubic in real units, with uneven weights and holes, is recovered coefficient by coefficient. */
    @Test
    void weightedCubicIsRecoveredInRealUnits() {
        int w = 160;
        int h = 120;
        // Pixels of 0.5 x 0.25 um; the coefficients are about the image centre.
        double[] pixel = {0.5, 0.25};
        double cx = 0.5 * (w - 1) * pixel[0];
        double cy = 0.5 * (h - 1) * pixel[1];
        // c00, c10, c01, c20, c11, c02, c30, c21, c12, c03 (the order of FormRemoval.terms).
        double[] c = {2, 0.03, -0.05, 1e-3, -2e-3, 5e-4, 2e-5, -1e-5, 3e-5, -4e-5};
        int[][] terms = FormRemoval.terms(3);
        SplittableRandom rnd = new SplittableRandom(5);
        double[] z = new double[w * h];
        float[] zf = new float[w * h];
        float[] weights = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int k = 0; k < c.length; k++) {
                    s += c[k] * Math.pow(x * pixel[0] - cx, terms[k][0]) * Math.pow(y * pixel[1] - cy, terms[k][1]);
                }
                int i = y * w + x;
                z[i] = s;
                zf[i] = rnd.nextDouble() < 0.02 ? Float.NaN : (float) s;
                weights[i] = 0.1f + (float) rnd.nextDouble();
            }
        }
        HeightField f = HeightField.calibrated(w, h, zf, pixel[0], pixel[1], "µm", "µm");
        FittedForm form = FormRemoval.fit(f, weights, FormRemoval.Level.POLY3, 2);
        double[] got = values(form);
        // The heights are rounded to float (relative 6e-8 of about 3 um), so each term is known to about 1e-6 um
        // over the image: the coefficient's tolerance is that over its term's largest value.
        for (int k = 0; k < c.length; k++) {
            double reach = Math.pow(cx, terms[k][0]) * Math.pow(cy, terms[k][1]);
            assertEquals(c[k], got[k], 2e-6 / reach, "coefficient c" + terms[k][0] + terms[k][1]);
        }
        float[] levelled = form.subtract(f, 2).heights();
        for (int i = 0; i < levelled.length; i++) {
            if (Float.isFinite(zf[i])) {
                assertEquals(0, levelled[i], 2e-6, "levelled height at pixel " + i);
            }
        }
        assertEquals(z[h / 2 * w + w / 3], form.at(w / 3, h / 2), 2e-6, "form at a pixel");
    }
}
