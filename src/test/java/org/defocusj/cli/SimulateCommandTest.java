package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;
import org.defocusj.io.Npy;
import org.defocusj.io.TiffWriter;
import org.defocusj.stack.SpatialCalibration;
import org.defocusj.synth.SyntheticScene;

class SimulateCommandTest {

    @TempDir
    Path dir;

    private Path rgb(int w, int h) {
        SyntheticScene s = SyntheticScene.planeAndStep(w, h, 1, 2, 3);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = ((int) s.rgb()[0][i] << 16) | ((int) s.rgb()[1][i] << 8) | (int) s.rgb()[2][i];
        }
        Path p = dir.resolve("aif.png");
        new FileSaver(new ImagePlus("aif", new ColorProcessor(w, h, px))).saveAsPng(p.toString());
        return p;
    }

    private Path depth(int w, int h, float value, String name) throws IOException {
        float[] d = new float[w * h];
        Arrays.fill(d, value);
        Path p = dir.resolve(name);
        if (name.endsWith(".npy")) {
            Npy.writeFloat32(p, d, h, w);
        } else {
            TiffWriter.write(TiffWriter.floatMap("d", ArrayImgs.floats(d, w, h), SpatialCalibration.UNCALIBRATED, "m",
                    null), p);
        }
        return p;
    }

    private void assertNoOutput() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("stack")
                    || p.getFileName().toString().startsWith(".stack")), "no output left behind");
        }
    }

    private CliRun simulate(String... extra) throws IOException {
        String[] base = {"simulate", "--image", rgb(48, 40).toString(), "--depth", depth(48, 40, 1.5f, "d.tif").toString(),
            "--focus", "1.0,1.5,2.0", "--out", dir.resolve("stack.tif").toString()};
        String[] all = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRun.of(all);
    }

    @Test
    void rendersAStackThatDepthReadsBackWithoutFocus() throws IOException {
        // A 3.6 mm sensor across 48 pixels (75 um pixels) makes the blur several pixels wide.
        CliRun r = simulate("--fnumber", "1.4", "--sensor-width-mm", "3.6", "--psf", "power-exp", "--p",
                "8");
        assertEquals(0, r.code, r.err);
        ImagePlus stack = IJ.openImage(dir.resolve("stack.tif").toString());
        assertEquals(3, stack.getStackSize());
        assertEquals(24, stack.getBitDepth());
        assertEquals("focus=1.5 m", stack.getStack().getSliceLabel(2));
        CliRun d = CliRun.of("depth", dir.resolve("stack.tif").toString(), "--out",
                dir.resolve("depth.tif").toString(), "--quiet");
        assertEquals(0, d.code, d.err);
        float[] depth = (float[]) IJ.openImage(dir.resolve("depth.tif").toString()).getProcessor().getPixels();
        // Three slices only, and a disk-like PSF: the peak fit lands within 10 % of the truth.
        assertEquals(1.5, depth[20 * 48 + 24], 0.15, "the in-focus middle slice wins");
    }

    @Test
    void microscopeStacksAreInMicrometres() throws IOException {
        int w = 48;
        int h = 40;
        float[] tex = TestStacks.noise(w, h, 2);
        Path gray = dir.resolve("gray.tif");
        new FileSaver(new ImagePlus("g", new FloatProcessor(w, h, tex))).saveAsTiff(gray.toString());
        CliRun r = CliRun.of("simulate", "--image", gray.toString(), "--depth",
                depth(w, h, 4f, "h.npy").toString(), "--optics", "microscope", "--na", "0.5", "--magnification", "4",
                "--focus", "0,2,4,6,8", "--out", dir.resolve("stack.tif").toString());
        assertEquals(0, r.code, r.err);
        ImagePlus stack = IJ.openImage(dir.resolve("stack.tif").toString());
        assertEquals("focus=4.0 µm", stack.getStack().getSliceLabel(3));
        assertEquals(32, stack.getBitDepth());
        float[] inFocus = (float[]) stack.getStack().getPixels(3);
        float[] defocused = (float[]) stack.getStack().getPixels(1);
        assertEquals(tex[500], inFocus[500], 1e-3, "4 µm height is in focus at z = 4 µm (Airy radius 0.41 px: copied)");
        assertTrue(Math.abs(tex[500] - defocused[500]) > 1e-3);
    }

    @Test
    void sizeMismatch() throws IOException {
        CliRun r = CliRun.of("simulate", "--image", rgb(48, 40).toString(), "--depth",
                depth(40, 40, 1, "d.tif").toString(), "--focus", "1,2", "--out", dir.resolve("stack.tif").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code);
        assertTrue(r.err.contains("depth map is 40x40 but") && r.err.contains("is 48x40"), r.err);
        assertNoOutput();
    }

    @Test
    void nonPositiveAndNaNDepth() throws IOException {
        for (float bad : new float[] {0f, -1f, Float.NaN}) {
            CliRun r = CliRun.of("simulate", "--image", rgb(48, 40).toString(), "--depth",
                    depth(48, 40, bad, "bad.npy").toString(), "--focus", "1,2", "--out", dir.resolve("stack.tif").toString());
            assertEquals(Main.EXIT_BAD_INPUT, r.code, "depth " + bad);
            assertTrue(r.err.contains("bad.npy: depth at pixel (0, 0) is " + bad), r.err);
            assertNoOutput();
        }
    }

    @Test
    void focalLengthBeyondFocusDistance() throws IOException {
        CliRun r = CliRun.of("simulate", "--image", rgb(48, 40).toString(), "--depth",
                depth(48, 40, 1, "d.tif").toString(), "--focus", "0.04,1", "--focal-length-mm", "50",
                "--out", dir.resolve("stack.tif").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code);
        assertTrue(r.err.contains("is not beyond the focal length 50.0 mm"), r.err);
        assertNoOutput();
    }

    @Test
    void badOpticsAndPsfParameters() throws IOException {
        String[][] cases = {
            {"--fnumber", "0"}, {"--fnumber", "-2"}, {"--psf", "power-exp", "--p", "0"}, {"--psf", "power-exp", "--p", "-1"},
            {"--kernel-size", "4"}, {"--kernel-size", "1"}, {"--psf", "airy"}, {"--renderer", "raytrace"},
        };
        String[] expected = {"--fnumber", "--fnumber", "--p", "--p", "--kernel-size", "--kernel-size", "--psf", "--renderer"};
        for (int i = 0; i < cases.length; i++) {
            CliRun r = simulate(cases[i]);
            assertEquals(Main.EXIT_BAD_INPUT, r.code, Arrays.toString(cases[i]));
            assertTrue(r.err.contains("error: " + expected[i]), r.err);
            assertEquals(1, r.err.trim().split("\n").length, r.err);
            assertNoOutput();
        }
    }

    @Test
    void layeredRendererRuns() throws IOException {
        CliRun r = simulate("--renderer", "layered", "--psf", "disk");
        assertEquals(0, r.code, r.err);
        assertTrue(IJ.openImage(dir.resolve("stack.tif").toString()).getInfoProperty().contains("renderer = layered"));
    }

    @Test
    void theLayerCountIsRecorded() throws IOException {
        CliRun r = simulate("--renderer", "layered", "--layers", "8");
        assertEquals(0, r.code, r.err);
        String info = IJ.openImage(dir.resolve("stack.tif").toString()).getInfoProperty();
        assertTrue(info.contains("renderer = layered") && info.contains("layers = 8"), info);
        Files.delete(dir.resolve("stack.tif"));
        assertEquals(0, simulate().code);
        assertTrue(!IJ.openImage(dir.resolve("stack.tif").toString()).getInfoProperty().contains("layers ="),
                "gather has no layers");
    }
}
