package org.defocusj.depth.peak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.cli.Main;
import org.defocusj.depth.DepthMethods;
import org.defocusj.zedd.ZeddFixture;

/**
 * A method registered from the test tree only ({@link PeakIntensityMethod}) runs through every front end and
 * engine that loops over the registry, with its own declared parameter, and no main code names it.
 */
class PeakIntensityMethodTest {

    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one in-process command line. */
    private static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    /**
     * 3 slices at 1, 2, 3 m; in column x the brightest slice is x % 3, except column 5, which is dark (peak
     * 10) everywhere.
     */
    private Path stack(Path file) throws IOException {
        int w = 6;
        int h = 4;
        ImageStack st = new ImageStack(w, h);
        for (int z = 0; z < 3; z++) {
            float[] px = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = x == 5 ? 10 : (x % 3 == z ? 200 : 50);
                }
            }
            st.addSlice(new FloatProcessor(w, h, px));
        }
        Files.createDirectories(file.getParent());
        assertTrue(new FileSaver(new ImagePlus("s", st)).saveAsTiffStack(file.toString()));
        return file;
    }

    private static float[] depth(Path tif) {
        ImagePlus imp = IJ.openImage(tif.toString());
        return (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
    }

    @Test
    void isListedAfterDefocusJsOwnMethods() {
        // The test tree's stall method (depth/stall) comes last, by its lower priority.
        assertEquals(java.util.List.of("dff", "fossa", "peak", "stall"), DepthMethods.keys());
    }

    @Test
    void depthCommandTakesTheMethodAndItsParameter() throws IOException {
        Path s = stack(dir.resolve("s.tif"));
        Path out = dir.resolve("d.tif");
        String[] r = cli("depth", s.toString(), "--focus", "1,2,3", "--method", "peak", "--peak-minimum", "20",
                "--out", out.toString(), "--quiet");
        assertEquals("0", r[0], r[2]);
        float[] d = depth(out);
        assertEquals(1f, d[0]);
        assertEquals(2f, d[1]);
        assertEquals(3f, d[2]);
        assertEquals(1f, d[3]);
        assertTrue(Float.isNaN(d[5]), "below --peak-minimum: no depth");
        assertTrue(IJ.openImage(out.toString()).getInfoProperty().contains("peak_minimum = 20.0"));

        String[] bad = cli("depth", s.toString(), "--focus", "1,2,3", "--method", "peak", "--peak-minimum", "-1",
                "--out", dir.resolve("e.tif").toString());
        assertEquals(Integer.toString(Main.EXIT_BAD_INPUT), bad[0]);
        assertTrue(bad[2].contains("--peak-minimum: expected a value of at least 0, got -1.0"), bad[2]);
        assertTrue(cli("depth", "--help")[1].contains("--peak-minimum"), "the option is in depth's help");
    }

    @Test
    void batchRunsItOnBothEngines() throws IOException {
        Path in = dir.resolve("in");
        stack(in.resolve("a.tif"));
        stack(in.resolve("b.tif"));
        Files.write(in.resolve("a.focus.txt"), "1\n2\n3\n".getBytes(StandardCharsets.UTF_8));
        Files.write(in.resolve("b.focus.txt"), "1\n2\n3\n".getBytes(StandardCharsets.UTF_8));
        String[] local = cli("batch", in.toString(), "--out", dir.resolve("local").toString(), "--method", "peak",
                "--quiet");
        assertEquals("0", local[0], local[2]);
        Path a = dir.resolve("local/a");
        assertEquals(2f, depth(a.resolve("depth.tif"))[1]);
        assertTrue(Files.isRegularFile(a.resolve("done.json")));
        assertTrue(Files.isRegularFile(a.resolve("depth.png")));
        assertFalse(Files.exists(a.resolve("confidence.tif")), "the method makes no confidence map");
        assertTrue(Files.readString(a.resolve("done.json")).contains("\"method\": \"peak\""));
    }

    @Test
    void theZeddRunnerRunsIt() {
        String[] r = cli("benchmark", "zedd", "--root", ZeddFixture.shared().toString(), "--method", "peak",
                "--quiet");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("method peak (minimum=0.0)"), r[1]);
        assertTrue(r[1].contains("\nmean "), r[1]);
    }
}
