package org.defocusj.dff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PeakInterpolationTest {

    private static double gauss(double x, double mu, double s) {
        return 1000 * Math.exp(-(x - mu) * (x - mu) / (2 * s * s));
    }

    @Test
    void gaussianPeakIsExactOnNonUniformSpacing() {
        double mu = 1.37;
        double s = 0.4;
        double[] x = {1.0, 1.2, 1.9};
        double v = PeakInterpolation.vertex(x[0], gauss(x[0], mu, s), x[1], gauss(x[1], mu, s), x[2],
                gauss(x[2], mu, s));
        assertEquals(mu, v, 1e-9);
    }

    @Test
    void indexSpaceWouldBeWrong() {
        // The same samples placed at indices 0, 1, 2 give another answer: spacing matters.
        double mu = 1.37;
        double s = 0.4;
        double idx = PeakInterpolation.vertex(0, gauss(1.0, mu, s), 1, gauss(1.2, mu, s), 2, gauss(1.9, mu, s));
        double asDistance = 1.2 + (idx - 1) * (1.9 - 1.2);
        assertEquals(true, Math.abs(asDistance - mu) > 0.05, "index-space interpolation " + asDistance);
    }

    @Test
    void parabolaWhenValuesAreNotPositive() {
        // y = -(x - 0.3)^2 sampled at -1, 0, 2: exact vertex 0.3.
        double v = PeakInterpolation.vertex(-1, -1.69, 0, -0.09, 2, -2.89);
        assertEquals(0.3, v, 1e-12);
    }

    @Test
    void flatOrMinimumKeepsTheSampledPeakAndResultIsClamped() {
        assertEquals(2.0, PeakInterpolation.vertex(1, 5, 2, 5, 3, 5));
        assertEquals(2.0, PeakInterpolation.vertex(1, 5, 2, 4, 3, 5));
        // A nearly flat rise would put the vertex far away: it is clamped to the neighbours' span.
        double v = PeakInterpolation.vertex(1, 1, 2, 1.0001, 3, 1.00019);
        assertEquals(true, v <= 3 && v >= 1);
    }
}
