package org.defocusj.dff;

import org.defocusj.param.Keyed;
import org.defocusj.param.Keys;

/** How depth from focus turns per-pixel focus curves into a depth map. */
public enum Aggregation implements Keyed {
    /**
     * Each pixel's peak of the window-summed measure, then a confidence-weighted guided filter of the depths,
     * guided by the pixels' sharpest-slice values ({@link GuidedRefinement}): no speckle in weak texture,
     * edges where the image has them.
     */
    GUIDED,
    /** Each pixel's peak of the window-summed measure, as it is (the estimator before guided aggregation). */
    WINDOW;

    /** @param parameter the id of the parameter the text came from, for the message */
    public static Aggregation parse(String text, String parameter) {
        return Keys.parse(Aggregation.class, text, parameter, "aggregation");
    }
}
