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
        // The parabola y = a x^2 + b x + c through three points depends only on differences of y; with y = log m
        // (the Gaussian fit) two logarithms of ratios give them all (y2 - y1 = -(d10 + d02)), one fewer than
        // three logarithms would: this runs once per pixel.
        double d10;
        double d02;
        if (m0 > 0 && m1 > 0 && m2 > 0) {
            d10 = Math.log(m1 / m0);
            d02 = Math.log(m0 / m2);
        } else {
            d10 = m1 - m0;
            d02 = m0 - m2;
        }
        double d21 = -(d10 + d02);
        double d01 = x0 - x1;
        double d02x = x0 - x2;
        double d12 = x1 - x2;
        double denom = d01 * d02x * d12;
        double a = (x2 * d10 + x1 * d02 + x0 * d21) / denom;
        double b = (-x2 * x2 * d10 - x1 * x1 * d02 - x0 * x0 * d21) / denom;
        if (!(a < 0)) {
            return x1; // flat or not a maximum: keep the sampled peak
        }
        double v = -b / (2 * a);
        double lo = Math.min(x0, x2);
        double hi = Math.max(x0, x2);
        return v < lo ? lo : v > hi ? hi : v;
    }
}
