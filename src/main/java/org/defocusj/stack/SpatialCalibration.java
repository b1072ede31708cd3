package org.defocusj.stack;

/** Pixel size in X and Y with its unit, carried from input stacks to the depth maps written for them. */
public final class SpatialCalibration {

    public static final SpatialCalibration UNCALIBRATED = new SpatialCalibration(1, 1, "pixel");

    private final double pixelWidth;
    private final double pixelHeight;
    private final String unit;

    public SpatialCalibration(double pixelWidth, double pixelHeight, String unit) {
        this.pixelWidth = pixelWidth;
        this.pixelHeight = pixelHeight;
        this.unit = unit;
    }

    public double pixelWidth() {
        return pixelWidth;
    }

    public double pixelHeight() {
        return pixelHeight;
    }

    public String unit() {
        return unit;
    }
}
