package org.defocusj.dff;

import org.defocusj.BadInputException;

/** How the all-in-focus composite is assembled from the stack. */
public enum AllInFocusMode {
    /** No composite (saves memory and time). */
    NONE,
    /** Each pixel from the slice where its focus measure peaks. Sharpest, but seams at depth edges. */
    SHARPEST,
    /**
     * Each pixel a weighted mean over slices with weights (measure / peak measure)^k. The window-summed
     * measure varies smoothly, so seams are soft; k sets how strongly the sharpest slice dominates.
     */
    WEIGHTED,
    /**
     * Laplacian-pyramid fusion with each pixel's slices chosen by its final depth ({@link PyramidFusion}): sharp
     * like {@link #SHARPEST}, without its seams, and without the halos the measure-driven modes fuse in.
     */
    MULTISCALE;

    public static AllInFocusMode parse(String text) {
        for (AllInFocusMode m : values()) {
            if (m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw BadInputException.forParameter("aif-mode", "unknown value '" + text + "' (expected multiscale, sharpest or weighted)");
    }
}
