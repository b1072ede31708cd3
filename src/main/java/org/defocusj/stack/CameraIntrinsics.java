package org.defocusj.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.defocusj.BadInputException;

/**
 * Where FOSSA's canonical-depth conversion gets the focal length in pixels: given directly, from a focal
 * length and sensor width in millimetres, or from a 3 x 3 intrinsics matrix K (the larger of fx, fy, as the
 * reference does). The value is for the image as fed to the network (the stack's own width).
 */
public final class CameraIntrinsics {

    private final double focalLengthPx;
    private final String origin;

    private CameraIntrinsics(double focalLengthPx, String origin) {
        if (!(focalLengthPx > 0) || Double.isInfinite(focalLengthPx)) {
            throw new BadInputException(origin + ": expected a positive focal length, got " + focalLengthPx);
        }
        this.focalLengthPx = focalLengthPx;
        this.origin = origin;
    }

    public static CameraIntrinsics ofPixels(double fPx) {
        if (!(fPx > 0) || Double.isInfinite(fPx)) {
            throw BadInputException.forParameter(FocalLength.FOCAL_LENGTH_PX.id(), "expected a positive focal length, got "
                    + fPx);
        }
        return new CameraIntrinsics(fPx, "focal length in pixels");
    }

    /** {@code f_px = f_mm * width / sensor_mm} for an image {@code widthPx} wide. */
    public static CameraIntrinsics ofMillimetres(double focalMm, double sensorWidthMm, int widthPx) {
        if (!(sensorWidthMm > 0) || Double.isInfinite(sensorWidthMm)) {
            throw BadInputException.forParameter(FocalLength.SENSOR_WIDTH_MM.id(), "expected a positive sensor width, got "
                    + sensorWidthMm);
        }
        if (!(focalMm > 0) || Double.isInfinite(focalMm)) {
            throw BadInputException.forParameter(FocalLength.FOCAL_LENGTH_MM.id(), "expected a positive focal length, got "
                    + focalMm);
        }
        return new CameraIntrinsics(focalMm * widthPx / sensorWidthMm, String.format(java.util.Locale.ROOT,
                "%s mm on a %s mm sensor", focalMm, sensorWidthMm));
    }

    /** A focal length in pixels from elsewhere; {@code origin} says where, for messages and provenance. */
    public static CameraIntrinsics of(double fPx, String origin) {
        return new CameraIntrinsics(fPx, origin);
    }

    /** Reads K (3 x 3, whitespace or comma separated) and takes max(fx, fy). */
    public static CameraIntrinsics read(Path file) {
        double[] k = readMatrix(file);
        return new CameraIntrinsics(Math.max(k[0], k[4]), file.toString());
    }

    /**
     * Reads a 3 x 3 intrinsics matrix K: nine numbers separated by whitespace, commas or semicolons (brackets
     * and '#' comments ignored), row-major.
     */
    public static double[] readMatrix(Path file) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read intrinsics (" + e.getMessage() + ")", e);
        }
        String[] parts = text.replaceAll("#[^\n]*", " ").trim().split("[\\s,;\\[\\]]+");
        double[] k = new double[9];
        int n = 0;
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            if (n == 9) {
                n++;
                break;
            }
            try {
                k[n++] = Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw new BadInputException(file + ": '" + p + "' is not a number (expected a 3 x 3 intrinsics matrix K)");
            }
        }
        if (n != 9) {
            throw new BadInputException(file + ": expected 9 numbers (a 3 x 3 intrinsics matrix K), found "
                    + (n > 9 ? "more" : String.valueOf(n)));
        }
        return k;
    }

    public double focalLengthPx() {
        return focalLengthPx;
    }

    /** Where the value came from, for messages and provenance. */
    public String origin() {
        return origin;
    }
}
