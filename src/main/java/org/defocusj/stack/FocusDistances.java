package org.defocusj.stack;

import java.util.Arrays;

import org.defocusj.BadInputException;

/**
 * The focus distance of each slice of a stack, in one unit. Validated on construction: at least two
 * slices, all finite, strictly monotonic (increasing or decreasing) and, for camera units, positive.
 */
public final class FocusDistances {

    private final double[] values;
    private final DistanceUnit unit;
    private final String origin;
    private final String parameter;

    /**
     * @param origin where the values came from, for errors: a file or stack name such as a sidecar's path
     *               (it may contain {@link BadInputException#ref}); for a parameter use {@link #ofParameter}
     */
    public FocusDistances(double[] values, DistanceUnit unit, String origin) {
        this(values, unit, origin, null);
    }

    private FocusDistances(double[] values, DistanceUnit unit, String origin, String parameter) {
        this.values = values.clone();
        this.unit = unit;
        this.origin = origin;
        this.parameter = parameter;
        validate();
    }

    /** Distances the user gave as parameter id {@code parameter} (e.g. {@code focus}); errors are about it. */
    public static FocusDistances ofParameter(double[] values, DistanceUnit unit, String parameter) {
        return new FocusDistances(values, unit, BadInputException.ref(parameter), parameter);
    }

    /**
     * Parses a comma- or space-separated list of distances as users type it (e.g. {@code 0.5,0.8,1.2}).
     *
     * @param parameter id of the parameter the text came from (e.g. {@code focus}), for the error message
     */
    public static double[] parseList(String text, String parameter) {
        String[] parts = text.trim().split("[,\\s]+");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw BadInputException.forParameter(parameter, "'" + parts[i] + "' is not a number (expected "
                        + "comma-separated distances such as 0.5,0.8,1.2, or 'index')");
            }
        }
        return v;
    }

    /** Relative distances 0, 1, ..., n-1 in {@link DistanceUnit#SLICE}, for stacks with unknown distances. */
    public static FocusDistances sliceIndices(int n, String origin) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return new FocusDistances(v, DistanceUnit.SLICE, origin);
    }

    private void validate() {
        if (values.length < 2) {
            throw invalid("a focus stack needs at least 2 focus distances, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                throw invalid("focus distance " + (i + 1) + " is " + v + " (expected a finite number)");
            }
            if (unit.isDistanceFromLens() && v <= 0) {
                throw invalid("focus distance " + (i + 1) + " is " + v + " " + unit
                        + " (expected a positive distance from the lens)");
            }
        }
        double sign = Math.signum(values[1] - values[0]);
        for (int i = 1; i < values.length; i++) {
            double step = values[i] - values[i - 1];
            if (step == 0) {
                throw invalid("focus distances " + i + " and " + (i + 1) + " are both " + values[i]
                        + " (expected strictly monotonic distances, no duplicates)");
            }
            if (Math.signum(step) != sign) {
                throw invalid("focus distances are not monotonic at slice " + (i + 1)
                        + " (" + values[i - 1] + " then " + values[i]
                        + "; expected strictly increasing or strictly decreasing)");
            }
        }
    }

    public int size() {
        return values.length;
    }

    public double get(int i) {
        return values[i];
    }

    public double[] toArray() {
        return values.clone();
    }

    public DistanceUnit unit() {
        return unit;
    }

    /**
     * Where these values came from, for messages: a file or stack name, or for {@link #ofParameter} the
     * parameter as {@link BadInputException#ref}.
     */
    public String origin() {
        return origin;
    }

    /** The id of the parameter that gave these values, or null when they came from a file or the stack. */
    public String parameter() {
        return parameter;
    }

    /** A message about these values: about the parameter that gave them, or starting with their origin. */
    private BadInputException invalid(String detail) {
        return parameter != null ? BadInputException.forParameter(parameter, detail)
                : new BadInputException(origin + ": " + detail);
    }

    /** Checks that there is one distance per slice. */
    public void requireSize(int slices, String stackName) {
        if (values.length != slices) {
            throw invalid(values.length + " focus distances given but " + stackName + " has " + slices
                    + " slices (expected one distance per slice)");
        }
    }

    @Override
    public String toString() {
        return Arrays.toString(values) + " " + unit;
    }
}
