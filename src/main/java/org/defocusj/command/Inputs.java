package org.defocusj.command;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.process.ImageProcessor;

import org.defocusj.BadInputException;
import org.defocusj.dff.DffParameters;
import org.defocusj.io.StackReader;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusSource;

/**
 * Checks and reads the ImageJ inputs of the Fiji commands. Every message starts with the label of the
 * parameter it is about, so dialogs, macros and scripts say which field to fix.
 */
final class Inputs {

    static final String ALL_IN_FOCUS_DESCRIPTION = "All-in-focus composite: weighted (soft seams), sharpest (each "
            + "pixel from its peak slice) or none";

    static final String CALIBRATION_BAR_DESCRIPTION = "Add the colour bar with ticks and unit to the depth image "
            + "as an overlay (Image > Overlay > Hide Overlay hides it, Flatten burns it in)";

    private Inputs() {
    }

    /** Whether an "All-in-focus" choice (weighted, sharpest or none) asks for the composite. */
    static boolean wantsAllInFocus(String choice) {
        return choice != null && !choice.trim().equalsIgnoreCase("none");
    }

    /** {@code values} with the all-in-focus mode of an "All-in-focus" choice, unless it is none. */
    static ParameterValues withAllInFocusMode(ParameterValues values, String choice) {
        return wantsAllInFocus(choice) ? values.with(DffParameters.AIF_MODE, choice) : values;
    }

    /** A focus stack: not null, one focus axis (Z, or T when Z is 1) of at least two slices. */
    static void requireStack(ImagePlus imp, String label) {
        if (imp == null) {
            throw new BadInputException(label + ": no image (expected an open focus stack, focus axis Z or T)");
        }
        int nZ = imp.getNSlices();
        int nT = imp.getNFrames();
        if (nZ > 1 && nT > 1) {
            throw new BadInputException(label + ": '" + imp.getTitle() + "' has " + nZ + " z-slices and " + nT
                    + " time frames (expected one focus axis: Z, or T when Z is 1; duplicate one frame first)");
        }
        int nF = Math.max(nZ, nT);
        if (nF < 2) {
            throw new BadInputException(label + ": '" + imp.getTitle() + "' has " + nF + " focus slice (expected a "
                    + "focus stack of at least 2 slices along Z, or T when Z is 1)");
        }
    }

    /** A single plane (one slice, one channel, one frame). */
    static void requirePlane(ImagePlus imp, String label, String what) {
        if (imp == null) {
            throw new BadInputException(label + ": no image (expected " + what + ")");
        }
        if (imp.getStackSize() != 1) {
            throw new BadInputException(label + ": '" + imp.getTitle() + "' has " + imp.getStackSize()
                    + " slices (expected " + what + ", one plane)");
        }
    }

    /** The plane as floats (a copy), through the image's calibration function if it has one. */
    static float[] floatPixels(ImagePlus imp) {
        ImageProcessor ip = imp.getProcessor();
        float[] px = (float[]) ip.convertToFloatProcessor().getPixels();
        return px == ip.getPixels() ? px.clone() : px;
    }

    /** The image's value unit as a distance unit, or null if it has none (e.g. "Gray Value"). */
    static DistanceUnit valueUnit(ImagePlus imp) {
        DistanceUnit u = DistanceUnit.tryParse(imp.getCalibration().getValueUnit());
        return u == null || u.isRelative() ? null : u;
    }

    /** A length unit (m, cm, mm, um, nm). */
    static DistanceUnit lengthUnit(String text, String label) {
        DistanceUnit u = DistanceUnit.parse(text == null ? "" : text, label);
        if (u.isRelative()) {
            throw new BadInputException(label + ": 'slice' is not a unit for distances (expected m, cm, mm, um or "
                    + "nm; for unknown distances set the focus distances to 'index')");
        }
        return u;
    }

    /** The sidecar beside the file the image was opened from, for {@link FocusSource#auto}; null if none. */
    static Path sidecar(ImagePlus imp, FocusSource source) {
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
    static String baseTitle(ImagePlus imp) {
        String t = imp.getTitle();
        int dot = t.lastIndexOf('.');
        if (dot > 0 && t.length() - dot <= 5) {
            t = t.substring(0, dot);
        }
        return t;
    }
}
