package org.defocusj.surface;

import java.util.Objects;

/**
 * A height map with its lateral and vertical units: what the surface algorithms (levelling, profiles, areal
 * parameters, 3D view, meshes) work on. Heights are row-major, {@code NaN} where a pixel has no valid height
 * (outside the focus range, or left out for low confidence). Immutable: the array is not copied, so callers
 * must not change it after handing it over.
 */
public final class HeightField {

    private final int width;
    private final int height;
    private final float[] heights;
    private final double pixelWidth;
    private final double pixelHeight;
    private final String xyUnit;
    private final String heightUnit;
    private final boolean xyCalibrated;

    private HeightField(int width, int height, float[] heights, double pixelWidth, double pixelHeight,
            String xyUnit, String heightUnit, boolean xyCalibrated) {
        if (width < 1 || height < 1 || (long) width * height != heights.length) {
            throw new IllegalArgumentException("expected " + width + " x " + height + " heights, got "
                    + heights.length);
        }
        if (!(pixelWidth > 0) || !(pixelHeight > 0) || Double.isInfinite(pixelWidth)
                || Double.isInfinite(pixelHeight)) {
            throw new IllegalArgumentException("pixel size must be positive and finite, got " + pixelWidth
                    + " x " + pixelHeight);
        }
        this.width = width;
        this.height = height;
        this.heights = heights;
        this.pixelWidth = pixelWidth;
        this.pixelHeight = pixelHeight;
        this.xyUnit = Objects.requireNonNull(xyUnit);
        this.heightUnit = Objects.requireNonNull(heightUnit);
        this.xyCalibrated = xyCalibrated;
    }

    /** A height field whose pixels have a known size in {@code xyUnit}. */
    public static HeightField calibrated(int width, int height, float[] heights, double pixelWidth,
            double pixelHeight, String xyUnit, String heightUnit) {
        return new HeightField(width, height, heights, pixelWidth, pixelHeight, xyUnit, heightUnit, true);
    }

    /** A height field without a lateral calibration: xy distances are in pixels. */
    public static HeightField uncalibrated(int width, int height, float[] heights, String heightUnit) {
        return new HeightField(width, height, heights, 1, 1, "pixel", heightUnit, false);
    }

    /** The same geometry and units with other heights (e.g. after levelling). */
    public HeightField withHeights(float[] newHeights) {
        return new HeightField(width, height, newHeights, pixelWidth, pixelHeight, xyUnit, heightUnit, xyCalibrated);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Row-major heights in {@link #heightUnit()}; NaN where invalid. Not a copy. */
    public float[] heights() {
        return heights;
    }

    public float at(int x, int y) {
        return heights[y * width + x];
    }

    public boolean isValid(int x, int y) {
        return Float.isFinite(heights[y * width + x]);
    }

    /** Pixel size along x in {@link #xyUnit()} (1 when not calibrated). */
    public double pixelWidth() {
        return pixelWidth;
    }

    /** Pixel size along y in {@link #xyUnit()} (1 when not calibrated). */
    public double pixelHeight() {
        return pixelHeight;
    }

    /** Lateral unit, {@code "pixel"} when not calibrated. */
    public String xyUnit() {
        return xyUnit;
    }

    public String heightUnit() {
        return heightUnit;
    }

    /** Whether xy distances are physical; xy-dependent results (slopes, areas) are in pixels otherwise. */
    public boolean xyCalibrated() {
        return xyCalibrated;
    }
}
