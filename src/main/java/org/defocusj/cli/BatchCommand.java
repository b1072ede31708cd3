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

import org.defocusj.align.AlignSettings;
import org.defocusj.batch.BatchEngine;
import org.defocusj.batch.BatchEngines;
import org.defocusj.batch.BatchJob;
import org.defocusj.batch.FolderBatch.BatchReport;
import org.defocusj.batch.FolderBatch;
import org.defocusj.batch.LocalBatchEngine;
import org.defocusj.batch.StackOutcome;

/** {@code defocusj batch}: every stack of a folder to a depth map, resumable, optionally evaluated. */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Estimates depth for every stack in INPUT: each multi-page .tif/.tiff file directly in INPUT and each "
                + "subfolder holding images (a folder stack), in natural name order.",
            "For stack NAME it writes OUT/NAME/depth.tif, confidence.tif, all-in-focus.tif and depth.png, then "
                + "OUT/NAME/done.json (timings, provenance, metrics). Stacks with a done.json are skipped, so a "
                + "rerun resumes; unfinished ones are redone.",
            "A failing stack is reported and the batch goes on; so is a stack still running after --stack-timeout. "
                + "OUT is locked while the batch runs (OUT/.defocusj.lock): a second batch on it stops with exit "
                + "code 2. Exit code 0 when no stack failed, 2 when only bad input failed, 1 otherwise."})
final class BatchCommand implements Callable<Integer>, DeclaresOptions {

    static final String DONE = BatchJob.DONE;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Folder of stacks.")
    Path input;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT",
            description = "Output folder; one subfolder per stack.")
    Path out;

    private final EstimationOptions estimation = new EstimationOptions();
    private final DeclaredOptions batchOptions = new DeclaredOptions(List.of(BatchJob.STACK_TIMEOUT,
            BatchJob.SURFACE_PARAMETERS, AlignSettings.ALIGNED_OUTPUT));

    @Option(names = "--gt", paramLabel = "GT_DIR",
            description = "Ground truth paired by stack name (GT_DIR/NAME.tif|.tiff|.npy or GT_DIR/NAME/depth.*): "
                    + "metrics go into done.json and OUT/summary.csv + OUT/summary.json.")
    Path gt;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Stacks processed in parallel; each gets about processors/N estimator threads unless "
                    + "--threads is given. With --engine spark: N is the default master's, local[N], and each "
                    + "stack gets spark.task.cpus threads. Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = LocalBatchEngine.NAME,
            description = "Who schedules the stacks: local (threads of this process) or spark (Apache Spark; needs "
                    + "the Spark jars, see the README). Outputs are the same. Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] or spark://host:7077. Default: Spark's own (spark-submit "
                    + "sets it), else local[N] with N = --jobs.")
    String master;

    @Option(names = "--quiet", description = "No progress output (failures and the summary are still printed).")
    boolean quiet;

    @Override
    public void declareOptions(CommandSpec command) {
        estimation.addTo(command);
        batchOptions.addTo(command);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        BatchEngine scheduler = BatchEngines.find(engine);
        int threads = estimation.threads() != null ? estimation.threads() : scheduler.threadsPerStack(jobs);
        BatchJob job = new BatchJob(out, gt, estimation.focusSource(), estimation.focalLength(), estimation.method(),
                Version.class.getPackage().getImplementationVersion()).withThreads(threads)
                .withStackTimeout(batchOptions.values().get(BatchJob.STACK_TIMEOUT))
                .withSurfaceParameters(batchOptions.values().get(BatchJob.SURFACE_PARAMETERS))
                .withAlignedOutput(batchOptions.values().get(AlignSettings.ALIGNED_OUTPUT));
        BatchProgress progress = new BatchProgress(err, quiet ? BatchProgress.Style.FAILURES_ONLY
                : System.console() != null ? BatchProgress.Style.BAR : BatchProgress.Style.LINES,
                Main.debug(spec));
        BatchReport report = FolderBatch.run(input, job, scheduler, jobs, master, progress);
        progress.close();
        if (report.note() != null) {
            err.println("defocusj batch: " + report.note());
        }
        err.printf(Locale.ROOT, "defocusj batch: %d stack(s): %d done, %d skipped (finished), %d failed%n",
                report.outcomes().size(), report.count(StackOutcome.Status.DONE),
                report.count(StackOutcome.Status.SKIPPED), report.count(StackOutcome.Status.FAILED));
        for (StackOutcome o : report.failures()) {
            err.println("  failed " + o.name() + ": " + o.reason());
        }
        err.flush();
        if (report.failures().isEmpty()) {
            return 0;
        }
        return report.onlyBadInputFailed() ? Main.EXIT_BAD_INPUT : Main.EXIT_FAILURE;
    }
}
