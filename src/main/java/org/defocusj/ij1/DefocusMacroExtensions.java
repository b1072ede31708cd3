package org.defocusj.ij1;

import java.awt.GraphicsEnvironment;
import java.util.Map;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.macro.ExtensionDescriptor;
import ij.macro.Functions;
import ij.macro.Interpreter;
import ij.macro.MacroExtension;
import ij.plugin.PlugIn;

import org.defocusj.BadInputException;
import org.defocusj.Defocus;
import org.defocusj.command.DefocusCommand;
import org.defocusj.command.EvaluateDepthCommand;
import org.defocusj.depth.MethodSetup;
import org.defocusj.dff.DffMethod;
import org.defocusj.dff.DffParameters;
import org.defocusj.dff.FocusMeasure;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.EvaluationSpace;
import org.defocusj.eval.ImageEvaluation;
import org.defocusj.fossa.FossaMethod;
import org.defocusj.fossa.FossaModel;
import org.defocusj.fossa.FossaSettings;
import org.defocusj.io.DepthImages;
import org.defocusj.param.Keys;
import org.defocusj.param.ParameterValues;
import org.defocusj.psf.Psf;
import org.defocusj.psf.RendererSettings;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusSource;
import org.defocusj.synth.SimulationOptics;

/**
 * Macro functions, after {@code run("DefocusJ Macro Extensions");}:
 * <pre>
 * depth = Ext.depthFromFocus(title, focusList, measure, window [, unit]);   // title of the depth image
 * depth = Ext.fossaDepth(title, focusList, focalLengthPx [, model [, unit]]);
 * stack = Ext.simulate(imageTitle, depthTitle, focusList [, unit [, fNumber, focalLengthMm, sensorWidthMm]]);
 * Ext.evaluate(predictionTitle, groundTruthTitle [, minDepth, maxDepth]);  // one row in the Results table
 * Ext.help();
 * </pre>
 * {@code focusList} is as in the dialogs: "0.5,0.8,1.2", "auto" or "index"; {@code unit} defaults to m.
 * Images are found by title among the open (or batch-mode) images; results are shown like the menu
 * commands' (in batch mode: kept as hidden images). They run the same actions as the menu entries and
 * scripts ({@link Defocus}); bad input stops the macro with the message.
 */
public final class DefocusMacroExtensions implements PlugIn, MacroExtension {

    static final String TITLE = "DefocusJ Macro Extensions";

    private static final int S = ARG_STRING;
    private static final int N = ARG_NUMBER;
    private static final int OS = ARG_STRING | ARG_OPTIONAL;
    private static final int ON = ARG_NUMBER | ARG_OPTIONAL;

    @Override
    public void run(String arg) {
        if (!IJ.macroRunning()) {
            IJ.error(TITLE, "Run it from a macro: run(\"" + TITLE + "\"); then Ext.depthFromFocus(...) etc. "
                    + "(Ext.help() lists the functions)");
            return;
        }
        Functions.registerExtensions(this);
    }

    @Override
    public ExtensionDescriptor[] getExtensionFunctions() {
        return new ExtensionDescriptor[] {
            ExtensionDescriptor.newDescriptor("depthFromFocus", this, new int[] {S, S, S, N, OS}),
            ExtensionDescriptor.newDescriptor("fossaDepth", this, new int[] {S, S, N, OS, OS}),
            ExtensionDescriptor.newDescriptor("simulate", this, new int[] {S, S, S, OS, ON, ON, ON}),
            ExtensionDescriptor.newDescriptor("evaluate", this, new int[] {S, S, ON, ON}),
            ExtensionDescriptor.newDescriptor("help", this),
        };
    }

