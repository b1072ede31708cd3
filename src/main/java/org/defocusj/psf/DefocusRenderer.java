package org.defocusj.psf;

/** Renders one defocused view of an all-in-focus image with known depth. */
public interface DefocusRenderer {

    /**
     * @param channels colour planes, each w * h, not modified
     * @param depth    scene depth per pixel, in the model's unit
     * @param focus    focus setting in the model's unit
     * @return the defocused planes
     */
    float[][] render(float[][] channels, int w, int h, float[] depth, DefocusModel model, double focus);
}
