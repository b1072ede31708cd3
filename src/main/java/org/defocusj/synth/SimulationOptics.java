package org.defocusj.synth;

import java.util.List;
import java.util.Locale;

import org.defocusj.BadInputException;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;
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

    public static final ParameterSpec<String> KIND = ParameterSpec.choice("optics", "Optics", "camera",
            List.of("camera", "microscope")).placeholder("KIND")
            .help("camera: thin lens (f-number, focal length, sensor width); microscope: widefield (NA, refractive "
                    + "index, wavelength, magnification, camera pixel)");
    public static final ParameterSpec<Double> F_NUMBER = positive("fnumber", "F-number", 2.8, "N",
            "Camera f-number N (aperture f / N)");
    public static final ParameterSpec<Double> FOCAL_LENGTH_MM = positive("focal-length-mm", "Focal length mm", 50,
            "F", "Camera focal length in mm");
    public static final ParameterSpec<Double> SENSOR_WIDTH_MM = positive("sensor-width-mm", "Sensor width mm", 36,
            "W", "Sensor width in mm, mapped onto the image's longer edge");
    public static final ParameterSpec<Double> NUMERICAL_APERTURE = positive("na", "Numerical aperture", 0.3, "NA",
            "Microscope objective NA (below the refractive index)");
    public static final ParameterSpec<Double> REFRACTIVE_INDEX = ParameterSpec.number("refractive-index",
            "Refractive index", 1.0).range(1, 3).placeholder("N")
            .help("Immersion medium refractive index: 1.0 air, 1.33 water, 1.518 oil");
    public static final ParameterSpec<Double> WAVELENGTH_NM = positive("wavelength-nm", "Wavelength nm", 550, "L",
            "Emission wavelength in nm");
    public static final ParameterSpec<Double> MAGNIFICATION = positive("magnification", "Magnification", 10, "M",
            "Total magnification onto the camera");
    public static final ParameterSpec<Double> CAMERA_PIXEL_UM = positive("camera-pixel-um", "Camera pixel um", 6.5,
            "P", "Camera pixel pitch in µm");

    /** The optics' parameters (both kinds'), in the order front ends show them. */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(KIND, F_NUMBER, FOCAL_LENGTH_MM, SENSOR_WIDTH_MM,
            NUMERICAL_APERTURE, REFRACTIVE_INDEX, WAVELENGTH_NM, MAGNIFICATION, CAMERA_PIXEL_UM);

    private static ParameterSpec<Double> positive(String id, String label, double defaultValue, String placeholder,
            String help) {
        return ParameterSpec.number(id, label, defaultValue).range(0, Double.MAX_VALUE).placeholder(placeholder)
                .help(help);
    }

    /** The optics of {@link #KIND} from harvested values; absent parameters take their declared defaults. */
    public static SimulationOptics from(ParameterValues v) {
        return parse(v.get(KIND), v.get(FOCAL_LENGTH_MM), v.get(F_NUMBER), v.get(SENSOR_WIDTH_MM),
                v.get(NUMERICAL_APERTURE), v.get(REFRACTIVE_INDEX), v.get(WAVELENGTH_NM), v.get(MAGNIFICATION),
                v.get(CAMERA_PIXEL_UM));
    }

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
