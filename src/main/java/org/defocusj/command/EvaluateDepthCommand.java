package org.defocusj.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.Defocus;
import org.defocusj.depth.ProgressListener;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.DepthMetrics;
import org.defocusj.eval.EvaluationSpace;
import org.defocusj.eval.ImageEvaluation;

/**
 * The field's depth metrics (FOSSA's definitions, as {@code defocusj evaluate}) of a predicted depth map
 * against ground truth, appended as one row to an ImageJ results table whose columns are the metric keys
 * ({@code d1_05 ... F1}) plus {@code valid_pixels}: macros read them with {@code getResult("abs_rel", row)}.
 */
@Plugin(type = Command.class, label = "Evaluate Depth Map", headless = true,
        description = "Depth metrics (d1, abs_rel, rmse, silog, boundary F1, ...) of a depth map against ground truth")
public final class EvaluateDepthCommand extends DefocusCommand {

    static final String PREDICTION = "Prediction";
    static final String GROUND_TRUTH = "Ground truth";
    /** The system results table, which macros' getResult() reads. */
    public static final String RESULTS = "Results";

    @Parameter(label = PREDICTION, persist = false, description = "Predicted depth map (one plane)")
    ImagePlus prediction;

    @Parameter(label = GROUND_TRUTH, persist = false,
            description = "Ground-truth depth map, same size and unit as the prediction")
    ImagePlus groundTruth;

    @Parameter(label = "Table", persist = false,
            description = "Results table that receives the row; 'Results' is the one macros read with getResult()")
    String table = RESULTS;

    private static final List<Object> LAYOUT = slots("prediction", "groundTruth", DepthEvaluator.PARAMETERS, "table");

    private DepthMetrics metrics;
    private ResultsTable results;

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected void perform(ProgressListener progress) {
        metrics = null;
        results = null;
        DepthEvaluator evaluator = DepthEvaluator.from(values());
        String title = table == null || table.trim().isEmpty() ? RESULTS : table.trim();
        progress.progress(0, 1, "evaluating " + (prediction == null ? "" : prediction.getTitle()));
        ImageEvaluation e = Defocus.evaluate(prediction, groundTruth, evaluator);
        progress.progress(1, 1, "evaluated " + prediction.getTitle());
        ResultsTable rt = addRow(title, e, evaluator.space());
        metrics = e.metrics();
        results = rt;
    }

    /** Appends one row of metrics to results table {@code title} (made if needed) and shows it. */
    public static ResultsTable addRow(String title, ImageEvaluation e, EvaluationSpace space) {
        ResultsTable rt = table(title);
        rt.incrementCounter();
        rt.addValue("prediction", e.prediction());
        rt.addValue("ground_truth", e.groundTruth());
        rt.addValue("space", space.id());
        for (String key : DepthMetrics.KEYS) {
            rt.addValue(key, e.metrics().get(key));
            rt.setDecimalPlaces(rt.getColumnIndex(key), 6);
        }
        rt.addValue(DepthMetrics.VALID_PIXELS, e.metrics().validPixels());
        rt.setDecimalPlaces(rt.getColumnIndex(DepthMetrics.VALID_PIXELS), 0);
        rt.addValue("excluded_invalid_pred", e.excludedPredictions());
        rt.setDecimalPlaces(rt.getColumnIndex("excluded_invalid_pred"), 0);
        rt.show(title);
        return rt;
    }

    private static ResultsTable table(String title) {
        if (RESULTS.equals(title)) {
            return ResultsTable.getResultsTable();
        }
        ResultsTable existing = ResultsTable.getResultsTable(title);
        return existing != null ? existing : new ResultsTable();
    }

    /** The metrics of the last successful run, key to value plus valid_pixels; null before. */
    Map<String, Double> metrics() {
        if (metrics == null) {
            return null;
        }
        Map<String, Double> m = new LinkedHashMap<>(metrics.asMap());
        m.put(DepthMetrics.VALID_PIXELS, (double) metrics.validPixels());
        return m;
    }

    /** The table the last successful run wrote to. */
    ResultsTable results() {
        return results;
    }
}
