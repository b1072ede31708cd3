package org.defocusj.dff;

/**
 * Sub-slice position of a focus-measure peak from the peak slice and its two neighbours, at their true
 * (possibly non-uniform) coordinates. Fits a Gaussian (a parabola through the logarithms, as Nayar and
 * Nakagawa do) when all three values are positive, else a parabola, and clamps to the neighbours' span.
 */
final class PeakInterpolation {

    private PeakInterpolation() {
    }

    static double vertex(double x0, double m0, double x1, double m1, double x2, double m2) {
        double y0 = m0;
        double y1 = m1;
        double y2 = m2;
        if (m0 > 0 && m1 > 0 && m2 > 0) {
            y0 = Math.log(m0);
            y1 = Math.log(m1);
            y2 = Math.log(m2);
        }
        // Parabola y = a x^2 + b x + c through three points with arbitrary spacing.
        double d01 = x0 - x1;
        double d02 = x0 - x2;
        double d12 = x1 - x2;
        double denom = d01 * d02 * d12;
        double a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denom;
        double b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denom;
        if (!(a < 0)) {
            return x1; // flat or not a maximum: keep the sampled peak
        }
        double v = -b / (2 * a);
        double lo = Math.min(x0, x2);
        double hi = Math.max(x0, x2);
        return v < lo ? lo : v > hi ? hi : v;
    }
}
