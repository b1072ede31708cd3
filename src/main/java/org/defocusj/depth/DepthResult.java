package org.defocusj.depth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.defocusj.stack.DistanceUnit;

/**
 * What an estimator returns: a depth map in the stack's unit, and, where the method provides them, a
 * confidence map in [0, 1] and an all-in-focus image (X, Y, C). Pixels without an estimate are NaN.
 */
public final class DepthResult {

    /**
     * Property key: how many input samples (pixels of a slice, per channel) were NaN or infinite and left out,
     * present only when some were. Front ends warn about it.
     */
    public static final String NON_FINITE_PIXELS = "non_finite_pixels";

    private final Img<FloatType> depth;
    private final Img<FloatType> confidence;
    private final Img<FloatType> allInFocus;
    private final DistanceUnit unit;
    private final Map<String, String> properties;

    public DepthResult(Img<FloatType> depth, Img<FloatType> confidence, Img<FloatType> allInFocus,
            DistanceUnit unit, Map<String, String> properties) {
        this.depth = Objects.requireNonNull(depth, "depth");
        this.confidence = confidence;
        this.allInFocus = allInFocus;
        this.unit = Objects.requireNonNull(unit, "unit");
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Depth (X, Y), in {@link #unit()}; NaN where no estimate was made. */
    public Img<FloatType> depth() {
        return depth;
    }

    /** Confidence (X, Y) in [0, 1], or null if the method has none. */
    public Img<FloatType> confidence() {
        return confidence;
    }

    /** All-in-focus composite (X, Y, C) in the stack's intensity scale, or null if the method has none. */
    public Img<FloatType> allInFocus() {
        return allInFocus;
    }

    public DistanceUnit unit() {
        return unit;
    }

    /** Provenance (method, parameters) recorded into written files. */
    public Map<String, String> properties() {
        return properties;
    }
}
