package org.defocusj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthSession;
import org.defocusj.align.AlignModel;
import org.defocusj.depth.MethodSetup;
import org.defocusj.zedd.ZeddBenchmark;
import org.defocusj.zedd.ZeddLayout;
import org.defocusj.zedd.ZeddReport;
import org.defocusj.zedd.ZeddSplit;

/** {@code defocusj benchmark zedd}: the ZEDD benchmark, validation metrics or a test-server submission. */
@Command(name = "zedd", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs depth estimation over a split of ZEDD (the FOSSA paper's real-camera depth-from-defocus benchmark) "
                + "with the reference's preprocessing: the focus images of --focus-indices at --fnumber, focus "
                + "distances from ROOT/metadata.txt, images resized to height 480 (Lanczos, K scaled) and "
                + "centre-cropped to width 640 for val; the test split at its full 1216 x 1824.",
            "val: prints per-scene and mean metrics (AbsRel, SqRel, RMSE, RMSElog, log10, SILog, delta "
                + "thresholds, boundary F1; valid ground truth 0.01..1000 m) and the authors' figures.",
            "test: writes the test server's zip (--submission): zedd_output_0001.npy .. 0050.npy, float32 "
                + "1216 x 1824 depth in metres, scenes in name order. Needs exactly 50 test scenes.",
            "Exit code 0 on success, 2 for bad input (the message names the file or option), 1 otherwise. No "
                + "output file appears unless the whole run succeeded."})
final class ZeddCommand implements Callable<Integer>, DeclaresOptions {

    @Spec
    CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "ZEDD",
            description = "The ZEDD folder: metadata.txt, val/<scene>/..., test/<scene>/...")
    Path root;

    @Option(names = "--split", paramLabel = "val|test", defaultValue = "val",
            description = "Split to run. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--fnumber", paramLabel = "N", defaultValue = "2.8",
            description = "Aperture of the focus images (file names ..._aperture_F<N>.jpg). Default: ${DEFAULT-VALUE}.")
    double fNumber;

    @Option(names = "--focus-indices", paramLabel = "K,K,...", defaultValue = "0,2,4,6,8",
            description = "0-based focus indices (index k is run_<k+1> of metadata.txt). Default: ${DEFAULT-VALUE}.")
    String focusIndices;

    /* ZEDD's stacks were aligned by its authors: alignment stays off unless asked for. */
    private final MethodOptions method = new MethodOptions(AlignModel.OFF);

    @Option(names = "--submission", paramLabel = "OUT.zip",
            description = "test split: the test server's zip to write.")
    Path submission;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write each scene's depth map (DIR/<scene>.npy, float32 metres, at the evaluated "
                    + "size) and, for val, DIR/metrics.csv and DIR/metrics.json.")
    Path out;

    @Option(names = "--test-height", paramLabel = "H", defaultValue = "1216",
            description = "test split: height to process at (width cropped at 3:2); the prediction is resized "
                    + "bilinearly to 1216 x 1824. 1216 is the reference's full resolution; smaller is faster "
                    + "for depth from focus (FOSSA itself works at 518 on the short side). Default: ${DEFAULT-VALUE}.")
    int testHeight;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Override
    public void declareOptions(CommandSpec command) {
        method.addTo(command);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZeddBenchmark.Settings settings = new ZeddBenchmark.Settings()
                .split(ZeddSplit.parse(split))
                .fNumber(fNumber)
                .focusIndices(parseIndices(focusIndices))
                .workHeight(testHeight)
                .submission(submission)
                .outDir(out);
        // Each scene's focal length comes from its own K, and only depth is evaluated.
        MethodSetup setup = method.setup().withOutputs(false, false);
        settings.methodFiles(setup.settings().inputFiles());
        ZeddLayout layout = ZeddLayout.open(root);
        String description;
        ZeddBenchmark.Result result;
        try (DepthSession session = setup.open()) {
            description = "method " + session.describe();
            result = new ZeddBenchmark(layout, settings, session, quiet ? null : err).run();
        }
        ZeddReport.summary(settings, result, description).forEach(stdout::println);
        stdout.flush();
        return 0;
    }

    static int[] parseIndices(String text) {
        String[] parts = text.trim().split("[,\\s]+");
        int[] k = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                k[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new BadInputException("--focus-indices: '" + parts[i] + "' is not an integer (expected "
                        + "0-based indices such as 0,2,4,6,8)");
            }
        }
        return k;
    }
}
