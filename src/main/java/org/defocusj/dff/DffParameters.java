package org.defocusj.dff;

import java.util.List;
import java.util.Locale;

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
            FocusMeasure.SSML)
            .help("Focus measure: ssml (sum-modified-Laplacian of the lightly smoothed slice: robust to sensor "
                    + "noise), sml (sum-modified-Laplacian of the slice as it is), tenengrad (Sobel gradient energy) "
                    + "or variance (local gray-level variance)");
    public static final ParameterSpec<Integer> WINDOW = ParameterSpec.integer("window", "Window", 9)
            .range(1, MAX_WINDOW).step(2)
            .help("Odd side in pixels of the square window the focus measure is summed over (on a noisy stack "
                    + "the window noise setting may enlarge it)");
    /** {@link #WINDOW_NOISE}'s values: the window grows with the noise, or stays as given. */
    private static final String ADAPT = "adapt";
    private static final String FIXED = "fixed";
    public static final ParameterSpec<String> WINDOW_NOISE = ParameterSpec.choice("window-noise", "Window on noise",
            ADAPT, List.of(ADAPT, FIXED)).placeholder("MODE")
            .help("adapt (the window grows with how far sensor noise, estimated from differences of neighbouring "
                    + "slices, moves the window's measure: noisy shots, JPEG ones most, average more pixels) or fixed "
                    + "(the window as given, whatever the noise)");
    public static final ParameterSpec<String> INTERPOLATION = ParameterSpec.choice("interpolation", "Interpolation",
            InterpolationSpace.AUTO).placeholder("SPACE")
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

    public static final int MAX_GUIDE_RADIUS = 1000;
    public static final ParameterSpec<String> AGGREGATION = ParameterSpec.choice("aggregation", "Aggregation",
            Aggregation.GUIDED)
            .help("How focus curves become depth: guided (each pixel's peak, replaced where it disagrees with a "
                    + "confidence-weighted guided filter along the image's edges: no speckle in weak texture, fewer "
                    + "halos at edges) or window (each pixel's peak of the window-summed measure as it is)");
    public static final ParameterSpec<Integer> GUIDE_RADIUS = ParameterSpec.integer("guide-radius", "Guide radius",
            8).range(1, MAX_GUIDE_RADIUS).placeholder("R")
            .help("Radius in pixels of the guided aggregation's windows: how far confident depths reach into weak "
                    + "texture (guided aggregation only)");
    public static final ParameterSpec<Double> GUIDE_EPSILON = ParameterSpec.number("guide-epsilon", "Guide epsilon",
            1e-3).range(1e-6, 10).placeholder("E")
            .help("Smoothness of the guided aggregation: the larger, the less depth follows small changes of the "
                    + "image (guide normalised to 0..1; guided aggregation only)");

    /** Every parameter of depth from focus, in the order front ends show them. */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(MEASURE, WINDOW, WINDOW_NOISE, AGGREGATION,
            GUIDE_RADIUS, GUIDE_EPSILON, INTERPOLATION, AIF_MODE, MIN_CONFIDENCE, FILL);

    private final FocusMeasure measure;
    private final int window;
    private final boolean adaptWindow;
    private final int threads;
    private final AllInFocusMode allInFocus;
    private final double aifExponent;
    private final InterpolationSpace interpolation;
    private final double minConfidence;
    private final boolean fill;
    private final Aggregation aggregation;
    private final int guideRadius;
    private final double guideEpsilon;

    private DffParameters(FocusMeasure measure, int window, boolean adaptWindow, int threads, AllInFocusMode allInFocus,
            double aifExponent, InterpolationSpace interpolation, double minConfidence, boolean fill,
            Aggregation aggregation, int guideRadius, double guideEpsilon) {
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
        if (guideRadius < 1 || guideRadius > MAX_GUIDE_RADIUS) {
            throw BadInputException.forParameter(GUIDE_RADIUS.id(), "expected a number from 1 to " + MAX_GUIDE_RADIUS
                    + ", got " + guideRadius);
        }
        if (!(guideEpsilon > 0) || Double.isInfinite(guideEpsilon)) {
            throw BadInputException.forParameter(GUIDE_EPSILON.id(), "expected a positive number, got "
                    + guideEpsilon);
        }
        this.aggregation = aggregation;
        this.guideRadius = guideRadius;
        this.guideEpsilon = guideEpsilon;
        this.measure = measure;
        this.window = window;
        this.adaptWindow = adaptWindow;
        this.threads = threads;
        this.allInFocus = allInFocus;
        this.aifExponent = aifExponent;
        this.interpolation = interpolation;
        this.minConfidence = minConfidence;
        this.fill = fill;
    }

    /**
     * The declared default measure (ssml: sum-modified-Laplacian of the lightly smoothed slice), 9 x 9 window, the
     * declared default aggregation (guided, radius 8, epsilon 0.001), all processors, multi-scale all-in-focus,
     * automatic interpolation.
     */
    public static DffParameters defaults() {
        return new DffParameters(FocusMeasure.parse(MEASURE.defaultValue(), MEASURE.id()), 9,
                WINDOW_NOISE.defaultValue().equals(ADAPT),
                Runtime.getRuntime().availableProcessors(),
                AllInFocusMode.MULTISCALE, 4, InterpolationSpace.AUTO, 0, false,
                Aggregation.parse(AGGREGATION.defaultValue(), AGGREGATION.id()),
                GUIDE_RADIUS.defaultValue(), GUIDE_EPSILON.defaultValue());
    }

    /** Settings from harvested values; absent parameters take their declared defaults. */
    public static DffParameters from(ParameterValues v) {
        return defaults()
                .withMeasure(FocusMeasure.parse(v.get(MEASURE), MEASURE.id()))
                .withWindow(v.get(WINDOW))
                .withWindowNoise(v.get(WINDOW_NOISE).equals(ADAPT))
                .withInterpolation(InterpolationSpace.parse(v.get(INTERPOLATION)))
                .withAllInFocus(AllInFocusMode.parse(v.get(AIF_MODE)))
                .withLowConfidence(v.get(MIN_CONFIDENCE), v.get(FILL))
                .withAggregation(Aggregation.parse(v.get(AGGREGATION), AGGREGATION.id()), v.get(GUIDE_RADIUS),
                        v.get(GUIDE_EPSILON));
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
        return new DffParameters(m, window, adaptWindow, threads, allInFocus, aifExponent, interpolation,
                minConfidence, fill, aggregation, guideRadius, guideEpsilon);
    }

    public DffParameters withWindow(int w) {
        return new DffParameters(measure, w, adaptWindow, threads, allInFocus, aifExponent, interpolation,
                minConfidence, fill, aggregation, guideRadius, guideEpsilon);
    }

    /**
     * With {@code adapt}, the window grows with the noise estimated from the stack ({@link NoiseLevel}); without,
     * it is {@link #window()} whatever the noise.
     */
    public DffParameters withWindowNoise(boolean adapt) {
        return new DffParameters(measure, window, adapt, threads, allInFocus, aifExponent, interpolation,
                minConfidence, fill, aggregation, guideRadius, guideEpsilon);
    }

    @Override
    public DffParameters withThreads(int t) {
        return new DffParameters(measure, window, adaptWindow, t, allInFocus, aifExponent, interpolation,
                minConfidence, fill, aggregation, guideRadius, guideEpsilon);
    }

    public DffParameters withAllInFocus(AllInFocusMode m) {
        return new DffParameters(measure, window, adaptWindow, threads, m, aifExponent, interpolation, minConfidence,
                fill, aggregation, guideRadius, guideEpsilon);
    }

    public DffParameters withAifExponent(double k) {
        return new DffParameters(measure, window, adaptWindow, threads, allInFocus, k, interpolation, minConfidence,
                fill, aggregation, guideRadius, guideEpsilon);
    }

    public DffParameters withInterpolation(InterpolationSpace s) {
        return new DffParameters(measure, window, adaptWindow, threads, allInFocus, aifExponent, s, minConfidence, fill,
                aggregation, guideRadius, guideEpsilon);
    }

    /** Pixels with confidence below {@code c} become NaN, or are filled from their neighbours if {@code fill}. */
    public DffParameters withLowConfidence(double c, boolean fillThem) {
        return new DffParameters(measure, window, adaptWindow, threads, allInFocus, aifExponent, interpolation, c,
                fillThem, aggregation, guideRadius, guideEpsilon);
    }

    /** The aggregation with its guided filter's radius and epsilon (used only by {@link Aggregation#GUIDED}). */
    public DffParameters withAggregation(Aggregation a, int radius, double epsilon) {
        return new DffParameters(measure, window, adaptWindow, threads, allInFocus, aifExponent, interpolation,
                minConfidence, fill,
                a, radius, epsilon);
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    public int guideRadius() {
        return guideRadius;
    }

    public double guideEpsilon() {
        return guideEpsilon;
    }

    public FocusMeasure measure() {
        return measure;
    }

    public int window() {
        return window;
    }

    /** True if the window grows with the stack's noise ({@link #withWindowNoise}). */
    public boolean adaptsWindow() {
        return adaptWindow;
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
        String agg = aggregation == Aggregation.GUIDED
                ? " aggregation=guided guide_radius=" + guideRadius + " guide_epsilon=" + guideEpsilon
                : " aggregation=" + aggregation.key();
        return "measure=" + measure.key() + " window=" + window + " window_noise=" + (adaptWindow ? ADAPT : FIXED)
                + agg + " interpolation="
                + interpolation.name().toLowerCase(Locale.ROOT) + " aif=" + allInFocus.name().toLowerCase(Locale.ROOT)
                + " min_confidence=" + minConfidence + " fill=" + fill;
    }
}
