package org.defocusj.command;

import java.io.File;
import java.util.concurrent.CancellationException;

import ij.measure.ResultsTable;

import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.batch.BatchJob;
import org.defocusj.batch.EstimatorSpec;
import org.defocusj.batch.FolderBatch;
import org.defocusj.batch.FolderBatch.BatchReport;
import org.defocusj.batch.LocalBatchEngine;
import org.defocusj.batch.StackOutcome;
import org.defocusj.depth.ProgressListener;
import org.defocusj.dff.AllInFocusMode;
import org.defocusj.dff.DffParameters;
import org.defocusj.dff.FocusMeasure;
import org.defocusj.eval.ImageEvaluation;
import org.defocusj.fossa.FossaModel;
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

    @Parameter(label = "Input folder", style = "directory", persist = false,
            description = "Folder of focus stacks: multi-page .tif/.tiff files, and subfolders of images")
    File input;

    @Parameter(label = "Output folder", style = "directory", persist = false,
            description = "Where OUT/NAME/depth.tif, confidence.tif, all-in-focus.tif, depth.png, done.json go",
            attrs = @Attr(name = ParameterNames.CLI, value = "--out"))
    File output;

    @Parameter(label = "Method", persist = false, choices = {"dff", "fossa"},
            description = "dff: classical depth from focus; fossa: the FOSSA network (needs metric focus distances "
                    + "and the focal length)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--method"))
    String method = "dff";

    @Parameter(label = "Focus distances", persist = false, description = "For every stack: 'auto' (each stack's "
            + "NAME.focus.txt or focus.txt, z-calibration or slice labels), 'index', or one comma-separated list",
            attrs = @Attr(name = ParameterNames.CLI, value = "--focus"))
    String focus = Inputs.AUTO;

    @Parameter(label = "Unit", persist = false, choices = {"m", "cm", "mm", "um", "nm"},
            description = "Unit of a typed list and of unit-less focus files",
            attrs = @Attr(name = ParameterNames.CLI, value = "--unit"))
    String unit = "m";

    @Parameter(label = "Focus measure", persist = false, choices = {"sml", "tenengrad", "variance"},
            description = "Depth from focus (and FOSSA's confidence): the focus measure",
            attrs = @Attr(name = ParameterNames.CLI, value = "--measure"))
    String measure = "sml";

    @Parameter(label = "Window", persist = false, min = "1", max = "255", stepSize = "2",
            description = "Odd side in pixels of the focus-measure window",
            attrs = @Attr(name = ParameterNames.CLI, value = "--window"))
    int window = 9;

    @Parameter(label = "Model", persist = false,
            description = "FOSSA: builtin:tiny, or the path of an exported TorchScript file",
            attrs = @Attr(name = ParameterNames.CLI, value = "--model"))
    String model = FossaModel.DEFAULT_MODEL;

    @Parameter(label = "Focal length px", persist = false, min = "0",
            description = "FOSSA: focal length in pixels (0 to give it in mm with the sensor width)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--focal-length-px"))
    double focalLengthPx = 0;

    @Parameter(label = "Focal length mm", persist = false, min = "0",
            description = "FOSSA: focal length in mm (with Sensor width mm)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--focal-length-mm"))
    double focalLengthMm = 0;

    @Parameter(label = "Sensor width mm", persist = false, min = "0",
            description = "FOSSA: sensor width in mm, spanning the image width",
            attrs = @Attr(name = ParameterNames.CLI, value = "--sensor-width-mm"))
    double sensorWidthMm = 0;

    @Parameter(label = "Ground truth folder", style = "directory", required = false, persist = false,
            description = "Optional: GT_DIR/NAME.tif|.npy per stack; adds metrics and OUT/summary.csv|json",
            attrs = @Attr(name = ParameterNames.CLI, value = "--gt"))
    File groundTruth;

    @Parameter(label = "Parallel stacks", persist = false, min = "1",
            description = "Stacks processed at once (each gets processors / this many threads)",
            attrs = @Attr(name = ParameterNames.CLI, value = "--jobs"))
    int jobs = 1;

    private BatchReport report;
    private ResultsTable table;

    @Override
    protected void perform(ProgressListener progress) {
        report = null;
        table = null;
        if (input == null) {
            throw new BadInputException("Input folder: none given (expected a folder of focus stacks)");
        }
        if (output == null) {
            throw new BadInputException("--out: no folder given (expected a folder for the depth maps)");
        }
        FocusSource source = Inputs.focusSource(focus, unit, "Focus distances", "Unit");
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, jobs));
        DffParameters dff = DffParameters.defaults().withMeasure(FocusMeasure.parse(measure, "--measure"))
                .withWindow(window).withAllInFocus(AllInFocusMode.WEIGHTED).withThreads(threads);
        EstimatorSpec spec;
        switch (method) {
            case "dff":
                spec = EstimatorSpec.depthFromFocus(dff);
                break;
            case "fossa":
                spec = EstimatorSpec.fossa(model.trim(), FossaDepthCommand.focalLength(focalLengthPx, focalLengthMm,
                        sensorWidthMm), dff);
                break;
            default:
                throw new BadInputException("--method: unknown method '" + method + "' (expected dff or fossa)");
        }
        BatchJob job = new BatchJob(output.toPath(), groundTruth == null ? null : groundTruth.toPath(), source,
                spec, getClass().getPackage().getImplementationVersion());
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
