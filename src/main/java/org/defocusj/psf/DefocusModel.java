package org.defocusj.psf;

/** Maps scene depth and focus setting to the PSF radius in pixels, for cameras and microscopes alike. */
public interface DefocusModel {

    /** PSF radius in pixels of a point at {@code depth} when focused at {@code focus} (both in the model's unit). */
    double radiusPx(double depth, double focus);

    /** Radius map for one focus setting. */
    default float[] radiusMap(float[] depth, double focus) {
        float[] r = new float[depth.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) radiusPx(depth[i], focus);
        }
        return r;
    }
}
