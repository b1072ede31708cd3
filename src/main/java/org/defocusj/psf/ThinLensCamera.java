package org.defocusj.psf;

import org.defocusj.BadInputException;

/**
 * A thin-lens camera: the circle of confusion of a point at depth d when the lens is focused at s, and the
 * PSF radius in pixels, exactly as FOSSA's data pipeline defines them:
 * {@code CoC = |d - s| f D / ((d + 1e-8)(s - f))} with {@code D = f / N}, and {@code sigma = CoC / 2 / pixel}.
 */
public final class ThinLensCamera implements DefocusModel {

    private final double focalLengthM;
    private final double fNumber;
    private final double pixelSizeM;

    /**
     * @param focalLengthM focal length in metres
     * @param fNumber      f-number N (aperture diameter f / N)
     * @param pixelSizeM   sensor pixel pitch in metres
     */
    public ThinLensCamera(double focalLengthM, double fNumber, double pixelSizeM) {
        if (!(focalLengthM > 0) || Double.isInfinite(focalLengthM)) {
            throw BadInputException.forParameter("focal-length-mm", "expected a positive focal length, got "
                    + focalLengthM * 1e3 + " mm");
        }
        if (!(fNumber > 0) || Double.isInfinite(fNumber)) {
            throw BadInputException.forParameter("fnumber", "expected a positive f-number, got " + fNumber);
        }
        if (!(pixelSizeM > 0) || Double.isInfinite(pixelSizeM)) {
            throw new BadInputException("pixel size: expected a positive value, got " + pixelSizeM + " m");
        }
        this.focalLengthM = focalLengthM;
        this.fNumber = fNumber;
        this.pixelSizeM = pixelSizeM;
    }

    /** A full-frame-style camera: a sensor {@code sensorWidthMm} wide mapped onto the image's longer edge. */
    public static ThinLensCamera ofSensor(double focalLengthMm, double fNumber, double sensorWidthMm, int width,
            int height) {
        if (!(sensorWidthMm > 0)) {
            throw BadInputException.forParameter("sensor-width-mm", "expected a positive width, got " + sensorWidthMm);
        }
        return new ThinLensCamera(focalLengthMm * 1e-3, fNumber, sensorWidthMm * 1e-3 / Math.max(width, height));
    }

    public double focalLengthM() {
        return focalLengthM;
    }

    public double fNumber() {
        return fNumber;
    }

    public double pixelSizeM() {
        return pixelSizeM;
    }

    /** Circle-of-confusion diameter on the sensor, in metres, for depth d focused at s (both in metres). */
    public double circleOfConfusion(double depthM, double focusM) {
        if (!(focusM > focalLengthM)) {
            throw new BadInputException("focus distance " + focusM + " m: must be larger than the focal length "
                    + focalLengthM + " m (nothing closer than f can be focused)");
        }
        double aperture = focalLengthM / fNumber;
        return Math.abs(depthM - focusM) * focalLengthM * aperture / ((depthM + 1e-8) * (focusM - focalLengthM));
    }

    /** PSF radius in pixels (half the CoC diameter over the pixel pitch). */
    @Override
    public double radiusPx(double depthM, double focusM) {
        return circleOfConfusion(depthM, focusM) / 2 / pixelSizeM;
    }
}
