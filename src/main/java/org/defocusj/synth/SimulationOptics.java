package org.defocusj.synth;

import java.util.Locale;

import org.defocusj.BadInputException;
import org.defocusj.psf.DefocusModel;
import org.defocusj.psf.ThinLensCamera;
import org.defocusj.psf.WidefieldMicroscope;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;

/**
 * The optics a focus stack is simulated through, as users describe them: a thin-lens camera (focal length,
 * f-number, sensor width; distances from the lens, in metres inside the model) or a widefield microscope
 * (NA, refractive index, wavelength, magnification, camera pixel; stage positions, in µm inside the model).
 * Values are checked when the optics are made, before any image is read.
 */
public abstract class SimulationOptics {

    private SimulationOptics() {
    }

    /** A thin lens with a sensor {@code sensorWidthMm} wide mapped onto the image's longer edge. */
    public static SimulationOptics camera(double focalLengthMm, double fNumber, double sensorWidthMm) {
        if (!(fNumber > 0) || Double.isInfinite(fNumber)) {
            throw BadInputException.forParameter("fnumber", "expected a positive f-number, got " + fNumber);
        }
        if (!(focalLengthMm > 0) || Double.isInfinite(focalLengthMm)) {
            throw BadInputException.forParameter("focal-length-mm",
                    "expected a positive focal length, got " + focalLengthMm);
        }
        if (!(sensorWidthMm > 0) || Double.isInfinite(sensorWidthMm)) {
            throw BadInputException.forParameter("sensor-width-mm", "expected a positive width, got " + sensorWidthMm);
        }
        return new Camera(focalLengthMm, fNumber, sensorWidthMm);
    }

    /** A widefield microscope (see {@link WidefieldMicroscope}). */
    public static SimulationOptics microscope(double numericalAperture, double refractiveIndex, double wavelengthNm,
            double magnification, double cameraPixelUm) {
        return new Microscope(new WidefieldMicroscope(numericalAperture, refractiveIndex, wavelengthNm,
                magnification, cameraPixelUm), numericalAperture, refractiveIndex, wavelengthNm, magnification,
                cameraPixelUm);
    }

    /** True for stage positions (heights may be zero or negative), false for distances from a lens. */
    public abstract boolean isMicroscope();

    /** The unit users most likely mean: m for cameras, µm for microscopes. */
    public abstract DistanceUnit defaultUnit();

    /** The unit the defocus model computes in. */
    public abstract DistanceUnit modelUnit();

    /** The defocus model for an image of this size. */
    public abstract DefocusModel model(int width, int height);

    /** Rejects focus settings the optics cannot image (a camera cannot focus closer than its focal length). */
    public abstract void checkFocus(FocusDistances focus);

    /** One line for provenance, e.g. {@code thin lens f 50.0 mm N 2.80 sensor 36.0 mm}. */
    public abstract String describe();

    private static final class Camera extends SimulationOptics {
        final double focalLengthMm;
        final double fNumber;
        final double sensorWidthMm;

        Camera(double focalLengthMm, double fNumber, double sensorWidthMm) {
            this.focalLengthMm = focalLengthMm;
            this.fNumber = fNumber;
            this.sensorWidthMm = sensorWidthMm;
        }

        @Override
        public boolean isMicroscope() {
            return false;
        }

        @Override
        public DistanceUnit defaultUnit() {
            return DistanceUnit.M;
        }

        @Override
        public DistanceUnit modelUnit() {
            return DistanceUnit.M;
        }

        @Override
        public DefocusModel model(int width, int height) {
            return ThinLensCamera.ofSensor(focalLengthMm, fNumber, sensorWidthMm, width, height);
        }

        @Override
        public void checkFocus(FocusDistances fd) {
            double scale = fd.unit().convert(1, DistanceUnit.M);
            for (int i = 0; i < fd.size(); i++) {
                if (!(fd.get(i) * scale > focalLengthMm * 1e-3)) {
                    throw BadInputException.forParameter("focus", "focus distance " + fd.get(i) + " " + fd.unit()
                            + " is not beyond the focal length " + focalLengthMm + " mm (expected distances "
                            + "larger than " + BadInputException.ref("focal-length-mm") + ")");
                }
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "thin lens f %.1f mm N %.2f sensor %.1f mm", focalLengthMm, fNumber,
                    sensorWidthMm);
        }
    }

    private static final class Microscope extends SimulationOptics {
        final WidefieldMicroscope model;
        final String description;

        Microscope(WidefieldMicroscope model, double na, double n, double lambdaNm, double magnification,
                double pixelUm) {
            this.model = model;
            this.description = String.format(Locale.ROOT,
                    "microscope NA %.3f n %.3f lambda %.0f nm magnification %.1f camera pixel %.2f um", na, n,
                    lambdaNm, magnification, pixelUm);
        }

        @Override
        public boolean isMicroscope() {
            return true;
        }

        @Override
        public DistanceUnit defaultUnit() {
            return DistanceUnit.UM;
        }

        @Override
        public DistanceUnit modelUnit() {
            return DistanceUnit.UM;
        }

        @Override
        public DefocusModel model(int width, int height) {
            return model;
        }

        @Override
        public void checkFocus(FocusDistances focus) {
            // stage positions: any finite value (FocusDistances checked that)
        }

        @Override
        public String describe() {
            return description;
        }
    }

    /**
     * The optics named {@code kind} ({@code camera} or {@code microscope}, any case) from every parameter a
     * front end harvests; the parameters of the other kind are ignored.
     */
    public static SimulationOptics parse(String kind, double focalLengthMm, double fNumber, double sensorWidthMm,
            double numericalAperture, double refractiveIndex, double wavelengthNm, double magnification,
            double cameraPixelUm) {
        switch (kind == null ? "" : kind.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "camera":
                return camera(focalLengthMm, fNumber, sensorWidthMm);
            case "microscope":
                return microscope(numericalAperture, refractiveIndex, wavelengthNm, magnification, cameraPixelUm);
            default:
                throw org.defocusj.BadInputException.forParameter("optics", "unknown optics '" + kind
                        + "' (expected camera or microscope)");
        }
    }
}
