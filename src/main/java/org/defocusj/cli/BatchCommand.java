package org.defocusj.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.ResultFiles;
import org.defocusj.dff.DffParameters;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.EvaluationReport;
import org.defocusj.eval.EvaluationSet;
import org.defocusj.eval.ImageEvaluation;
import org.defocusj.fossa.FossaModel;
import org.defocusj.stack.AtomicOutputs;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.NaturalOrder;
import org.defocusj.stack.StackReader;

/** {@code defocusj batch}: every stack of a folder to a depth map, resumable, optionally evaluated. */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Estimates depth for every stack in INPUT: each multi-page .tif/.tiff file directly in INPUT and each "
                + "subfolder holding images (a folder stack), in natural name order.",
            "For stack NAME it writes OUT/NAME/depth.tif, confidence.tif, all-in-focus.tif and depth.png, then "
                + "OUT/NAME/done.json (timings, provenance, metrics). Stacks with a done.json are skipped, so a "
                + "rerun resumes; unfinished ones are redone.",
            "A failing stack is reported and the batch goes on. Exit code 0 when no stack failed, 2 when only "
                + "bad input failed, 1 otherwise."})
final class BatchCommand implements Callable<Integer> {

    static final String DONE = "done.json";
    private static final String[] IMAGE_SUFFIXES = {".tif", ".tiff", ".png", ".jpg", ".jpeg"};
    private static final String[] GT_SUFFIXES = {".tif", ".tiff", ".npy"};

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Folder of stacks.")
    Path input;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT",
            description = "Output folder; one subfolder per stack.")
    Path out;

    @Mixin
    EstimatorOptions estimator = new EstimatorOptions();

    @Option(names = "--gt", paramLabel = "GT_DIR",
            description = "Ground truth paired by stack name (GT_DIR/NAME.tif|.tiff|.npy or GT_DIR/NAME/depth.*): "
                    + "metrics go into done.json and OUT/summary.csv + OUT/summary.json.")
    Path gt;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Stacks processed in parallel; each gets about processors/N estimator threads unless "
                    + "--threads is given. Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--quiet", description = "No progress lines (failures and the summary are still printed).")
    boolean quiet;

    private final Object progressLock = new Object();
    private int finishedCount;
    private long startNanos;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (jobs < 1) {
            throw new BadInputException("--jobs: " + jobs + " (expected at least 1)");
        }
        if (!Files.isDirectory(input)) {
            throw new BadInputException(input + ": not a folder (expected a folder of stacks)");
        }
        if (gt != null && !Files.isDirectory(gt)) {
            throw new BadInputException("--gt: " + gt + " is not a folder (expected a folder of ground-truth maps)");
        }
        boolean fossa = estimator.isFossa();
        estimator.checkOptics(fossa);
        FocusSource source = estimator.focusSource();
        int threads = estimator.threads() != null ? estimator.threads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / jobs);
        DffParameters dff = estimator.dffParameters(true).withThreads(threads);
        List<Path> stacks = findStacks(input);
        if (stacks.isEmpty()) {
            throw new BadInputException(input + ": no stacks found (expected multi-page .tif/.tiff files or "
                    + "subfolders of images)");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new BadInputException("--out: cannot create folder " + out + " (" + e.getMessage() + ")", e);
        }
        List<Outcome> outcomes = new ArrayList<>();
        startNanos = System.nanoTime();
        try (FossaModel network = fossa ? estimator.loadModel() : null) {
            ExecutorService pool = Executors.newFixedThreadPool(jobs);
            try {
                List<Future<Outcome>> futures = new ArrayList<>();
                for (Path stack : stacks) {
                    futures.add(pool.submit(() -> process(stack, source, dff, network, stacks.size(), err)));
                }
                for (Future<Outcome> f : futures) {
                    try {
                        outcomes.add(f.get());
                    } catch (ExecutionException e) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        if (gt != null) {
            writeSummary(outcomes, err);
        }
        return report(outcomes, err);
    }

    /** Stack files and folders directly in {@code dir}, in natural name order. */
    static List<Path> findStacks(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isDirectory(p) ? holdsImages(p) : isTiff(p))
                    .sorted((a, b) -> NaturalOrder.compare(a.getFileName().toString(), b.getFileName().toString()))
                    .collect(Collectors.toList());
        }
    }

    private static boolean isTiff(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".tif") || n.endsWith(".tiff"));
    }

    private static boolean holdsImages(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> Files.isRegularFile(p) && hasSuffix(p, IMAGE_SUFFIXES));
        } catch (IOException e) {
            return true; // let reading report why
        }
    }

    private static boolean hasSuffix(Path p, String[] suffixes) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String s : suffixes) {
            if (n.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    static String stackName(Path stack) {
        String n = stack.getFileName().toString();
        if (!Files.isDirectory(stack)) {
            int dot = n.lastIndexOf('.');
            if (dot > 0) {
                n = n.substring(0, dot);
            }
        }
        return n;
    }

    /** GT_DIR/NAME.tif|.tiff|.npy, else GT_DIR/NAME/depth.*; null if none. */
    static Path groundTruthFor(Path gtDir, String name) {
        for (String s : GT_SUFFIXES) {
            Path p = gtDir.resolve(name + s);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        for (String s : GT_SUFFIXES) {
            Path p = gtDir.resolve(name).resolve("depth" + s);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private Outcome process(Path stackPath, FocusSource source, DffParameters dff, FossaModel network, int total,
            PrintWriter err) {
        String name = stackName(stackPath);
        Path dir = out.resolve(name);
        Outcome o = new Outcome(name, dir);
        if (Files.isRegularFile(dir.resolve(DONE))) {
            o.status = Status.SKIPPED;
            progress(o, total, err, 0);
            return o;
        }
        long t0 = System.nanoTime();
        try {
            run(stackPath, source, dff, network, o);
            o.status = Status.DONE;
        } catch (BadInputException e) {
            o.status = Status.FAILED;
            o.badInput = true;
            o.reason = e.getMessage();
        } catch (Exception | LinkageError | OutOfMemoryError | AssertionError e) {
            o.status = Status.FAILED;
            o.reason = e.toString();
        }
        if (o.status == Status.FAILED) {
            synchronized (progressLock) {
                err.println("defocusj batch: " + name + ": " + (o.badInput ? "error: " : "failed: ")
                        + oneLine(o.reason));
                err.flush();
            }
        }
        progress(o, total, err, System.nanoTime() - t0);
        return o;
    }

    private void run(Path stackPath, FocusSource source, DffParameters dff, FossaModel network, Outcome o)
            throws IOException {
        Path truth = null;
        if (gt != null) {
            truth = groundTruthFor(gt, o.name);
            if (truth == null) {
                throw new BadInputException("--gt: no ground truth for stack " + o.name + " (expected " + gt
                        + "/" + o.name + ".tif|.tiff|.npy or " + gt + "/" + o.name + "/depth.*)");
            }
        }
        Files.createDirectories(o.dir);
        deleteLeftoverTemps(o.dir);
        ResultFiles files = new ResultFiles(o.dir.resolve("depth.tif"), o.dir.resolve("confidence.tif"),
                o.dir.resolve("all-in-focus.tif"), o.dir.resolve("depth.png"));
        JsonObject timings = new JsonObject();
        Map<String, String> provenance;
        FocusStack stack;
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            files.reserve(outputs);
            long t = System.nanoTime();
            stack = StackReader.read(stackPath, source);
            timings.addProperty("read_s", seconds(System.nanoTime() - t));
            t = System.nanoTime();
            DepthEstimator method = estimator.create(network, stack, dff, true);
            DepthResult result;
            if (network != null) {
                synchronized (network) { // one model instance, used by one stack at a time
                    result = method.estimate(stack, null);
                }
            } else {
                result = method.estimate(stack, null);
            }
            timings.addProperty("estimate_s", seconds(System.nanoTime() - t));
            t = System.nanoTime();
            files.write(result, stack);
            outputs.commit();
            timings.addProperty("write_s", seconds(System.nanoTime() - t));
            provenance = ResultFiles.provenance(result, stack);
        }
        JsonObject done = new JsonObject();
        done.addProperty("name", o.name);
        done.addProperty("source", stackPath.toAbsolutePath().toString());
        done.addProperty("version", Version.class.getPackage().getImplementationVersion());
        done.addProperty("size", stack.width() + " x " + stack.height() + " x " + stack.slices());
        JsonObject prov = new JsonObject();
        provenance.forEach(prov::addProperty);
        done.add("provenance", prov);
        done.add("timings", timings);
        JsonArray outs = new JsonArray();
        for (String f : new String[] {"depth.tif", "confidence.tif", "all-in-focus.tif", "depth.png"}) {
            outs.add(f);
        }
        done.add("outputs", outs);
        if (truth != null) {
            ImageEvaluation e = DepthEvaluator.defaults().evaluate(o.name, files.depth(), truth, null);
            done.addProperty("gt", truth.toAbsolutePath().toString());
            done.add("metrics", EvaluationReport.json(e.metrics()));
        }
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            EvaluationReport.write(done, outputs.reserve(o.dir.resolve(DONE), "--out"));
            outputs.commit();
        }
    }

    private static void deleteLeftoverTemps(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void progress(Outcome o, int total, PrintWriter err, long nanos) {
        synchronized (progressLock) {
            finishedCount++;
            if (quiet) {
                return;
            }
            double elapsed = seconds(System.nanoTime() - startNanos);
            double rate = elapsed > 0 ? finishedCount / elapsed : 0;
            double eta = rate > 0 ? (total - finishedCount) / rate : 0;
            String what = o.status == Status.SKIPPED ? "skipped (finished)"
                    : o.status == Status.DONE ? String.format(Locale.ROOT, "done in %.1f s", seconds(nanos))
                    : "FAILED";
            err.printf(Locale.ROOT, "[%d/%d] %s: %s (%.2f stacks/s, ETA %.0f s)%n", finishedCount, total, o.name,
                    what, rate, eta);
            err.flush();
        }
    }

    /** Evaluates every finished stack (new or skipped) and writes OUT/summary.csv and OUT/summary.json. */
    private void writeSummary(List<Outcome> outcomes, PrintWriter err) throws IOException {
        EvaluationSet set = new EvaluationSet();
        DepthEvaluator evaluator = DepthEvaluator.defaults();
        for (Outcome o : outcomes) {
            if (o.status == Status.FAILED) {
                continue;
            }
            Path truth = groundTruthFor(gt, o.name);
            if (truth == null) {
                o.status = Status.FAILED;
                o.badInput = true;
                o.reason = "--gt: no ground truth for finished stack " + o.name;
                continue;
            }
            try {
                set.add(evaluator.evaluate(o.name, o.dir.resolve("depth.tif"), truth, null));
            } catch (BadInputException e) {
                o.status = Status.FAILED;
                o.badInput = true;
                o.reason = e.getMessage();
            }
        }
        if (set.size() == 0) {
            err.println("defocusj batch: no finished stack to summarise; summary.csv/json not written");
            return;
        }
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            Path csv = outputs.reserve(out.resolve("summary.csv"), "--out");
            Path json = outputs.reserve(out.resolve("summary.json"), "--out");
            EvaluationReport.writeCsv(set, csv);
            EvaluationReport.write(EvaluationReport.json(set), json);
            outputs.commit();
        }
    }

    private int report(List<Outcome> outcomes, PrintWriter err) {
        long done = outcomes.stream().filter(o -> o.status == Status.DONE).count();
        long skipped = outcomes.stream().filter(o -> o.status == Status.SKIPPED).count();
        List<Outcome> failed = outcomes.stream().filter(o -> o.status == Status.FAILED).collect(Collectors.toList());
        err.printf(Locale.ROOT, "defocusj batch: %d stack(s): %d done, %d skipped (finished), %d failed%n",
                outcomes.size(), done, skipped, failed.size());
        for (Outcome o : failed) {
            err.println("  failed " + o.name + ": " + oneLine(o.reason));
        }
        err.flush();
        if (failed.isEmpty()) {
            return 0;
        }
        return failed.stream().allMatch(o -> o.badInput) ? Main.EXIT_BAD_INPUT : Main.EXIT_FAILURE;
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*\\R\\s*", " ");
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private enum Status { DONE, SKIPPED, FAILED }

    private static final class Outcome {
        final String name;
        final Path dir;
        Status status;
        boolean badInput;
        String reason;

        Outcome(String name, Path dir) {
            this.name = name;
            this.dir = dir;
        }
    }
}
