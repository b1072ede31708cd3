package org.defocusj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.BadInputException;
import org.defocusj.ParameterNaming;
import org.defocusj.align.AlignSettings;
import org.defocusj.align.AligningSession;
import org.defocusj.align.Alignment;
import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.MethodSetup;
import org.defocusj.io.AlignedStackFile;
import org.defocusj.io.AtomicOutputs;
import org.defocusj.io.ResultFiles;
import org.defocusj.io.StackReader;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;

/** {@code defocusj depth}: one stack in, a depth map (and optional companions) out. */
@Command(name = "depth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Estimates a depth map from a focus stack and writes it as a 32-bit TIFF whose value unit is the "
                + "focus-distance unit (ImageJ shows it).",
            "Focus distances come from --focus, else --focus-file, else a sidecar beside the stack "
                + "(NAME.focus.txt, or focus.txt inside a folder), else the ImageJ z-calibration, else slice "
                + "labels 'focus=<d> <unit>'. With --focus index, depth is a fractional slice index (unit "
                + "'slice'): relative, not metric.",
            "Exit code 0 on success, 2 for bad input (the message names the file or option), 1 otherwise. "
                + "Outputs appear only when all of them were written."})
final class DepthCommand implements Callable<Integer>, DeclaresOptions {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STACK",
            description = "Multi-page TIFF / ImageJ hyperstack (focus axis Z, or T when Z is 1); a CZI, ND2, LIF, "
                    + "LSM, OIB/OIF, IMS, VSI or OME-TIFF file when Bio-Formats is on the class path (as in Fiji); or "
                    + "a folder of PNG/JPEG/TIFF images taken in natural name order.")
    Path stackPath;

    private final EstimationOptions estimation = new EstimationOptions();
    private final DeclaredOptions alignedOutput = new DeclaredOptions(List.of(AlignSettings.ALIGNED));

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE",
            description = "Depth map to write (32-bit TIFF).")
    Path out;

    @Option(names = "--confidence", paramLabel = "FILE",
            description = "Also write the confidence map (32-bit TIFF, 0..1).")
    Path confidence;

    @Option(names = "--all-in-focus", paramLabel = "FILE",
            description = "Also write the all-in-focus composite (TIFF in the stack's bit depth).")
    Path allInFocus;

    @Option(names = "--png", paramLabel = "FILE",
            description = "Also write a colourised depth PNG with a colour bar and unit.")
    Path png;

    @Option(names = "--quiet", description = "No progress or summary output (warnings about the input still go "
            + "to stderr).")
    boolean quiet;

    @Override
    public void declareOptions(CommandSpec command) {
        estimation.addTo(command);
        alignedOutput.addTo(command);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        MethodSetup setup = estimation.method().withOutputs(confidence != null, allInFocus != null);
        FocusSource source = estimation.focusSource();
        FocalLength focalLength = estimation.focalLength();
        ResultFiles files = new ResultFiles(out, confidence, allInFocus, png);
        Path aligned = alignedOutput.values().get(AlignSettings.ALIGNED);
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            StackReader.registerInputs(outputs, stackPath, source, focalLength);
            outputs.inputs(setup.settings().inputFiles());
            files.reserve(outputs);
            Path alignedTemp = aligned == null ? null : outputs.reserve(aligned, AlignSettings.ALIGNED.id());
            // The stack first: whether the method has all it needs (e.g. a focal length from EXIF) shows only there.
            FocusStack stack = StackReader.read(stackPath, source).withFocalLength(focalLength);
            setup.checkStack(stack);
            stack.notes().forEach(n -> err.println("defocusj depth: note: "
                    + BadInputException.render(n, ParameterNaming.OPTIONS)));
            DepthEstimator estimator;
            DepthResult result;
            try (DepthSession session = setup.open()) {
                estimator = session.estimator();
                result = estimator.estimate(stack,
                        quiet ? null : new TerminalProgress(err, System.console() != null));
            }
            String alignWarning = Alignment.warning(result.properties());
            if (alignWarning != null) {
                err.println("defocusj depth: warning: " + BadInputException.render(alignWarning,
                        ParameterNaming.OPTIONS));
            }
            if (!quiet) {
                Alignment.report(result.properties()).forEach(l -> err.println("defocusj depth: " + l));
            }
            err.flush();
            files.write(result, stack);
            if (alignedTemp != null) {
                // The stack as the method saw it: warped when it was aligned, as read otherwise.
                AlignedStackFile.write(AligningSession.seenBy(estimator, stack), ResultFiles.provenance(result, stack),
                        alignedTemp);
            }
            outputs.commit();
            // A warning, not progress: --quiet keeps it, since the depth map has holes or masked windows.
            String nonFinite = result.properties().get(DepthResult.NON_FINITE_PIXELS);
            if (nonFinite != null) {
                err.println("defocusj depth: warning: " + stack.name() + ": " + nonFinite + " pixel values are NaN "
                        + "or infinite; they were left out of the estimate (recorded as "
                        + DepthResult.NON_FINITE_PIXELS + " in the outputs' info)");
                err.flush();
            }
            if (!quiet) {
                stdout.printf(Locale.ROOT, "%s: %d x %d, %d slices, focus %s%s%n", stack.name(), stack.width(),
                        stack.height(), stack.slices(), stack.focus(),
                        stack.unit().isRelative() ? " (relative depth: fractional slice index)" : "");
                for (Path p : outputs.targets()) {
                    stdout.println("wrote " + p);
                }
            }
        }
        return 0;
    }
}
