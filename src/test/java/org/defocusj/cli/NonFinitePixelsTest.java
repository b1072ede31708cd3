package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;

/** NaN and infinite pixels on the command line: depth from focus masks and warns, FOSSA refuses. */
class NonFinitePixelsTest {

    private static final String COUNT = ": 23 pixel values are NaN or infinite";

    @TempDir
    Path dir;

    /** A 32-bit 40 x 30 x 4 texture stack, {@code NAME.tif}, with a 4 x 5 NaN block in slice 2 and 3 infinities. */
    private Path stack(Path folder, String name) throws Exception {
        Files.createDirectories(folder);
        ImageStack st = new ImageStack(40, 30);
        for (int z = 0; z < 4; z++) {
            float[] px = TestStacks.noise(40, 30, 11 + z);
            if (z == 2) {
                for (int y = 10; y < 15; y++) {
                    for (int x = 20; x < 24; x++) {
                        px[y * 40 + x] = Float.NaN;
                    }
                }
                px[0] = Float.POSITIVE_INFINITY;
                px[100] = Float.NEGATIVE_INFINITY;
                px[1199] = Float.POSITIVE_INFINITY;
            }
            st.addSlice(new FloatProcessor(40, 30, px));
        }
        Path tif = folder.resolve(name + ".tif");
        assertTrue(new FileSaver(new ImagePlus(name, st)).saveAsTiffStack(tif.toString()));
        return tif;
    }

    @Test
    void depthWarnsOnceEvenWhenQuietAndRecordsTheCount() throws Exception {
        Path tif = stack(dir, "holes");
        Path out = dir.resolve("d.tif");
        CliRun quiet = CliRun.of("depth", tif.toString(), "--focus", "0,1,2,3", "--unit", "um", "--out",
                out.toString(), "--quiet");
        assertEquals(0, quiet.code, quiet::toString);
        assertEquals("", quiet.out);
        List<String> lines = quiet.errLines();
        assertEquals(1, lines.size(), quiet::toString);
        String warning = "defocusj depth: warning: " + tif + COUNT;
        assertTrue(lines.get(0).startsWith(warning), quiet::toString);
        ImagePlus depth = IJ.openImage(out.toString());
        assertTrue(depth.getInfoProperty().contains("non_finite_pixels = 23"), depth.getInfoProperty());
        float[] d = (float[]) depth.getProcessor().getPixels();
        for (float v : d) {
            assertTrue(v >= 0 && v <= 3, "depth " + v);
        }

        CliRun loud = CliRun.of("depth", tif.toString(), "--focus", "0,1,2,3", "--unit", "um", "--out",
                out.toString());
        assertEquals(0, loud.code, loud::toString);
        assertTrue(loud.out.startsWith(tif + ": 40 x 30, 4 slices, focus "), loud::toString);
        assertTrue(loud.out.contains("wrote " + out.toAbsolutePath()), loud::toString);
        assertFalse(loud.out.contains("warning"), loud::toString);
        assertEquals(1, loud.errLines().stream().filter(l -> l.startsWith(warning)).count(), loud::toString);
    }

    @Test
    void batchRecordsTheCountInDoneJson() throws Exception {
        Path in = dir.resolve("in");
        stack(in, "holes");
        Files.write(in.resolve("holes.focus.txt"), "unit=um\n0\n1\n2\n3\n".getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code, r::toString);
        JsonObject done = JsonParser.parseString(new String(
                Files.readAllBytes(out.resolve("holes").resolve(BatchCommand.DONE)), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertEquals("23", done.getAsJsonObject("provenance").get("non_finite_pixels").getAsString(), done::toString);
    }

    @Test
    void fossaRefusesThemAsBadInput() throws Exception {
        Path model = TestStacks.testModel(dir, "trivial-with-metadata.pt");
        Path out = dir.resolve("o");
        Path tif = stack(dir, "holes");
        CliRun r = CliRun.of("depth", tif.toString(), "--method", "fossa", "--model", model.toString(),
                "--focus", "1,2,3,4", "--focal-length-px", "500", "--out", out.resolve("d.tif").toString(), "--quiet");
        r.assertBadInput("depth", tif + COUNT, "--method dff");
        assertFalse(Files.exists(out.resolve("d.tif")));
    }
}
