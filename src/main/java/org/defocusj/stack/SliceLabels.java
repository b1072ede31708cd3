package org.defocusj.stack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Focus distances recorded in slice labels, as DefocusJ writes them ({@code focus=0.8 m}) or as a bare
 * number with a unit ({@code 12.5 um}). Used only when every label parses and all share one unit, so
 * that file names such as {@code step0.jpg} are never mistaken for distances.
 */
public final class SliceLabels {

    private static final Pattern LABEL = Pattern.compile(
            "^\\s*(?:(?:focus|z|fd|distance)\\s*[=:]\\s*)?([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*"
                    + "([a-zA-Zµμ]+)\\s*$");

    private SliceLabels() {
    }

    /** The label DefocusJ writes for a slice focused at {@code distance}. */
    public static String format(double distance, DistanceUnit unit) {
        return "focus=" + distance + " " + unit.symbol();
    }

    /** Distances from the labels, or null if any label is missing or not of the recognised form. */
    public static FocusDistances parse(String[] labels, String origin) {
        if (labels == null || labels.length == 0) {
            return null;
        }
        double[] values = new double[labels.length];
        DistanceUnit unit = null;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                return null;
            }
            String first = labels[i].split("\n", 2)[0];
            Matcher m = LABEL.matcher(first);
            if (!m.matches()) {
                return null;
            }
            DistanceUnit u = DistanceUnit.tryParse(m.group(2));
            if (u == null || (unit != null && u != unit)) {
                return null;
            }
            unit = u;
            values[i] = Double.parseDouble(m.group(1));
        }
        return new FocusDistances(values, unit, origin);
    }
}
