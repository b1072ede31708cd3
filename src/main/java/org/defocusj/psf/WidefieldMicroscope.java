package org.defocusj.psf;

import org.defocusj.BadInputException;

/**
 * Geometric defocus of a widefield microscope, in specimen units of micrometres. A point |z - z_focus| out
 * of focus spreads over a disk of radius |dz| tan(theta), with sin(theta) = NA / n (the half-angle of the
 * accepted cone); diffraction keeps the radius at least the Airy radius 0.61 lambda / NA. The two add in
 * quadrature. Pixel size in the specimen is the camera pixel over the magnification.
 */
public final class WidefieldMicroscope implements DefocusModel {

    private final double numericalAperture;
    private final double refractiveIndex;
    private final double wavelengthUm;
    private final double pixelSizeUm;

    /**
     * @param numericalAperture objective NA (0 < NA < n)
     * @param refractiveIndex   immersion medium index n (1.0 air, 1.33 water, 1.518 oil)
     * @param wavelengthNm      emission wavelength
     * @param magnification     total magnification onto the camera
     * @param cameraPixelUm     camera pixel pitch
     */
    public WidefieldMicroscope(double numericalAperture, double refractiveIndex, double wavelengthNm,
            double magnification, double cameraPixelUm) {
        if (!(refractiveIndex >= 1) || Double.isInfinite(refractiveIndex)) {
            throw BadInputException.forParameter("refractive-index",
                    "expected a value of at least 1, got " + refractiveIndex);
        }
        if (!(numericalAperture > 0 && numericalAperture < refractiveIndex)) {
            throw BadInputException.forParameter("na",
                    "expected 0 < NA < refractive index " + refractiveIndex + ", got "
                    + numericalAperture);
        }
        if (!(wavelengthNm > 0) || Double.isInfinite(wavelengthNm)) {
            throw BadInputException.forParameter("wavelength-nm",
                    "expected a positive wavelength, got " + wavelengthNm);
        }
        if (!(magnification > 0) || Double.isInfinite(magnification)) {
            throw BadInputException.forParameter("magnification", "expected a positive value, got " + magnification);
        }
        if (!(cameraPixelUm > 0) || Double.isInfinite(cameraPixelUm)) {
            throw BadInputException.forParameter("camera-pixel-um",
                    "expected a positive pixel size, got " + cameraPixelUm);
        }
        this.numericalAperture = numericalAperture;
        this.refractiveIndex = refractiveIndex;
        this.wavelengthUm = wavelengthNm * 1e-3;
        this.pixelSizeUm = cameraPixelUm / magnification;
    }

    /** Pixel size in the specimen plane, µm. */
    public double pixelSizeUm() {
        return pixelSizeUm;
    }

    /** Blur radius in µm at defocus {@code dz} µm. */
    public double radiusUm(double dz) {
        double sinTheta = numericalAperture / refractiveIndex;
        double tanTheta = sinTheta / Math.sqrt(1 - sinTheta * sinTheta);
        double geometric = Math.abs(dz) * tanTheta;
        double airy = 0.61 * wavelengthUm / numericalAperture;
        return Math.sqrt(geometric * geometric + airy * airy);
    }

    @Override
    public double radiusPx(double heightUm, double focusUm) {
        return radiusUm(heightUm - focusUm) / pixelSizeUm;
    }
}
