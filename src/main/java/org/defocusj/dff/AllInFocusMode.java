package org.defocusj.dff;

import org.defocusj.param.Keyed;
import org.defocusj.param.Keys;

/** How the all-in-focus composite is assembled from the stack. */
public enum AllInFocusMode implements Keyed {
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
        return Keys.parse(AllInFocusMode.class, text, DffParameters.AIF_MODE.id(), "all-in-focus mode");
    }
}
