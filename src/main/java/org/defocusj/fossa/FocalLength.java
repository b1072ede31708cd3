package org.defocusj.fossa;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * How the user gave FOSSA's focal length, kept until the stack's width is known: millimetres need it to become
 * pixels. Serializable (no {@link Path} fields), so a batch engine can ship it to its workers.
 */
public final class FocalLength implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double pixels;
    private final double millimetres;
    private final double sensorWidthMm;
    private final String intrinsicsFile;

    private FocalLength(double pixels, double millimetres, double sensorWidthMm, String intrinsicsFile) {
        this.pixels = pixels;
        this.millimetres = millimetres;
        this.sensorWidthMm = sensorWidthMm;
        this.intrinsicsFile = intrinsicsFile;
    }

    public static FocalLength ofPixels(double fPx) {
        CameraIntrinsics.ofPixels(fPx); // validates now, before any stack is read
        return new FocalLength(fPx, Double.NaN, Double.NaN, null);
    }

    public static FocalLength ofMillimetres(double focalMm, double sensorWidthMm) {
        CameraIntrinsics.ofMillimetres(focalMm, sensorWidthMm, 1);
        return new FocalLength(Double.NaN, focalMm, sensorWidthMm, null);
    }

    public static FocalLength ofIntrinsics(Path kFile) {
        CameraIntrinsics.read(kFile);
        return new FocalLength(Double.NaN, Double.NaN, Double.NaN, kFile.toString());
    }

    /** The focal length in pixels for images {@code widthPx} wide. */
    public CameraIntrinsics resolve(int widthPx) {
        if (intrinsicsFile != null) {
            return CameraIntrinsics.read(Path.of(intrinsicsFile));
        }
        if (!Double.isNaN(pixels)) {
            return CameraIntrinsics.ofPixels(pixels);
        }
        return CameraIntrinsics.ofMillimetres(millimetres, sensorWidthMm, widthPx);
    }
}
