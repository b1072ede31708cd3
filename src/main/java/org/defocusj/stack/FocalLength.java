package org.defocusj.stack;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

import org.defocusj.BadInputException;
import org.defocusj.param.ParameterSpec;

/**
 * How the user gave a stack's focal length, kept until the stack's width is known (millimetres need it to
 * become pixels). Metric methods such as FOSSA need it; it belongs to the stack, like its focus distances.
 * Serializable (no {@link Path} fields), so a batch engine can ship it to its workers.
 */
public final class FocalLength implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final ParameterSpec<Double> FOCAL_LENGTH_PX = ParameterSpec.number("focal-length-px",
            "Focal length px", null).range(0, Double.MAX_VALUE).placeholder("F")
            .help("Focal length in pixels of the stack's images (for metric methods such as FOSSA)");
    public static final ParameterSpec<Double> FOCAL_LENGTH_MM = ParameterSpec.number("focal-length-mm",
            "Focal length mm", null).range(0, Double.MAX_VALUE).placeholder("F")
            .help("Focal length in mm, with the sensor width (instead of the focal length in pixels)");
    public static final ParameterSpec<Double> SENSOR_WIDTH_MM = ParameterSpec.number("sensor-width-mm",
            "Sensor width mm", null).range(0, Double.MAX_VALUE).placeholder("W")
            .help("Sensor width in mm, spanning the image width (with the focal length in mm)");
    public static final ParameterSpec<Path> INTRINSICS = ParameterSpec.file("intrinsics", "Intrinsics")
            .placeholder("K.txt")
            .help("3 x 3 camera matrix K of the stack's images; the focal length is max(fx, fy)");

    /** The parameters {@link #choose} reads, in the order front ends show them. */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(FOCAL_LENGTH_PX, FOCAL_LENGTH_MM, SENSOR_WIDTH_MM,
            INTRINSICS);

    private final double pixels;
    private final double millimetres;
    private final double sensorWidthMm;
    private final String intrinsicsFile;
    private final String origin;

    private FocalLength(double pixels, double millimetres, double sensorWidthMm, String intrinsicsFile, String origin) {
        this.pixels = pixels;
        this.millimetres = millimetres;
        this.sensorWidthMm = sensorWidthMm;
        this.intrinsicsFile = intrinsicsFile;
        this.origin = origin;
    }

    public static FocalLength ofPixels(double fPx) {
        return ofPixels(fPx, CameraIntrinsics.ofPixels(fPx).origin()); // validates now, before any stack is read
    }

    /** A focal length in pixels from elsewhere (a data set's K); {@code origin} says where, for provenance. */
    public static FocalLength ofPixels(double fPx, String origin) {
        CameraIntrinsics.of(fPx, origin);
        return new FocalLength(fPx, Double.NaN, Double.NaN, null, origin);
    }

    public static FocalLength ofMillimetres(double focalMm, double sensorWidthMm) {
        CameraIntrinsics.ofMillimetres(focalMm, sensorWidthMm, 1);
        return new FocalLength(Double.NaN, focalMm, sensorWidthMm, null, null);
    }

    public static FocalLength ofIntrinsics(Path kFile) {
        CameraIntrinsics.read(kFile);
        return new FocalLength(Double.NaN, Double.NaN, Double.NaN, kFile.toString(), null);
    }

    /**
     * The focal length from what the user gave, at most one of: pixels, millimetres with the sensor width, or a
     * K file (null arguments are not given); null when none was given.
     *
     * @throws BadInputException when more than one was given, or millimetres without the sensor width
     */
    public static FocalLength choose(Double px, Double mm, Double sensorMm, Path intrinsicsFile) {
        int given = (px != null ? 1 : 0) + (mm != null || sensorMm != null ? 1 : 0) + (intrinsicsFile != null ? 1 : 0);
        if (given == 0) {
            return null;
        }
        if (given > 1) {
            throw new BadInputException(ref(FOCAL_LENGTH_PX) + ", " + ref(FOCAL_LENGTH_MM) + "/" + ref(SENSOR_WIDTH_MM)
                    + " and " + ref(INTRINSICS) + ": give only one of them");
        }
        if ((mm == null) != (sensorMm == null)) {
            throw new BadInputException(ref(FOCAL_LENGTH_MM) + " and " + ref(SENSOR_WIDTH_MM) + ": give both (the "
                    + "focal length in pixels is f_mm * image width / sensor width)");
        }
        if (px != null) {
            return ofPixels(px);
        }
        return intrinsicsFile != null ? ofIntrinsics(intrinsicsFile) : ofMillimetres(mm, sensorMm);
    }

    /**
     * The one rule for a stack's focal length in pixels: what the user gave ({@link #choose}; any option overrides
     * the camera's metadata), else the optics read with the stack (a JPEG's or TIFF's EXIF: focal length and sensor
     * width in mm, approximate), else null.
     *
     * @param given the focal length the user gave, or null
     */
    public static CameraIntrinsics resolve(FocalLength given, Optics stackOptics, int widthPx) {
        if (given != null) {
            return given.resolve(widthPx);
        }
        if (stackOptics == null || !(stackOptics.focalLengthMm() > 0) || !(stackOptics.sensorWidthMm() > 0)) {
            return null;
        }
        CameraIntrinsics k = CameraIntrinsics.ofMillimetres(stackOptics.focalLengthMm(), stackOptics.sensorWidthMm(),
                widthPx);
        return stackOptics.origin() == null ? k : CameraIntrinsics.of(k.focalLengthPx(), k.origin() + " ("
                + stackOptics.origin() + ")");
    }

    /** {@link #choose} from harvested values. */
    public static FocalLength choose(org.defocusj.param.ParameterValues v) {
        return choose(v.get(FOCAL_LENGTH_PX), v.get(FOCAL_LENGTH_MM), v.get(SENSOR_WIDTH_MM), v.get(INTRINSICS));
    }

    /** The message for a method that needs the focal length when none was given nor read from the stack's EXIF. */
    public static BadInputException missing(String method) {
        return BadInputException.forParameter(FOCAL_LENGTH_PX.id(), method + " needs the camera's focal length in "
                + "pixels to give metric depth (expected " + usage(FOCAL_LENGTH_PX) + ", or " + usage(FOCAL_LENGTH_MM)
                + " with " + usage(SENSOR_WIDTH_MM) + ", or " + usage(INTRINSICS) + "; the stack's EXIF gave no focal "
                + "length with a 35 mm equivalent or focal-plane resolution)");
    }

    /** The message for a focal length given to a method that does not use it. */
    public static BadInputException unused(String method) {
        return new BadInputException(ref(FOCAL_LENGTH_PX) + "/" + ref(FOCAL_LENGTH_MM) + "/" + ref(SENSOR_WIDTH_MM)
                + "/" + ref(INTRINSICS) + ": not used by " + method + " (only metric methods such as FOSSA use the "
                + "focal length)");
    }

    private static String ref(ParameterSpec<?> p) {
        return BadInputException.ref(p.id());
    }

    private static String usage(ParameterSpec<?> p) {
        return BadInputException.usage(p.id(), p.placeholder());
    }

    /** The K file this focal length is read from, or null. */
    public Path intrinsicsFile() {
        return intrinsicsFile == null ? null : Path.of(intrinsicsFile);
    }

    /** The focal length in pixels for images {@code widthPx} wide. */
    public CameraIntrinsics resolve(int widthPx) {
        if (intrinsicsFile != null) {
            return CameraIntrinsics.read(Path.of(intrinsicsFile));
        }
        if (!Double.isNaN(pixels)) {
            return CameraIntrinsics.of(pixels, origin);
        }
        return CameraIntrinsics.ofMillimetres(millimetres, sensorWidthMm, widthPx);
    }
}
