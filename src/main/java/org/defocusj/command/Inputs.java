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

    static final String ALL_IN_FOCUS_DESCRIPTION = "All-in-focus composite: multiscale (pyramid fusion at each "
            + "pixel's depth: no seams or halos), weighted (soft seams), sharpest (each pixel from its peak slice) or none";

    static final String CALIBRATION_BAR_DESCRIPTION = "Add the colour bar with ticks and unit to the depth image "
            + "as an overlay (Image > Overlay > Hide Overlay hides it, Flatten burns it in)";

    private Inputs() {
    }

    /** Whether an "All-in-focus" choice (multiscale, weighted, sharpest or none) asks for the composite. */
    static boolean wantsAllInFocus(String choice) {
        return choice != null && !choice.trim().equalsIgnoreCase("none");
    }

    /** {@code values} with the all-in-focus mode of an "All-in-focus" choice, unless it is none. */
    static ParameterValues withAllInFocusMode(ParameterValues values, String choice) {
        return wantsAllInFocus(choice) ? values.with(DffParameters.AIF_MODE, choice) : values;
    }





    /** A length unit (m, cm, mm, um, nm). */
    static DistanceUnit lengthUnit(String text, String parameter) {
        DistanceUnit u = DistanceUnit.parse(text == null ? "" : text, parameter);
        if (u.isRelative()) {
            throw BadInputException.forParameter(parameter, "'slice' is not a unit for distances (expected m, cm, "
                    + "mm, um or nm)");
        }
        return u;
    }


}
