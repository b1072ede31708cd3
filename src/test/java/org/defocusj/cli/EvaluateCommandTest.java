package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.eval.DepthMetrics;
import org.defocusj.eval.EvalFiles;

/** {@code defocusj evaluate} on good input: the table, the JSON layout, folders and options. */
class EvaluateCommandTest {

    @TempDir
    Path tmp;

    private static List<String> metricKeysPlusValidPixels() {
        List<String> keys = new ArrayList<>(DepthMetrics.KEYS);
        keys.add("valid_pixels");
        return keys;
    }

    private static List<String> keys(JsonObject o) {
        return new ArrayList<>(o.keySet());
    }

    /** The 2 x 2 case of DepthMetricsTest through the files and the command line: TIFF prediction, npy GT. */
    @Test
    void singlePairPrintsAllMetricsAndWritesJson() throws IOException {
        Path pred = EvalFiles.tiff(tmp.resolve("pred.tif"), 2, 2, 1, 2.25f, 5, 4);
        Path gt = EvalFiles.fortranFloat64(tmp.resolve("gt.npy"), new double[] {1, 2, 4, 8}, 2, 2);
        Path json = tmp.resolve("out").resolve("metrics.json");
        CliRun r = CliRun.of("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--json", json.toString());
        assertEquals(0, r.code, r::toString);
        for (String k : metricKeysPlusValidPixels()) {
            assertTrue(r.out.lines().anyMatch(l -> l.startsWith(k + " ")), () -> k + " missing\n" + r);
        }
        assertTrue(r.out.contains("abs_rel       0.218750"), r::toString);
        assertTrue(r.out.contains("wrote " + json.toAbsolutePath()), r::toString);
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(metricKeysPlusValidPixels(), keys(o));
        assertEquals(0.21875, o.get("abs_rel").getAsDouble(), 1e-12);
        assertEquals(0.5703125, o.get("sq_rel").getAsDouble(), 1e-12);
        assertEquals(4, o.get("valid_pixels").getAsLong());
        assertEquals(List.of("metrics.json"), listing(tmp.resolve("out")));
        assertTrue(r.err.isBlank() && r.systemOut.isBlank() && r.systemErr.isBlank(), r::toString);
    }

    /** Disparity mode and a mask: t = (1, 2, 9), p = (2, 2, 1), third pixel masked: abs_rel 1/4 as disparity. */
    @Test
    void disparityAndMask() throws IOException {
        Path pred = EvalFiles.npy(tmp.resolve("p.npy"), 3, 1, 2, 2, 1);
        Path gt = EvalFiles.tiff(tmp.resolve("t.tif"), 3, 1, 1, 2, 9);
        Path mask = EvalFiles.tiff(tmp.resolve("m.tif"), 3, 1, 1, 1, 0);
        Path json = tmp.resolve("d.json");
        CliRun r = CliRun.of("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--mask", mask.toString(),
                "--disparity", "ddff12", "--json", json.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("disparity (ddff12"), r::toString);
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(0.25, o.get("abs_rel").getAsDouble(), 1e-12);
        assertEquals(2, o.get("valid_pixels").getAsLong());
    }

    @Test
    void ignoreInvalidPredExcludesAndSaysSo() throws IOException {
        Path pred = EvalFiles.npy(tmp.resolve("p.npy"), 3, 1, 1, Float.NaN, 3);
        Path gt = EvalFiles.npy(tmp.resolve("t.npy"), 3, 1, 1, 2, 3);
        CliRun r = CliRun.of("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--ignore-invalid-pred");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("excluded      1 pixel(s) with an invalid prediction"), r::toString);
        assertTrue(r.out.contains("valid_pixels  2"), r::toString);
    }

    /**
     * Folders: a.tif exact against a.npy; b.npy = 2 x b/depth.npy. Per-image rows, the mean of per-image
     * figures (abs_rel (0 + 1) / 2), and the JSON layout {count, mean, images}.
     */
    @Test
    void foldersPrintRowsAndMeanAndWriteJson() throws IOException {
        Path pred = tmp.resolve("pred");
        Path gt = tmp.resolve("gt");
        EvalFiles.tiff(pred.resolve("a.tif"), 2, 1, 3, 4);
        EvalFiles.npy(gt.resolve("a.npy"), 2, 1, 3, 4);
        EvalFiles.npy(pred.resolve("b.npy"), 2, 2, 2, 2, 2, 2);
        EvalFiles.npy(gt.resolve("b").resolve("depth.npy"), 2, 2, 1, 1, 1, 1);
        Path json = tmp.resolve("all.json");
        CliRun r = CliRun.of("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--json", json.toString());
        assertEquals(0, r.code, r::toString);
        List<String> lines = r.out.lines().collect(Collectors.toList());
        assertTrue(lines.get(1).startsWith("name ") && lines.get(1).contains("abs_rel"), r::toString);
        assertTrue(lines.get(2).startsWith("a "), r::toString);
        assertTrue(lines.get(3).startsWith("b "), r::toString);
        assertTrue(lines.get(5).startsWith("mean ") && lines.get(5).contains("0.500000"), r::toString);
        // Columns line up: every metric header ends where its values end.
        assertEquals(lines.get(1).length(), lines.get(2).length(), r::toString);
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(List.of("count", "mean", "images"), keys(o));
        assertEquals(2, o.get("count").getAsInt());
        JsonObject mean = o.getAsJsonObject("mean");
        assertEquals(metricKeysPlusValidPixels(), keys(mean));
        assertEquals(0.5, mean.get("abs_rel").getAsDouble(), 1e-12);
        assertEquals(6, mean.get("valid_pixels").getAsLong());
        JsonArray images = o.getAsJsonArray("images");
        JsonObject b = images.get(1).getAsJsonObject();
        assertEquals("b", b.get("name").getAsString());
        assertEquals(gt.resolve("b").resolve("depth.npy").toString(), b.get("gt").getAsString());
        assertEquals(metricKeysPlusValidPixels(), keys(b.getAsJsonObject("metrics")));
        assertEquals(1, b.getAsJsonObject("metrics").get("abs_rel").getAsDouble(), 1e-12);
    }

    @Test
    void helpDocumentsEveryOption() {
        CliRun r = CliRun.of("evaluate", "--help");
        assertEquals(0, r.code, r::toString);
        for (String opt : new String[] {"--pred", "--gt", "--mask", "--min-depth", "--max-depth", "--disparity",
            "--ignore-invalid-pred", "--json", "--help", "--version", "ddff12", "Default: 0.01", "Default: 1000"}) {
            assertTrue(r.out.contains(opt), () -> opt + " missing from --help\n" + r);
        }
        CliRun top = CliRun.of("--help");
        assertTrue(top.out.contains("evaluate"), top::toString);
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
