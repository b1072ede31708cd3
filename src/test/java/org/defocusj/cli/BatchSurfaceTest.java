package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.io.HeightMaps;
import org.defocusj.surface.ArealParameters;
import org.defocusj.surface.HeightField;
import org.defocusj.surface.SurfaceSettings;

/**
 * {@code batch --surface-parameters}: the plane-levelled depth map's areal parameters in done.json, as
 * summary.csv columns and in summary.json.
 */
class BatchSurfaceTest {

    static final Path SAMPLE = Paths.get("sample-stacks", "surface-um");

    @TempDir
    Path dir;

    @Test
    void summaryHasSurfaceColumnsWithAndWithoutGroundTruth() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(SAMPLE.resolve("stack.tif"), in.resolve("surf.tif"));
        Path gt = Files.createDirectories(dir.resolve("gt"));
        Files.copy(SAMPLE.resolve("depth-gt.tif"), gt.resolve("surf.tif"));

        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString(), "--quiet", "--surface-parameters");
        assertEquals(0, r.code, r::toString);
        List<String> csv = Files.readAllLines(out.resolve("summary.csv"), StandardCharsets.UTF_8);
        assertEquals(3, csv.size(), csv.toString());
        List<String> header = Arrays.asList(csv.get(0).split(","));
        assertEquals("name", header.get(0));
        assertTrue(header.containsAll(List.of("surface_level", "height_unit", "xy_unit", "Sa", "Sq", "Sdr", "Sk")),
                header.toString());
        String[] row = csv.get(1).split(",");
        assertEquals("surf", row[0]);
        assertEquals("µm", row[header.indexOf("height_unit")]);
        assertEquals("µm", row[header.indexOf("xy_unit")]);
        // The columns are the parameters of the written depth map, levelled with its confidence as weights.
        HeightField depth = HeightMaps.read(out.resolve("surf").resolve("depth.tif"), null);
        float[] conf = HeightMaps.readConfidence(out.resolve("surf").resolve("confidence.tif"), depth, null);
        ArealParameters p = SurfaceSettings.defaults().parameters(SurfaceSettings.defaults().prepare(depth, conf));
        assertEquals(p.get("Sa"), Double.parseDouble(row[header.indexOf("Sa")]), 1e-12);
        assertEquals(p.get("Sdq"), Double.parseDouble(row[header.indexOf("Sdq")]), 1e-12);
        JsonObject done = JsonParser.parseString(Files.readString(out.resolve("surf").resolve("done.json")))
                .getAsJsonObject().getAsJsonObject("surface");
        // summary.json: the same object per stack as done.json's, and the mean under the same names and units.
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals(1, summary.get("count").getAsInt());
        JsonObject image = summary.getAsJsonArray("images").get(0).getAsJsonObject();
        assertEquals("surf", image.get("name").getAsString());
        assertEquals(done, image.getAsJsonObject("surface"));
        JsonObject mean = summary.getAsJsonObject("surface_mean");
        for (ArealParameters.Definition d : ArealParameters.DEFINITIONS) {
            assertEquals(p.get(d.key()), image.getAsJsonObject("surface").get(d.key()).getAsDouble(), 1e-12, d.key());
            assertEquals(Double.parseDouble(row[header.indexOf(d.key())]), mean.get(d.key()).getAsDouble(), 1e-12,
                    "mean of one stack: " + d.key());
        }
        for (String unit : List.of("level", "height_unit", "xy_unit", "slope_unit")) {
            assertEquals(done.get(unit), mean.get(unit), unit);
        }
        assertEquals("µm", mean.get("height_unit").getAsString());

        Path out2 = dir.resolve("out2");
        r = CliRun.of("batch", in.toString(), "--out", out2.toString(), "--gt", gt.toString(), "--quiet",
                "--surface-parameters");
        assertEquals(0, r.code, r::toString);
        csv = Files.readAllLines(out2.resolve("summary.csv"), StandardCharsets.UTF_8);
        header = Arrays.asList(csv.get(0).split(","));
        assertTrue(header.containsAll(List.of("name", "abs_rel", "rmse", "Sa", "Smr2")), header.toString());
        assertEquals(3, csv.size());
        assertEquals(header.size(), csv.get(1).split(",").length);
        assertEquals(header.size(), csv.get(2).split(",").length, "the mean row has every column");
        assertTrue(csv.get(2).startsWith("mean,"));
        summary = JsonParser.parseString(Files.readString(out2.resolve("summary.json"))).getAsJsonObject();
        image = summary.getAsJsonArray("images").get(0).getAsJsonObject();
        assertTrue(image.has("metrics"), "the evaluation is kept: " + image);
        assertEquals(p.get("Sa"), image.getAsJsonObject("surface").get("Sa").getAsDouble(), 1e-12);
        assertEquals(p.get("Sk"), summary.getAsJsonObject("surface_mean").get("Sk").getAsDouble(), 1e-12);
        assertTrue(summary.getAsJsonObject("mean").has("rmse"), summary.toString());
    }
}
