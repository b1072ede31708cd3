package org.defocusj.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.BadInputException;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.DepthMetrics;
import org.defocusj.eval.EvaluationReport;
import org.defocusj.eval.EvaluationSet;
import org.defocusj.eval.FilePairing;
import org.defocusj.eval.ImageEvaluation;
import org.defocusj.io.AtomicOutputs;

/** {@code defocusj evaluate}: depth metrics of predictions against ground truth, one pair or two folders. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Compares predicted depth with ground truth and prints the field's metrics (as FOSSA reports them): "
                + "d1_05, d1_15, d1, d2, d3 (fraction with max(p/t, t/p) < 1.05, 1.15, 1.25, 1.25^2, 1.25^3), "
                + "abs_rel, sq_rel, mse, rmse, rmse_log, log10, silog and the scale-invariant boundary F1.",
            "Pixels count where the ground truth is finite and within [--min-depth, --max-depth] and --mask is "
                + "nonzero; the prediction must be finite and > 0 there (else exit 2, or see --ignore-invalid-pred).",
            "With folders, each prediction NAME.tif|.npy is paired with NAME.npy|.tif, NAME/depth.* or "
                + "NAME/gt/depth.* in the --gt folder; per-image rows and the mean of the per-image figures are "
                + "printed.",
            "Exit code 0 on success, 2 for bad input (the message names the file or option), 1 otherwise. "
                + "--json is written only when the whole evaluation succeeded."})
final class EvaluateCommand implements Callable<Integer>, DeclaresOptions {

    private final DeclaredOptions evaluation = new DeclaredOptions(DepthEvaluator.PARAMETERS);

    @Spec
    CommandSpec spec;

    @Option(names = "--pred", required = true, paramLabel = "FILE|DIR",
            description = "Predicted depth: a 32-bit TIFF or a .npy (2-D, or 3-D with one axis of size 1; float32 "
                    + "or float64, C or Fortran order), or a folder of them.")
    Path pred;

    @Option(names = "--gt", required = true, paramLabel = "FILE|DIR",
            description = "Ground-truth depth, same formats and size as --pred; a folder when --pred is one.")
    Path gt;

    @Option(names = "--mask", paramLabel = "FILE|DIR",
            description = "Optional validity mask (TIFF/PNG/.npy, nonzero = valid): one file for every image, or "
                    + "a folder paired by name like --gt (NAME.*, NAME/mask.*).")
    Path mask;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the metrics as JSON: the metric keys plus valid_pixels; for folders "
                    + "{count, mean, images: [{name, pred, gt, metrics}]}.")
    Path json;

    @Override
    public void declareOptions(CommandSpec command) {
        evaluation.addTo(command);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DepthEvaluator evaluator = DepthEvaluator.from(evaluation.values());
        if (!Files.exists(pred)) {
            throw new BadInputException("--pred: " + pred + ": no such file or folder (expected a 32-bit TIFF or "
                    + ".npy depth map, or a folder of them)");
        }
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            outputs.input(pred, "pred").input(gt, "gt").input(mask, "mask");
            Path jsonTemp = json == null ? null : outputs.reserve(json, "json");
            JsonObject result = Files.isDirectory(pred) ? folders(evaluator, out, err) : single(evaluator, out);
            if (jsonTemp != null) {
                EvaluationReport.write(result, jsonTemp);
                outputs.commit();
                out.println("wrote " + json.toAbsolutePath());
            }
        }
        return 0;
    }

    private JsonObject single(DepthEvaluator evaluator, PrintWriter out) {
        if (Files.isDirectory(gt)) {
            throw new BadInputException("--gt: " + gt + " is a folder but --pred " + pred + " is a file (expected "
                    + "a ground-truth file, or folders for both)");
        }
        String name = pred.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        ImageEvaluation e = evaluator.evaluate(name, pred, gt, mask);
        EvaluationReport.table(e, evaluator.space()).forEach(out::println);
        return EvaluationReport.json(e.metrics());
    }

    private JsonObject folders(DepthEvaluator evaluator, PrintWriter out, PrintWriter err) {
        FilePairing pairing = FilePairing.of(pred, gt, mask);
        List<FilePairing.Pair> pairs = pairing.pairs();
        int nameWidth = "mean".length();
        for (FilePairing.Pair p : pairs) {
            nameWidth = Math.max(nameWidth, p.name().length());
        }
        out.println("space: " + EvaluationReport.describe(evaluator.space()) + "; " + pairs.size() + " image(s)");
        String header = EvaluationReport.header(nameWidth);
        out.println(header);
        EvaluationSet set = new EvaluationSet();
        for (FilePairing.Pair p : pairs) {
            ImageEvaluation e = evaluator.evaluate(p.name(), p.prediction(), p.groundTruth(), p.mask());
            set.add(e);
            // Rows appear as images finish, so a long run shows its progress.
            out.println(EvaluationReport.row(p.name(), e.metrics(), nameWidth));
            out.flush();
        }
        DepthMetrics mean = set.mean();
        out.println("-".repeat(header.length()));
        out.println(EvaluationReport.row("mean", mean, nameWidth));
        long excluded = set.images().stream().mapToLong(ImageEvaluation::excludedPredictions).sum();
        if (excluded > 0) {
            out.println("excluded " + excluded + " pixel(s) with an invalid prediction (--ignore-invalid-pred)");
        }
        List<String> unmatched = pairing.unmatchedGroundTruth();
        if (!unmatched.isEmpty()) {
            err.println("defocusj evaluate: note: " + unmatched.size() + (unmatched.size() == 1
                    ? " ground-truth entry in " + gt + " has" : " ground-truth entries in " + gt + " have")
                    + " no prediction (first: " + unmatched.get(0) + "); they are not in the mean");
        }
        return EvaluationReport.json(set);
    }
}
