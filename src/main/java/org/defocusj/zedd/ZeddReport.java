package org.defocusj.zedd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.defocusj.eval.DepthMetrics;
import org.defocusj.eval.EvaluationSet;
import org.defocusj.eval.ImageEvaluation;

/**
 * The validation results as depth papers tabulate them: error metrics (lower is better) then accuracy metrics
 * (higher is better), one row per scene and the mean over scenes, four decimals.
 */
public final class ZeddReport {

    /** Column titles and the {@link DepthMetrics} key each shows, in the papers' order. */
    static final String[][] COLUMNS = {
        {"AbsRel", "abs_rel"}, {"SqRel", "sq_rel"}, {"RMSE", "rmse"}, {"RMSElog", "rmse_log"}, {"log10", "log10"},
        {"SILog", "silog"}, {"d<1.05", "d1_05"}, {"d<1.15", "d1_15"}, {"d<1.25", "d1"}, {"d<1.25^2", "d2"},
        {"d<1.25^3", "d3"}, {"F1", "F1"}};

    /** The authors' published ZEDD validation figures (F2.8, focus indices 0,2,4,6,8). */
    static final String AUTHORS = "FOSSA authors, same protocol: ViT-S AbsRel 0.0985, d<1.25 0.886; ViT-B AbsRel 0.0957";

    private ZeddReport() {
    }

    /** A one-line description of the run. */
    static String describe(ZeddBenchmark.Settings s, ZeddBenchmark.Result r, String method) {
        return String.format(Locale.ROOT, "ZEDD %s: %d scene(s) at %dx%d, F%.1f, focus indices %s, %s", s.split.folder(),
                r.scenes().size(), r.width(), r.height(), s.fNumber,
                Arrays.stream(s.focusIndices).mapToObj(Integer::toString).collect(Collectors.joining(",")), method);
    }

    /** What a run prints: for val the {@link #table}; for test what was written. */
    public static List<String> summary(ZeddBenchmark.Settings s, ZeddBenchmark.Result r, String method) {
        if (s.split.hasGroundTruth()) {
            return table(s, r, method);
        }
        List<String> lines = new ArrayList<>();
        lines.add(describe(s, r, method));
        if (r.filledPixels() > 0) {
            lines.add(r.filledPixels() + " pixel(s) without an estimate were filled from their neighbours");
        }
        if (s.submission != null) {
            lines.add(String.format(Locale.ROOT, "wrote %s: %d depth maps of %dx%d for the ZEDD test server",
                    s.submission, r.scenes().size(), s.submissionWidth, s.submissionHeight));
        }
        if (s.outDir != null) {
            lines.add("wrote " + r.scenes().size() + " depth maps to " + s.outDir);
        }
        return lines;
    }

    /** The table of a validation run: header, one row per scene, the mean; then the authors' figures. */
    public static List<String> table(ZeddBenchmark.Settings s, ZeddBenchmark.Result r, String method) {
        List<String> lines = new ArrayList<>();
        lines.add(describe(s, r, method));
        EvaluationSet set = r.evaluations();
        int nameWidth = "mean".length();
        for (ImageEvaluation e : set.images()) {
            nameWidth = Math.max(nameWidth, e.name().length());
        }
        StringBuilder header = new StringBuilder(pad("scene", nameWidth));
        for (String[] c : COLUMNS) {
            header.append(String.format(Locale.ROOT, " %9s", c[0]));
        }
        lines.add(header.toString());
        for (ImageEvaluation e : set.images()) {
            lines.add(row(e.name(), e.metrics(), nameWidth));
        }
        lines.add(row("mean", set.mean(), nameWidth));
        if (r.filledPixels() > 0) {
            lines.add(r.filledPixels() + " pixel(s) without an estimate were filled from their neighbours before "
                    + "evaluation");
        }
        if (s.outDir != null) {
            lines.add("wrote " + r.scenes().size() + " depth maps, metrics.csv and metrics.json to " + s.outDir);
        }
        lines.add(s.isAuthorsProtocol() ? AUTHORS : "(not the authors' protocol F2.8 / 0,2,4,6,8: no published "
                + "figures to compare with)");
        return lines;
    }

    private static String row(String name, DepthMetrics m, int nameWidth) {
        StringBuilder sb = new StringBuilder(pad(name, nameWidth));
        for (String[] c : COLUMNS) {
            sb.append(String.format(Locale.ROOT, " %9.4f", m.get(c[1])));
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }
}
