package org.defocusj.dff;

import org.defocusj.BadInputException;

/** Settings of classical depth from focus. Immutable; {@code with*} methods return validated copies. */
public final class DffParameters implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final int MAX_WINDOW = 255;

    private final FocusMeasure measure;
    private final int window;
    private final int threads;
    private final AllInFocusMode allInFocus;
    private final double aifExponent;
    private final InterpolationSpace interpolation;
    private final double minConfidence;
    private final boolean fill;

    private DffParameters(FocusMeasure measure, int window, int threads, AllInFocusMode allInFocus,
            double aifExponent, InterpolationSpace interpolation, double minConfidence, boolean fill) {
        if (window < 1 || window % 2 == 0 || window > MAX_WINDOW) {
            throw new BadInputException("--window: expected an odd number from 1 to " + MAX_WINDOW + ", got " + window);
        }
        if (threads < 1) {
            throw new BadInputException("--threads: expected at least 1, got " + threads);
        }
        if (!(aifExponent > 0) || Double.isInfinite(aifExponent)) {
            throw new BadInputException("--aif-exponent: expected a positive number, got " + aifExponent);
        }
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new BadInputException("--min-confidence: expected a value from 0 to 1, got " + minConfidence);
        }
        this.measure = measure;
        this.window = window;
        this.threads = threads;
        this.allInFocus = allInFocus;
        this.aifExponent = aifExponent;
        this.interpolation = interpolation;
        this.minConfidence = minConfidence;
        this.fill = fill;
    }

    /** Sum-modified-Laplacian, 9 x 9 window, all processors, weighted all-in-focus, automatic interpolation. */
    public static DffParameters defaults() {
        return new DffParameters(FocusMeasure.SML, 9, Runtime.getRuntime().availableProcessors(),
                AllInFocusMode.WEIGHTED, 4, InterpolationSpace.AUTO, 0, false);
    }

    public DffParameters withMeasure(FocusMeasure m) {
        return new DffParameters(m, window, threads, allInFocus, aifExponent, interpolation, minConfidence, fill);
    }

    public DffParameters withWindow(int w) {
        return new DffParameters(measure, w, threads, allInFocus, aifExponent, interpolation, minConfidence, fill);
    }

    public DffParameters withThreads(int t) {
        return new DffParameters(measure, window, t, allInFocus, aifExponent, interpolation, minConfidence, fill);
    }

    public DffParameters withAllInFocus(AllInFocusMode m) {
        return new DffParameters(measure, window, threads, m, aifExponent, interpolation, minConfidence, fill);
    }

    public DffParameters withAifExponent(double k) {
        return new DffParameters(measure, window, threads, allInFocus, k, interpolation, minConfidence, fill);
    }

    public DffParameters withInterpolation(InterpolationSpace s) {
        return new DffParameters(measure, window, threads, allInFocus, aifExponent, s, minConfidence, fill);
    }

    /** Pixels with confidence below {@code c} become NaN, or are filled from their neighbours if {@code fill}. */
    public DffParameters withLowConfidence(double c, boolean fillThem) {
        return new DffParameters(measure, window, threads, allInFocus, aifExponent, interpolation, c, fillThem);
    }

    public FocusMeasure measure() {
        return measure;
    }

    public int window() {
        return window;
    }

    public int threads() {
        return threads;
    }

    public AllInFocusMode allInFocus() {
        return allInFocus;
    }

    public double aifExponent() {
        return aifExponent;
    }

    public InterpolationSpace interpolation() {
        return interpolation;
    }

    public double minConfidence() {
        return minConfidence;
    }

    public boolean fill() {
        return fill;
    }

    @Override
    public String toString() {
        return "measure=" + measure.key() + " window=" + window + " interpolation=" + interpolation.name().toLowerCase()
                + " aif=" + allInFocus.name().toLowerCase() + " min_confidence=" + minConfidence + " fill=" + fill;
    }
}
