package org.defocusj.stack;

import java.util.Locale;

import org.defocusj.BadInputException;

/**
 * The unit of focus distances and therefore of depth maps. Camera units (m, cm, mm) are distances from the
 * lens and must be positive; microscope units (µm, nm) are stage positions and may be zero or negative.
 * {@link #SLICE} marks relative depth in fractional slice index, for stacks whose distances are unknown.
 */
public enum DistanceUnit {
    M("m", 1.0, true),
    CM("cm", 1e-2, true),
    MM("mm", 1e-3, true),
    UM("µm", 1e-6, false),
    NM("nm", 1e-9, false),
    SLICE("slice", Double.NaN, false);

    private final String symbol;
    private final double metres;
    private final boolean distanceFromLens;

    DistanceUnit(String symbol, double metres, boolean distanceFromLens) {
        this.symbol = symbol;
        this.metres = metres;
        this.distanceFromLens = distanceFromLens;
    }

    /** The symbol written into files and shown to users, e.g. {@code µm}. */
    public String symbol() {
        return symbol;
    }

    /** How many metres one unit is; NaN for {@link #SLICE}. */
    public double metres() {
        return metres;
    }

    /** True for camera units, whose values are distances from the lens and therefore must be positive. */
    public boolean isDistanceFromLens() {
        return distanceFromLens;
    }

    /** True if values are relative (slice index) rather than physical. */
    public boolean isRelative() {
        return this == SLICE;
    }

    /** Converts a value in this unit to {@code target}. */
    public double convert(double value, DistanceUnit target) {
        if (this == target) {
            return value;
        }
        if (isRelative() || target.isRelative()) {
            throw new IllegalArgumentException("cannot convert between " + this + " and " + target);
        }
        return value * metres / target.metres;
    }

    /**
     * Parses user and ImageJ spellings: m, cm, mm, um, µm, micron, microns, nm, slice, index.
     *
     * @param parameter id of the parameter the text came from (e.g. {@code unit}), for the error message
     */
    public static DistanceUnit parse(String text, String parameter) {
        DistanceUnit unit = tryParse(text);
        if (unit == null) {
            throw BadInputException.forParameter(parameter, unknown(text));
        }
        return unit;
    }

    /** What is wrong with {@code text} when {@link #tryParse} returns null, for messages. */
    static String unknown(String text) {
        return "unknown unit '" + text + "' (expected one of m, cm, mm, um, nm, slice)";
    }

    /** Like {@link #parse} but returns null for unknown or empty text. */
    public static DistanceUnit tryParse(String text) {
        if (text == null) {
            return null;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "m": case "meter": case "meters": case "metre": case "metres":
                return M;
            case "cm":
                return CM;
            case "mm":
                return MM;
            case "um": case "µm": case "μm": case "micron": case "microns": case "micrometer":
            case "micrometers": case "micrometre": case "micrometres":
                return UM;
            case "nm":
                return NM;
            case "slice": case "slices": case "index":
                return SLICE;
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return symbol;
    }
}
