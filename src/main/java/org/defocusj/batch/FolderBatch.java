package org.defocusj.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.gson.JsonObject;

import org.defocusj.BadInputException;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.EvaluationReport;
import org.defocusj.eval.EvaluationSet;
import org.defocusj.io.AtomicOutputs;

/**
 * A whole folder batch, whatever engine schedules it: checks the folders, finds the stacks, runs them and, with
 * ground truth or surface parameters, writes OUT/summary.csv and OUT/summary.json over every finished stack (new
 * or from an earlier run). GUI-free; the CLI and the Fiji command are front ends of it.
 */
public final class FolderBatch {

    private FolderBatch() {
    }

    /**
     * Checks INPUT, GT and OUT and lists the stacks; bad folders, and two stacks that would share an output
     * folder, fail here, before any work. OUT may not be INPUT or GT, nor inside either.
     */
    public static List<Path> prepare(Path input, BatchJob job) throws IOException {
        if (!Files.isDirectory(input)) {
            throw new BadInputException(input + ": not a folder (expected a folder of stacks)");
        }
        Path gt = job.groundTruth();
        if (gt != null && !Files.isDirectory(gt)) {
            throw BadInputException.forParameter("gt", gt + " is not a folder (expected a folder of ground-truth maps)");
        }
        List<Path> stacks = BatchJob.findStacks(input);
        if (stacks.isEmpty()) {
            throw new BadInputException(input + ": no stacks found (expected multi-page .tif/.tiff files or "
                    + "subfolders of images)");
        }
        // Keyed without case: x.tif and X.TIF write to one folder where names ignore case (macOS, Windows),
        // and an output folder may be on such a file system even when the input is not.
        Map<String, Path> byName = new HashMap<>();
        for (Path s : stacks) {
            String name = BatchJob.stackName(s);
            Path other = byName.putIfAbsent(name.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), s);
            if (other != null) {
                String otherName = BatchJob.stackName(other);
                String where = otherName.equals(name) ? String.valueOf(job.outputFolder(name))
                        : job.outputFolder(otherName) + " and " + job.outputFolder(name) + ", one folder where file "
                                + "names ignore case (macOS, Windows)";
                throw new BadInputException(other + " and " + s + ": both stacks would be written to " + where
                        + " (expected one stack per name: rename or move one of them)");
            }
        }
        new AtomicOutputs().input(input, null).input(gt, "gt").folder(job.out(), "out");
        return stacks;
    }

    /** Runs every stack of {@code input} with {@code engine} and summarises; failures are in the report. */
    public static BatchReport run(Path input, BatchJob job, BatchEngine engine, int parallelism, String master,
            BatchListener listener) throws Exception {
        if (parallelism < 1) {
            throw BadInputException.forParameter("jobs", parallelism + " (expected at least 1)");
        }
        List<Path> stacks = prepare(input, job);
        List<String> names = stacks.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.toList());
        try (OutputLock lock = OutputLock.acquire(job.out())) {
            List<StackOutcome> outcomes = engine.run(job, names, parallelism, master, listener);
            EvaluationSet metrics = new EvaluationSet();
            String note = job.groundTruth() != null || job.surfaceParameters() ? writeSummary(job, outcomes, metrics)
                    : null;
            return new BatchReport(outcomes, metrics, note);
        }
    }

    /**
     * Evaluates every finished stack against its ground truth into {@code set} and writes the summaries
     * atomically; returns a note when nothing could be summarised, else null. A finished stack without ground
     * truth becomes a failure.
     */
    static String writeSummary(BatchJob job, List<StackOutcome> outcomes, EvaluationSet set) throws IOException {
        DepthEvaluator evaluator = DepthEvaluator.defaults();
        for (StackOutcome o : outcomes) {
            if (o.status() == StackOutcome.Status.FAILED || job.groundTruth() == null) {
                continue;
            }
            Path truth = BatchJob.groundTruthFor(job.groundTruth(), o.name());
            if (truth == null) {
                o.fail(true, BadInputException.forParameter("gt", "no ground truth for finished stack " + o.name()).getMessage(),
                        o.seconds());
                continue;
            }
            try {
                set.add(evaluator.evaluate(o.name(), job.outputFolder(o.name()).resolve(BatchJob.OUTPUTS.get(0)),
                        truth, null));
            } catch (BadInputException e) {
                o.fail(true, e.getMessage(), o.seconds());
            }
        }
        // Surface columns for the stacks the summary lists: the evaluated ones, or every finished one.
        List<String> names = new ArrayList<>();
        Map<String, JsonObject> surface = new HashMap<>();
        if (job.surfaceParameters()) {
            for (StackOutcome o : outcomes) {
                boolean listed = job.groundTruth() == null ? o.status() != StackOutcome.Status.FAILED
                        : set.images().stream().anyMatch(e -> e.name().equals(o.name()));
                if (!listed) {
                    continue;
                }
                try {
                    surface.put(o.name(), SurfaceColumns.of(job.outputFolder(o.name())));
                    names.add(o.name());
                } catch (BadInputException e) {
                    o.fail(true, e.getMessage(), o.seconds());
                }
            }
        }
        boolean evaluated = job.groundTruth() != null;
        if (evaluated ? set.size() == 0 : names.isEmpty()) {
            return "no finished stack to summarise; summary.csv/json not written";
        }
        if (evaluated && job.surfaceParameters()) {
            // A stack the surface measurement failed for leaves the evaluated ones; the rows must pair up.
            names.clear();
            set.images().forEach(e -> names.add(e.name()));
            names.removeIf(n -> !surface.containsKey(n));
            if (names.size() != set.size()) {
                EvaluationSet kept = new EvaluationSet();
                set.images().stream().filter(e -> surface.containsKey(e.name())).forEach(kept::add);
                set = kept;
            }
        }
        try (AtomicOutputs outputs = new AtomicOutputs().input(job.groundTruth(), "gt")) {
            Path csv = outputs.reserve(job.out().resolve("summary.csv"), "out");
            Path json = outputs.reserve(job.out().resolve("summary.json"), "out");
            List<String> evaluatedLines = null;
            JsonObject summary = evaluated ? EvaluationReport.json(set) : new JsonObject();
            if (evaluated) {
                EvaluationReport.writeCsv(set, csv);
                evaluatedLines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            }
            if (job.surfaceParameters()) {
                Files.write(csv, SurfaceColumns.summary(evaluatedLines, names, surface), StandardCharsets.UTF_8);
                SurfaceColumns.addToJson(summary, names, surface);
            }
            EvaluationReport.write(summary, json);
            outputs.commit();
        }
        return null;
    }

    /** The outcomes of a batch, in stack order. */
    public static final class BatchReport {
        private final List<StackOutcome> outcomes;
        private final EvaluationSet metrics;
        private final String note;

        BatchReport(List<StackOutcome> outcomes, EvaluationSet metrics, String note) {
            this.outcomes = List.copyOf(outcomes);
            this.metrics = metrics;
            this.note = note;
        }

        /** The metrics of every finished stack, when the batch had ground truth (else empty). */
        public EvaluationSet metrics() {
            return metrics;
        }

        public List<StackOutcome> outcomes() {
            return outcomes;
        }

        public long count(StackOutcome.Status s) {
            return outcomes.stream().filter(o -> o.status() == s).count();
        }

        public List<StackOutcome> failures() {
            return outcomes.stream().filter(o -> o.status() == StackOutcome.Status.FAILED)
                    .collect(Collectors.toCollection(ArrayList::new));
        }

        /** True when some stack failed and every failure was bad input. */
        public boolean onlyBadInputFailed() {
            List<StackOutcome> f = failures();
            return !f.isEmpty() && f.stream().allMatch(StackOutcome::badInput);
        }

        /** A remark for the user (e.g. why no summary was written), or null. */
        public String note() {
            return note;
        }
    }
}
