package org.defocusj.batch;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.defocusj.io.HeightMaps;
import org.defocusj.surface.ArealParameters;
import org.defocusj.surface.HeightField;
import org.defocusj.surface.SurfaceSettings;

/**
 * The areal parameters a batch adds per stack ({@link BatchJob#SURFACE_PARAMETERS}): of the stack's depth.tif
 * levelled by the least-squares plane weighted by its confidence.tif, kept in done.json under {@code surface}
 * and written as columns of OUT/summary.csv and as {@code surface} objects in OUT/summary.json. All three come
 * from the one object {@link #measure} makes (the parameters of {@link ArealParameters#DEFINITIONS} and their
 * units), so they share names and units.
 */
final class SurfaceColumns {

    static final String KEY = "surface";
    /** summary.json's mean of every stack's parameters. */
    static final String MEAN_KEY = "surface_mean";
    private static final String VALID_PIXELS = "valid_pixels";

    private SurfaceColumns() {
    }

    /** The parameters of a written depth map (and its confidence map, when there is one) as JSON. */
    static JsonObject measure(Path depth, Path confidence) {
        HeightField f = HeightMaps.read(depth, null);
        float[] c = confidence != null && Files.isRegularFile(confidence)
                ? HeightMaps.readConfidence(confidence, f, null) : null;
        SurfaceSettings settings = SurfaceSettings.defaults();
        ArealParameters p = settings.parameters(settings.prepare(f, c));
        JsonObject o = new JsonObject();
        o.addProperty("level", settings.level().key());
        o.addProperty("height_unit", p.heightUnit());
        o.addProperty("xy_unit", p.xyUnit());
        o.addProperty("slope_unit", p.unit("Sdq").isEmpty() ? "1" : p.unit("Sdq"));
        o.addProperty(VALID_PIXELS, p.validPixels());
        for (Map.Entry<String, Double> e : p.values().entrySet()) {
            o.addProperty(e.getKey(), e.getValue());
        }
        return o;
    }

    /** The parameters a finished stack's done.json holds, measured now if an earlier run did not. */
    static JsonObject of(Path stackFolder) throws IOException {
        Path done = stackFolder.resolve(BatchJob.DONE);
        if (Files.isRegularFile(done)) {
            try (Reader r = Files.newBufferedReader(done, StandardCharsets.UTF_8)) {
                JsonObject o = JsonParser.parseReader(r).getAsJsonObject();
                if (o.has(KEY)) {
                    return o.getAsJsonObject(KEY);
                }
            }
        }
        return measure(stackFolder.resolve(BatchJob.OUTPUTS.get(0)), stackFolder.resolve(BatchJob.OUTPUTS.get(1)));
    }

    /** The column names: the units once, then every parameter. */
    static String header() {
        StringBuilder sb = new StringBuilder("surface_level,height_unit,xy_unit,slope_unit");
        for (ArealParameters.Definition d : ArealParameters.DEFINITIONS) {
            sb.append(',').append(d.key());
        }
        return sb.toString();
    }

    /** The cells of one stack, in {@link #header()} order. */
    static String cells(JsonObject o) {
        StringBuilder sb = new StringBuilder();
        sb.append(o.get("level").getAsString()).append(',').append(o.get("height_unit").getAsString()).append(',')
                .append(o.get("xy_unit").getAsString()).append(',').append(o.get("slope_unit").getAsString());
        for (ArealParameters.Definition d : ArealParameters.DEFINITIONS) {
            sb.append(',').append(o.get(d.key()).getAsDouble());
        }
        return sb.toString();
    }

    /**
     * The mean of each parameter over the stacks, with the units and levelling of the first (the same for all);
     * without a pixel count, which is no parameter to average.
     */
    static JsonObject mean(List<JsonObject> rows) {
        JsonObject mean = rows.get(0).deepCopy();
        mean.remove(VALID_PIXELS);
        for (ArealParameters.Definition d : ArealParameters.DEFINITIONS) {
            double s = 0;
            for (JsonObject o : rows) {
                s += o.get(d.key()).getAsDouble();
            }
            mean.addProperty(d.key(), s / rows.size());
        }
        return mean;
    }

    /**
     * Adds the parameters to summary.json: {@code surface} in each entry of its {@code images} (matched by
     * name; made, one per stack of {@code names}, when the summary has none, as without ground truth) and
     * their mean as {@code surface_mean}.
     */
    static void addToJson(JsonObject summary, List<String> names, Map<String, JsonObject> surface) {
        if (!summary.has("images")) {
            summary.addProperty("count", names.size());
            JsonArray images = new JsonArray();
            for (String n : names) {
                JsonObject i = new JsonObject();
                i.addProperty("name", n);
                images.add(i);
            }
            summary.add("images", images);
        }
        List<JsonObject> rows = new ArrayList<>();
        for (String n : names) {
            rows.add(surface.get(n));
        }
        summary.add(MEAN_KEY, mean(rows));
        for (JsonElement e : summary.getAsJsonArray("images")) {
            JsonObject image = e.getAsJsonObject();
            JsonObject s = surface.get(image.get("name").getAsString());
            if (s != null) {
                image.add(KEY, s);
            }
        }
    }

    /**
     * summary.csv with the surface columns: {@code evaluated} are the lines EvaluationReport wrote (header, one
     * per stack of {@code names}, then the mean), or null for a batch without ground truth (then the rows are
     * the stacks of {@code names} alone).
     */
    static List<String> summary(List<String> evaluated, List<String> names, Map<String, JsonObject> surface) {
        List<String> out = new ArrayList<>();
        List<JsonObject> rows = new ArrayList<>();
        for (String n : names) {
            rows.add(surface.get(n));
        }
        if (evaluated == null) {
            out.add("name," + header());
            for (int i = 0; i < names.size(); i++) {
                out.add(csvName(names.get(i)) + "," + cells(rows.get(i)));
            }
            out.add("mean," + cells(mean(rows)));
            return out;
        }
        out.add(evaluated.get(0) + "," + header());
        for (int i = 0; i < names.size(); i++) {
            out.add(evaluated.get(i + 1) + "," + cells(rows.get(i)));
        }
        out.add(evaluated.get(names.size() + 1) + "," + cells(mean(rows)));
        return out;
    }

    private static String csvName(String name) {
        return name.contains(",") || name.contains("\"") ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }
}
