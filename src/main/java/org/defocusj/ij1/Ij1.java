package org.defocusj.ij1;

import java.awt.GraphicsEnvironment;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;

/** How the ImageJ 1.x entries show results and errors, with and without a display. */
final class Ij1 {

    private Ij1() {
    }

    /** True when ImagePlus.show() can work: a display, or a macro that keeps its images (batch mode). */
    static boolean canShow() {
        return !GraphicsEnvironment.isHeadless() || IJ.isMacro() || Interpreter.isBatchMode();
    }

    /** Shows a result; headless outside a macro it becomes the current image without a window. */
    static void show(ImagePlus imp) {
        if (canShow()) {
            imp.show();
        } else {
            ij.WindowManager.setTempCurrentImage(imp);
        }
    }

    /**
     * Reports bad input: a dialog with a display (ImageJ's "Macro Error" when a macro runs), the Log (standard
     * output when headless) without one. A running macro is stopped either way, so a batch stops at the stack
     * that failed instead of going on with stale images.
     */
    static void report(String title, String message) {
        if (!GraphicsEnvironment.isHeadless()) {
            IJ.error(title, message);
            return;
        }
        IJ.log(title + ": " + message);
        stopMacroHeadless(title + ": " + message);
    }

    /**
     * Stops the running macro without a dialog. Interpreter.abort(message) would show ImageJ's error dialog,
     * which cannot exist headless; with errors ignored it ends the macro quietly after the current statement.
     */
    static void stopMacroHeadless(String message) {
        Interpreter interp = Interpreter.getInstance();
        if (interp != null) {
            interp.setIgnoreErrors(true);
            interp.abort(message);
        } else if (IJ.isMacro()) {
            Macro.abort();
        }
    }
}
