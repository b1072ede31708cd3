package org.defocusj.eval;

import java.util.Locale;

import org.defocusj.BadInputException;

/**
 * The space the metrics are computed in. Depth maps are always read as depth; {@link #DDFF12} maps both
 * prediction and ground truth to disparity {@code f_sub * baseline / depth} first, as DDFF-12 is evaluated
 * (f_sub = 521.4052 px, baseline = 0.0002708787 m). The valid mask is decided on depth, before the mapping.
 */
public enum EvaluationSpace {

    /** Metrics on depth as given. */
    DEPTH("depth", 0),
    /** DDFF-12: metrics on disparity {@code 521.4052 * 0.0002708787 / depth}. */
    DDFF12("ddff12", 521.4052 * 0.0002708787);

    /** DDFF-12's sub-aperture focal length in pixels. */
    public static final double DDFF12_F_SUB = 521.4052;
    /** DDFF-12's baseline in metres. */
    public static final double DDFF12_BASELINE = 0.0002708787;

    private final String id;
    private final double numerator;

    EvaluationSpace(String id, double numerator) {
        this.id = id;
        this.numerator = numerator;
    }

    /** Name on the command line and in reports. */
    public String id() {
        return id;
    }

    /** True when depth is mapped to {@code disparityNumerator() / depth} before the metrics. */
    public boolean isDisparity() {
        return numerator != 0;
    }

    /** {@code f_sub * baseline} of a disparity space (0 for {@link #DEPTH}). */
    public double disparityNumerator() {
        return numerator;
    }

    /** The value the metrics see for a depth. */
    public double map(double depth) {
        return numerator == 0 ? depth : numerator / depth;
    }

    /** Parses {@code none}/{@code depth} or {@code ddff12}; {@code parameter} is the id errors are about. */
    public static EvaluationSpace parse(String text, String parameter) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "none":
            case "depth":
                return DEPTH;
            case "ddff12":
            case "ddff-12":
                return DDFF12;
            default:
                throw BadInputException.forParameter(parameter, "unknown disparity convention '" + text
                        + "' (expected ddff12, or none)");
        }
    }
}
