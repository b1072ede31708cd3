package org.defocusj.eval;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Text tables and JSON for evaluations.
 *
 * <p>JSON of one image: an object whose keys are exactly {@link DepthMetrics#KEYS} plus {@code valid_pixels}.
 * JSON of a folder: {@code {"count": n, "mean": METRICS, "images": [{"name", "pred", "gt", ["mask"],
 * "excluded_invalid_pred", "metrics": METRICS}, ...]}} where METRICS is that same object and the mean's
 * {@code valid_pixels} is the total over the images.
 */
public final class EvaluationReport {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final int COLUMN = 12;

    private EvaluationReport() {
    }

    // ------------------------------------------------------------------ JSON

    /** The metrics object: every metric key, then valid_pixels. */
    public static JsonObject json(DepthMetrics m) {
        JsonObject o = new JsonObject();
        m.asMap().forEach(o::addProperty);
        o.addProperty(DepthMetrics.VALID_PIXELS, m.validPixels());
        return o;
    }

    /** The folder layout: count, mean and one entry per image. */
    public static JsonObject json(EvaluationSet set) {
        JsonObject o = new JsonObject();
        o.addProperty("count", set.size());
        o.add("mean", json(set.mean()));
        JsonArray images = new JsonArray();
        for (ImageEvaluation e : set.images()) {
            JsonObject i = new JsonObject();
            i.addProperty("name", e.name());
            i.addProperty("pred", e.prediction());
            i.addProperty("gt", e.groundTruth());
            if (e.mask() != null) {
                i.addProperty("mask", e.mask());
            }
            i.addProperty("excluded_invalid_pred", e.excludedPredictions());
            i.add("metrics", json(e.metrics()));
            images.add(i);
        }
        o.add("images", images);
        return o;
    }

    /** Writes {@code json} pretty-printed as UTF-8 (for atomic output, to a temporary file). */
    public static void write(JsonObject json, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            GSON.toJson(json, w);
            w.write('\n');
        }
    }

    // ------------------------------------------------------------------ CSV

    /**
     * Writes the set as CSV: a header {@code name,valid_pixels,KEYS...}, one row per image, then a row named
     * {@code mean}. Names holding a comma or quote are quoted.
     */
    public static void writeCsv(EvaluationSet set, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("name," + DepthMetrics.VALID_PIXELS + "," + String.join(",", DepthMetrics.KEYS) + "\n");
            for (ImageEvaluation e : set.images()) {
                w.write(csvRow(e.name(), e.metrics()));
            }
            w.write(csvRow("mean", set.mean()));
        }
    }

    private static String csvRow(String name, DepthMetrics m) {
        boolean quote = name.contains(",") || name.contains("\"");
        StringBuilder sb = new StringBuilder(quote ? "\"" + name.replace("\"", "\"\"") + "\"" : name);
        sb.append(',').append(m.validPixels());
        for (double v : m.values()) {
            sb.append(',').append(v);
        }
        return sb.append('\n').toString();
    }

    // ------------------------------------------------------------------ text

    /** A two-column table of one evaluation: files, space, valid pixels, then every metric. */
    public static List<String> table(ImageEvaluation e, EvaluationSpace space) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"pred", e.prediction()});
        rows.add(new String[] {"gt", e.groundTruth()});
        if (e.mask() != null) {
            rows.add(new String[] {"mask", e.mask()});
        }
        rows.add(new String[] {"space", describe(space)});
        rows.add(new String[] {DepthMetrics.VALID_PIXELS, Long.toString(e.metrics().validPixels())});
        if (e.excludedPredictions() > 0) {
            rows.add(new String[] {"excluded", e.excludedPredictions() + " pixel(s) with an invalid prediction"});
        }
        e.metrics().asMap().forEach((k, v) -> rows.add(new String[] {k, format(v)}));
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            lines.add(pad(r[0], width) + "  " + r[1]);
        }
        return lines;
    }

    /** What the metrics were computed on, for the text reports. */
    public static String describe(EvaluationSpace space) {
        return space.isDisparity()
                ? "disparity (" + space.id() + ": " + EvaluationSpace.DDFF12_F_SUB + " px * "
                        + EvaluationSpace.DDFF12_BASELINE + " m / depth)"
                : "depth";
    }

    /** Header of the per-image table, its name column {@code nameWidth} wide. */
    public static String header(int nameWidth) {
        StringBuilder sb = new StringBuilder(pad("name", nameWidth));
        sb.append(right(DepthMetrics.VALID_PIXELS, COLUMN + 1));
        for (String k : DepthMetrics.KEYS) {
            sb.append(right(k, COLUMN));
        }
        return sb.toString();
    }

    /** One row of the per-image table. */
    public static String row(String name, DepthMetrics m, int nameWidth) {
        StringBuilder sb = new StringBuilder(pad(name, nameWidth));
        sb.append(right(Long.toString(m.validPixels()), COLUMN + 1));
        for (double v : m.values()) {
            sb.append(right(format(v), COLUMN));
        }
        return sb.toString();
    }

    /** A value for the tables: six decimals, or six significant digits in exponent form when tiny or huge. */
    public static String format(double v) {
        double a = Math.abs(v);
        return v == 0 || (a >= 1e-3 && a < 1e5) ? String.format(Locale.ROOT, "%.6f", v)
                : String.format(Locale.ROOT, "%.5e", v);
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    private static String right(String s, int width) {
        StringBuilder sb = new StringBuilder();
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
        // Always at least one space between columns, even when a value is wider than the column.
        if (sb.length() == 0) {
            sb.append(' ');
        }
        return sb.append(s).toString();
    }
}
