package org.defocusj.command;

import java.io.File;
import java.util.List;
import java.util.concurrent.CancellationException;

import ij.measure.ResultsTable;

import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.batch.BatchJob;
import org.defocusj.batch.FolderBatch.BatchReport;
import org.defocusj.batch.FolderBatch;
import org.defocusj.batch.LocalBatchEngine;
import org.defocusj.batch.StackOutcome;
import org.defocusj.align.AlignSettings;
import org.defocusj.depth.DepthMethods;
import org.defocusj.depth.MethodSetup;
import org.defocusj.depth.ProgressListener;
import org.defocusj.eval.ImageEvaluation;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;

/**
 * Every stack of a folder to depth maps on disk, as {@code defocusj batch} does (same per-stack function, same
 * output layout, resumable): multi-page TIFFs and subfolders of images. One row per stack goes to the table
 * "DefocusJ Batch" (status, time, reason, and the main metrics when a ground-truth folder is given).
 * Cancelling stops after the stacks being processed; a rerun resumes.
 */
@Plugin(type = Command.class, label = "Batch Process Folder", headless = true,
        description = "Depth maps for every focus stack in a folder, written to an output folder (resumable)")
public final class BatchProcessFolderCommand extends DefocusCommand {

    /** The results table that receives one row per stack. */
    public static final String TABLE = "DefocusJ Batch";

    /* The method's parameters are every registered method's, each once. */
    private static final List<Object> LAYOUT = slots("input", "output", DepthMethods.parameter(), FocusSource.FOCUS,
            FocusSource.UNIT, AlignSettings.PARAMETERS, DepthMethods.allParameters(), FocalLength.PARAMETERS,
            "groundTruth", "jobs", BatchJob.STACK_TIMEOUT, BatchJob.SURFACE_PARAMETERS, AlignSettings.ALIGNED_OUTPUT);

    @Parameter(label = "Input folder", style = "directory", persist = false,
            description = "Folder of focus stacks: multi-page .tif/.tiff files, and subfolders of images")
    File input;

    @Parameter(label = "Output folder", style = "directory", persist = false,
            description = "Where OUT/NAME/depth.tif, confidence.tif, all-in-focus.tif, depth.png, done.json go",
            attrs = @Attr(name = PARAMETER_ID, value = "out"))
    File output;

    @Parameter(label = "Ground truth folder", style = "directory", required = false, persist = false,
            description = "Optional: GT_DIR/NAME.tif|.npy per stack; adds metrics and OUT/summary.csv|json",
            attrs = @Attr(name = PARAMETER_ID, value = "gt"))
    File groundTruth;

    @Parameter(label = "Parallel stacks", persist = false, min = "1",
            description = "Stacks processed at once (each gets processors / this many threads)",
            attrs = @Attr(name = PARAMETER_ID, value = "jobs"))
    int jobs = 1;

    private BatchReport report;
    private ResultsTable table;

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected void perform(ProgressListener progress) {
        report = null;
        table = null;
        if (input == null) {
            throw new BadInputException("Input folder: none given (expected a folder of focus stacks)");
        }
        if (output == null) {
            throw BadInputException.forParameter("out", "no folder given (expected a folder for the depth maps)");
        }
        ParameterValues v = values();
        FocusSource source = FocusSource.parse(v);
        FocalLength f = FocalLength.choose(v);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, jobs));
        MethodSetup method = MethodSetup.of(v).withThreads(threads);
        method.checkStackOptions(source, f);
        BatchJob job = new BatchJob(output.toPath(), groundTruth == null ? null : groundTruth.toPath(), source, f,
                method, getClass().getPackage().getImplementationVersion())
                .withStackTimeout(v.get(BatchJob.STACK_TIMEOUT))
                .withSurfaceParameters(v.get(BatchJob.SURFACE_PARAMETERS))
                .withAlignedOutput(v.get(AlignSettings.ALIGNED_OUTPUT));
        try {
            report = FolderBatch.run(input.toPath(), job, new LocalBatchEngine(), jobs, null, (o, done, total) -> {
                progress.progress(done, total, "batch: " + o.name() + " " + o.status().toString().toLowerCase());
                if (progress.isCancelled()) {
                    throw new CancellationException();
                }
            });
        } catch (BadInputException | CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException();
        } catch (Exception e) {
            throw new IllegalStateException("batch of " + input + " failed: " + e, e);
        }
        table = table(report);
    }

    private static ResultsTable table(BatchReport report) {
        ResultsTable existing = ResultsTable.getResultsTable(TABLE);
        ResultsTable rt = existing != null ? existing : new ResultsTable();
        for (StackOutcome o : report.outcomes()) {
            rt.incrementCounter();
            rt.addValue("stack", o.name());
            rt.addValue("status", o.status().toString().toLowerCase());
            rt.addValue("seconds", o.seconds());
            for (ImageEvaluation e : report.metrics().images()) {
                if (e.name().equals(o.name())) {
                    for (String key : new String[] {"abs_rel", "rmse", "d1"}) {
                        rt.addValue(key, e.metrics().get(key));
                    }
                }
            }
            rt.addValue("reason", o.reason() == null ? "" : o.reason());
        }
        rt.show(TABLE);
        return rt;
    }

    /** The table the last successful run added its rows to; null before. */
    public ResultsTable table() {
        return table;
    }

    /** The report of the last successful run; null before. */
    public BatchReport report() {
        return report;
    }
}