    @Override
    public String handleExtension(String name, Object[] args) {
        IJ.resetEscape();
        IjProgress progress = new IjProgress("DefocusJ " + name);
        try {
            switch (name) {
                case "depthFromFocus": {
                    ParameterValues v = ParameterValues.of(Map.of(DffParameters.MEASURE.id(), args[2],
                            DffParameters.WINDOW.id(), integer(args[3], DffParameters.WINDOW.id())));
                    MethodSetup dff = MethodSetup.of(new DffMethod(), DffParameters.from(v)
                            .withThreads(Math.max(1, Prefs.getThreads())));
                    DepthImages out = Defocus.depth(image(args[0], "title"), focus(args[1], args[4]), null, dff,
                            false, false, progress);
                    return shown(out.getDepth());
                }
                case "fossaDepth": {
                    String model = args[3] == null || ((String) args[3]).isEmpty() ? FossaModel.DEFAULT_MODEL
                            : (String) args[3];
                    MethodSetup fossa = MethodSetup.of(new FossaMethod(),
                            ParameterValues.of(Map.of(FossaSettings.MODEL.id(), model)));
                    DepthImages out = Defocus.depth(image(args[0], "title"), focus(args[1], args[4]),
                            FocalLength.ofPixels((Double) args[2]), fossa, false, false, progress);
                    return shown(out.getDepth());
                }
                case "simulate": {
                    FocusSource focus = focus(args[2], args[3]);
                    if (focus.kind() != FocusSource.Kind.EXPLICIT) {
                        throw BadInputException.forParameter("focus", "expected the focus distances to render, "
                                + "e.g. 0.8,1.7,3.0");
                    }
                    ImagePlus stack = Defocus.simulate(image(args[0], "imageTitle"), image(args[1], "depthTitle"),
                            FocusDistances.ofParameter(focus.values(), focus.unit(), "focus"),
                            SimulationOptics.camera(number(args[5], 50), number(args[4], 2.8), number(args[6], 36)),
                            Psf.gaussian(), RendererSettings.DEFAULT, Math.max(1, Prefs.getThreads()), progress);
                    return shown(stack);
                }
                case "evaluate": {
                    ImageEvaluation e = Defocus.evaluate(image(args[0], "predictionTitle"),
                            image(args[1], "groundTruthTitle"), new DepthEvaluator(number(args[2], 0.01),
                                    number(args[3], 1000), EvaluationSpace.DEPTH, false));
                    EvaluateDepthCommand.addRow(EvaluateDepthCommand.RESULTS, e, EvaluationSpace.DEPTH);
                    return "";
                }
                case "help":
                    IJ.log(usage());
                    return "";
                default:
                    return null;
            }
        } catch (BadInputException e) {
            fail("Ext." + name + ": " + e.message(DefocusCommand.declaredLabels()));
            return null;
        } catch (CancellationException e) {
            IJ.showStatus("Ext." + name + ": cancelled");
            throw new RuntimeException(Macro.MACRO_CANCELED);
        } finally {
            IJ.showProgress(1.0);
        }
    }

    static String usage() {
        return "DefocusJ macro functions (after run(\"" + TITLE + "\");):\n"
                + "  depth = Ext.depthFromFocus(title, focusList, measure, window [, unit]);\n"
                + "  depth = Ext.fossaDepth(title, focusList, focalLengthPx [, model [, unit]]);\n"
                + "  stack = Ext.simulate(imageTitle, depthTitle, focusList [, unit [, fNumber, focalLengthMm, "
                + "sensorWidthMm]]);\n"
                + "  Ext.evaluate(predictionTitle, groundTruthTitle [, minDepth, maxDepth]);  // row in Results\n"
                + "focusList: \"0.5,0.8,1.2\", \"auto\" (sidecar, z-calibration, slice labels) or \"index\"; "
                + "unit: m (default), cm, mm, um, nm; measure: " + String.join(", ", Keys.of(FocusMeasure.class));
    }

    private static String shown(ImagePlus imp) {
        Ij1.show(imp);
        return imp.getTitle();
    }

    private static ImagePlus image(Object title, String argument) {
        String t = title == null ? "" : title.toString();
        ImagePlus imp = t.isEmpty() ? WindowManager.getCurrentImage() : WindowManager.getImage(t);
        if (imp == null) {
            throw new BadInputException(argument + ": " + (t.isEmpty() ? "no image is open"
                    : "no open image is titled '" + t + "'") + " (expected the title of an open image)");
        }
        return imp;
    }

    private static FocusSource focus(Object focusList, Object unit) {
        return FocusSource.parse((String) focusList, null, unit(unit));
    }

    private static String unit(Object u) {
        return u == null || u.toString().trim().isEmpty() ? "m" : u.toString();
    }

    private static double number(Object v, double fallback) {
        return v == null ? fallback : (Double) v;
    }

    private static int integer(Object v, String argument) {
        double d = (Double) v;
        if (d != Math.rint(d)) {
            throw new BadInputException(argument + ": expected a whole number, got " + d);
        }
        return (int) d;
    }

    /** Stops the macro with the message: a macro error dialog with a display, the Log without one. */
    private static void fail(String message) {
        Interpreter interp = Interpreter.getInstance();
        if (!GraphicsEnvironment.isHeadless() && interp != null) {
            interp.abort(message);
        }
        IJ.log(message);
        throw new RuntimeException(Macro.MACRO_CANCELED);
    }
}
