package org.defocusj.dff;

import java.util.Locale;

import org.defocusj.BadInputException;

/** How depth from focus turns per-pixel focus curves into a depth map. */
public enum Aggregation {
    /**
     * Each pixel's peak of the window-summed measure, then a confidence-weighted guided filter of the depths,
     * guided by the pixels' sharpest-slice values ({@link GuidedRefinement}): no speckle in weak texture,
     * edges where the image has them.
     */
    GUIDED,
    /** Each pixel's peak of the window-summed measure, as it is (the estimator before guided aggregation). */
    WINDOW;

    /** Name used on the command line and in macros. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @param parameter the id of the parameter the text came from, for the message */
    public static Aggregation parse(String text, String parameter) {
        for (Aggregation a : values()) {
            if (a.key().equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw BadInputException.forParameter(parameter, "unknown aggregation '" + text
                + "' (expected guided or window)");
    }
}
