package org.defocusj.dff;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthSettings;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * Settings of classical depth from focus, and the declaration of its parameters (front ends make their
 * options and fields from {@link #PARAMETERS}). Immutable; {@code with*} methods return validated copies.
 */
public final class DffParameters implements DepthSettings {

    private static final long serialVersionUID = 1L;

    public static final int MAX_WINDOW = 255;

    public static final ParameterSpec<String> MEASURE = ParameterSpec.choice("measure", "Focus measure",
            FocusMeasure.SML.key(), Arrays.stream(FocusMeasure.values()).map(FocusMeasure::key)
                    .collect(Collectors.toList()))
            .help("Focus measure: sml (sum-modified-Laplacian), tenengrad (Sobel gradient energy) or variance "
                    + "(local gray-level variance)");
    public static final ParameterSpec<Integer> WINDOW = ParameterSpec.integer("window", "Window", 9)
            .range(1, MAX_WINDOW).step(2)
            .help("Odd side in pixels of the square window the focus measure is summed over");
    public static final ParameterSpec<String> INTERPOLATION = ParameterSpec.choice("interpolation", "Interpolation",
            "auto", List.of("auto", "distance", "inverse")).placeholder("SPACE")
            .help("Where the peak is interpolated between slices: distance, inverse (1/distance, how a thin lens "
                    + "blurs) or auto (inverse for m, cm, mm; distance otherwise)");
    public static final ParameterSpec<String> AIF_MODE = ParameterSpec.choice("aif-mode", "All-in-focus mode",
            "multiscale", List.of("multiscale", "sharpest", "weighted")).placeholder("MODE")
            .help("All-in-focus composite: multiscale (Laplacian-pyramid fusion of the slices at each pixel's depth: "
                    + "no seams, no halos), sharpest (each pixel from its peak slice) or weighted (mean with weights "
                    + "(measure/peak)^k, softer seams)");
    public static final ParameterSpec<Double> MIN_CONFIDENCE = ParameterSpec.number("min-confidence",
            "Min confidence", 0.0).range(0, 1).step(0.05).placeholder("C")
            .help("Pixels with confidence below this (0..1) get no depth (NaN), or are filled");
    public static final ParameterSpec<Boolean> FILL = ParameterSpec.flag("fill", "Fill low confidence")
            .help("Fill the pixels removed by the minimum confidence from their neighbours instead of NaN");

    /** Every parameter of depth from focus, in the order front ends show them. */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(MEASURE, WINDOW, INTERPOLATION, AIF_MODE,
            MIN_CONFIDENCE, FILL);

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
            throw BadInputException.forParameter(WINDOW.id(), "expected an odd number from 1 to " + MAX_WINDOW + ", got "
                    + window);
        }
        if (threads < 1) {
            throw BadInputException.forParameter("threads", "expected at least 1, got " + threads);
        }
        if (!(aifExponent > 0) || Double.isInfinite(aifExponent)) {
            throw BadInputException.forParameter("aif-exponent", "expected a positive number, got " + aifExponent);
        }
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw BadInputException.forParameter(MIN_CONFIDENCE.id(), "expected a value from 0 to 1, got "
                    + minConfidence);
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

    /** Sum-modified-Laplacian, 9 x 9 window, all processors, multi-scale all-in-focus, automatic interpolation. */
    public static DffParameters defaults() {
        return new DffParameters(FocusMeasure.SML, 9, Runtime.getRuntime().availableProcessors(),
                AllInFocusMode.MULTISCALE, 4, InterpolationSpace.AUTO, 0, false);
    }

    /** Settings from harvested values; absent parameters take their declared defaults. */
    public static DffParameters from(ParameterValues v) {
        return defaults()
                .withMeasure(FocusMeasure.parse(v.get(MEASURE), MEASURE.id()))
                .withWindow(v.get(WINDOW))
                .withInterpolation(InterpolationSpace.parse(v.get(INTERPOLATION)))
                .withAllInFocus(AllInFocusMode.parse(v.get(AIF_MODE)))
                .withLowConfidence(v.get(MIN_CONFIDENCE), v.get(FILL));
    }

    @Override
    public DffParameters withOutputs(boolean confidence, boolean allInFocusImage) {
        // The confidence map comes with the depth for free; only the composite costs time and memory.
        if (allInFocusImage) {
            return allInFocus == AllInFocusMode.NONE ? withAllInFocus(AllInFocusMode.MULTISCALE) : this;
        }
        return withAllInFocus(AllInFocusMode.NONE);
    }

    public DffParameters withMeasure(FocusMeasure m) {
        return new DffParameters(m, window, threads, allInFocus, aifExponent, interpolation, minConfidence, fill);
    }

    public DffParameters withWindow(int w) {
        return new DffParameters(measure, w, threads, allInFocus, aifExponent, interpolation, minConfidence, fill);
    }

    @Override
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
        return "measure=" + measure.key() + " window=" + window + " interpolation="
                + interpolation.name().toLowerCase(Locale.ROOT) + " aif=" + allInFocus.name().toLowerCase(Locale.ROOT)
                + " min_confidence=" + minConfidence + " fill=" + fill;
    }
}
