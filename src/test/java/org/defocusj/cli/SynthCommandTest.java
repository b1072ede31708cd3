package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.io.Npy;

class SynthCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheDocumentedLayoutReproduciblyAndResumes() throws IOException {
        Path a = dir.resolve("a");
        CliRun r = CliRun.of("synth", "--scenes", "3", "--slices", "4", "--size", "40x32",
                "--seed", "5", "--out", a.toString(), "--quiet");
        assertEquals(0, r.code, r.err);
        for (String f : new String[] {"rgb.png", "depth.tif", "depth.npy", "stack.tif", "stack.focus.txt", "stack.npy",
            "meta.json"}) {
            assertTrue(Files.isRegularFile(a.resolve("scene_0002").resolve(f)), f);
        }
        assertTrue(Files.readString(a.resolve("manifest.json")).contains("\"scene_0002\""));
        Npy.Array stack = Npy.read(a.resolve("scene_0001/stack.npy"));
        assertArrayEquals(new int[] {4, 32, 40, 3}, stack.shape());
        assertArrayEquals(new int[] {32, 40}, Npy.read(a.resolve("scene_0001/depth.npy")).shape());

        Path b = dir.resolve("b");
        CliRun.of("synth", "--scenes", "3", "--slices", "4", "--size", "40x32", "--seed", "5", "--out",
                b.toString(), "--quiet");
        assertArrayEquals(Files.readAllBytes(a.resolve("scene_0002/stack.npy")),
                Files.readAllBytes(b.resolve("scene_0002/stack.npy")), "same seed, same data");

        // A rerun keeps finished scenes and replaces a half-written one.
        Files.delete(b.resolve("scene_0001/meta.json"));
        long before = Files.getLastModifiedTime(b.resolve("scene_0000/stack.npy")).toMillis();
        CliRun again = CliRun.of("synth", "--scenes", "3", "--slices", "4", "--size", "40x32",
                "--seed", "5", "--out", b.toString(), "--quiet");
        assertEquals(0, again.code, again.err);
        assertEquals(before, Files.getLastModifiedTime(b.resolve("scene_0000/stack.npy")).toMillis());
        assertArrayEquals(Files.readAllBytes(a.resolve("scene_0001/stack.npy")),
                Files.readAllBytes(b.resolve("scene_0001/stack.npy")));

        // depth reads a synth scene with no options beyond --out (focus from the sidecar).
        CliRun d = CliRun.of("depth", a.resolve("scene_0000/stack.tif").toString(), "--out",
                dir.resolve("d.tif").toString(), "--quiet");
        assertEquals(0, d.code, d.err);
    }

    @Test
    void fixedFocusEvaluationSet() throws IOException {
        Path a = dir.resolve("fixed");
        CliRun r = CliRun.of("synth", "--scenes", "1", "--size", "32", "--psf", "gaussian",
                "--fnumber", "1.4", "--focus-sampling", "0.8,1.7,3.0,4.7,8.0", "--out", a.toString(), "--quiet");
        assertEquals(0, r.code, r.err);
        String meta = Files.readString(a.resolve("scene_0000/meta.json"));
        assertTrue(meta.contains("\"f_number\": 1.4"), meta);
        assertTrue(meta.contains("\"psf\": \"gaussian\""), meta);
        assertTrue(meta.replaceAll("\\s", "").contains("[0.8,1.7,3.0,4.7,8.0]"), meta);
    }

    @Test
    void layeredUsesTheLayersGivenAndRecordsThem() throws IOException {
        String[] base = {"synth", "--scenes", "1", "--slices", "3", "--size", "48", "--seed", "5", "--scene", "plane",
            "--psf", "gaussian", "--fnumber", "1.4", "--sensor-width-mm", "3.6", "--renderer", "layered", "--quiet"};
        Path eight = dir.resolve("eight");
        Path many = dir.resolve("many");
        assertEquals(0, CliRun.of(concat(base, "--layers", "8", "--out", eight.toString())).code);
        assertEquals(0, CliRun.of(concat(base, "--layers", "24", "--out", many.toString())).code);
        String meta = Files.readString(eight.resolve("scene_0000/meta.json")).replaceAll("\\s", "");
        assertTrue(meta.contains("\"renderer\":\"layered\"") && meta.contains("\"layers\":8"), meta);
        String settings = JsonParser.parseString(Files.readString(eight.resolve("manifest.json"))).getAsJsonObject()
                .get("settings").getAsString();
        assertTrue(settings.contains("renderer=layered layers=8"), settings);
        assertTrue(Files.readString(many.resolve("scene_0000/meta.json")).replaceAll("\\s", "")
                .contains("\"layers\":24"));
        assertArrayEquals(Files.readAllBytes(eight.resolve("scene_0000/depth.npy")),
                Files.readAllBytes(many.resolve("scene_0000/depth.npy")), "the same scene");
        assertFalse(Arrays.equals(Files.readAllBytes(eight.resolve("scene_0000/stack.npy")),
                Files.readAllBytes(many.resolve("scene_0000/stack.npy"))), "8 layers render differently from 24");

        // gather has no layers, and records none.
        Path gather = dir.resolve("gather");
        assertEquals(0, CliRun.of("synth", "--scenes", "1", "--size", "32", "--out", gather.toString(), "--quiet").code);
        String g = Files.readString(gather.resolve("scene_0000/meta.json"));
        assertTrue(g.contains("\"renderer\": \"gather\"") && !g.contains("\"layers\""), g);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void badSettingsAreBadInput() {
        assertEquals(Main.EXIT_BAD_INPUT, CliRun.of("synth", "--scenes", "0", "--out", dir.toString()).code);
        assertEquals(Main.EXIT_BAD_INPUT, CliRun.of("synth", "--size", "abc", "--out", dir.toString()).code);
        assertEquals(Main.EXIT_BAD_INPUT, CliRun.of("synth", "--fnumber", "fast", "--out", dir.toString()).code);
        assertEquals(Main.EXIT_BAD_INPUT, CliRun.of("synth", "--scene", "forest", "--out", dir.toString()).code);
        CliRun layers = CliRun.of("synth", "--renderer", "layered", "--layers", "0", "--out", dir.toString());
        assertEquals(Main.EXIT_BAD_INPUT, layers.code);
        assertTrue(layers.err.contains("--layers: expected at least 1, got 0"), layers.err);
        CliRun renderer = CliRun.of("synth", "--renderer", "raytrace", "--out", dir.toString());
        assertEquals(Main.EXIT_BAD_INPUT, renderer.code);
        assertTrue(renderer.err.contains("--renderer: unknown renderer 'raytrace'"), renderer.err);
    }
}
