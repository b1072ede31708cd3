package org.defocusj.io;

import java.nio.file.Path;
import java.nio.file.Paths;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.process.ImageProcessor;

import org.defocusj.BadInputException;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusSource;

/**
 * Checks and reads open ImageJ images given as inputs (by Fiji commands, macro extensions and the
 * {@link org.defocusj.Defocus} facade). Messages name the input by parameter id; each front end words it.
 */
public final class ImageInputs {

    private ImageInputs() {
    }

    /** A focus stack: not null, one focus axis (Z, or T when Z is 1) of at least two slices. */
    public static void requireStack(ImagePlus imp, String parameter) {
        if (imp == null) {
            throw BadInputException.forParameter(parameter, "no image (expected an open focus stack, focus axis Z or "
                    + "T)");
        }
        int nZ = imp.getNSlices();
        int nT = imp.getNFrames();
        if (nZ > 1 && nT > 1) {
            throw BadInputException.forParameter(parameter, "'" + imp.getTitle() + "' has " + nZ + " z-slices and "
                    + nT + " time frames (expected one focus axis: Z, or T when Z is 1; duplicate one frame first)");
        }
        int nF = Math.max(nZ, nT);
        if (nF < 2) {
            throw BadInputException.forParameter(parameter, "'" + imp.getTitle() + "' has " + nF + " focus slice "
                    + "(expected a focus stack of at least 2 slices along Z, or T when Z is 1)");
        }
    }

    /** A single plane (one slice, one channel, one frame). */
    public static void requirePlane(ImagePlus imp, String parameter, String what) {
        if (imp == null) {
            throw BadInputException.forParameter(parameter, "no image (expected " + what + ")");
        }
        if (imp.getStackSize() != 1) {
            throw BadInputException.forParameter(parameter, "'" + imp.getTitle() + "' has " + imp.getStackSize()
                    + " slices (expected " + what + ", one plane)");
        }
    }

    /** The plane as floats (a copy), through the image's calibration function if it has one. */
    public static float[] floatPixels(ImagePlus imp) {
        ImageProcessor ip = imp.getProcessor();
        float[] px = (float[]) ip.convertToFloatProcessor().getPixels();
        return px == ip.getPixels() ? px.clone() : px;
    }

    /** The image's value unit as a distance unit, or null if it has none (e.g. "Gray Value"). */
    public static DistanceUnit valueUnit(ImagePlus imp) {
        DistanceUnit u = DistanceUnit.tryParse(imp.getCalibration().getValueUnit());
        return u == null || u.isRelative() ? null : u;
    }

    /** The sidecar beside the file the image was opened from, for {@link FocusSource#auto}; null if none. */
    public static Path sidecar(ImagePlus imp, FocusSource source) {
        if (source.kind() != FocusSource.Kind.AUTO) {
            return null;
        }
        FileInfo fi = imp.getOriginalFileInfo();
        if (fi == null || fi.fileName == null || fi.directory == null || fi.directory.isEmpty()) {
            return null;
        }
        try {
            return StackReader.sidecarFor(Paths.get(fi.directory, fi.fileName));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The title without a file extension, e.g. {@code stack} for {@code stack.tif}. */
    public static String baseTitle(ImagePlus imp) {
        String t = imp.getTitle();
        int dot = t.lastIndexOf('.');
        if (dot > 0 && t.length() - dot <= 5) {
            t = t.substring(0, dot);
        }
        return t;
    }
}
