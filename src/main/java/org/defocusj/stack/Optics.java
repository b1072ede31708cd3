package org.defocusj.stack;

/**
 * Optional optical parameters of the device that recorded a stack. Unknown values are NaN. Camera users
 * typically know focal length, f-number and sensor width; microscope users the numerical aperture and the
 * pixel size in the specimen plane.
 */
public final class Optics {

    public static final Optics UNKNOWN = new Optics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    private final double focalLengthMm;
    private final double fNumber;
    private final double sensorWidthMm;
    private final double pixelSizeUm;
    private final double numericalAperture;
    private final String origin;

    public Optics(double focalLengthMm, double fNumber, double sensorWidthMm, double pixelSizeUm,
            double numericalAperture) {
        this(focalLengthMm, fNumber, sensorWidthMm, pixelSizeUm, numericalAperture, null);
    }

    private Optics(double focalLengthMm, double fNumber, double sensorWidthMm, double pixelSizeUm,
            double numericalAperture, String origin) {
        this.origin = origin;
        this.focalLengthMm = focalLengthMm;
        this.fNumber = fNumber;
        this.sensorWidthMm = sensorWidthMm;
        this.pixelSizeUm = pixelSizeUm;
        this.numericalAperture = numericalAperture;
    }

    /** The same optics, saying where they came from (e.g. the EXIF of a file), for provenance. */
    public Optics withOrigin(String where) {
        return new Optics(focalLengthMm, fNumber, sensorWidthMm, pixelSizeUm, numericalAperture, where);
    }

    /** Where these optics came from, or null. */
    public String origin() {
        return origin;
    }

    public double focalLengthMm() {
        return focalLengthMm;
    }

    public double fNumber() {
        return fNumber;
    }

    public double sensorWidthMm() {
        return sensorWidthMm;
    }

    public double pixelSizeUm() {
        return pixelSizeUm;
    }

    public double numericalAperture() {
        return numericalAperture;
    }

    /** Focal length in pixels for an image {@code widthPx} wide, or NaN if focal length or sensor are unknown. */
    public double focalLengthPx(int widthPx) {
        return focalLengthMm * widthPx / sensorWidthMm;
    }
}
