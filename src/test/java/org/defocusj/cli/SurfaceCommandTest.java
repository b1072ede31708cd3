package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.io.HeightMaps;
import org.defocusj.io.TiffWriter;
import org.defocusj.surface.ArealParameters;
import org.defocusj.surface.HeightField;

/** {@code defocusj surface}: results with units, the files of --out, and bad input (exit 2, nothing written). */
class SurfaceCommandTest {

    @TempDir
    Path dir;

    /** A tilted, calibrated 0.5 um grid with a 2 um square plateau in the middle and a ripple. */
    private Path heightMap(String name, boolean calibrated) throws IOException {
        int w = 120;
        int h = 100;
        float[] z = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean plateau = x >= 40 && x < 80 && y >= 30 && y < 70;
                z[y * w + x] = (float) (5 + 0.02 * x - 0.01 * y + (plateau ? 2 : 0) + 0.05 * Math.sin(x / 3.0));
            }
        }
        HeightField f = calibrated ? HeightField.calibrated(w, h, z, 0.5, 0.5, "µm", "µm")
                : HeightField.uncalibrated(w, h, z, "µm");
        Path file = dir.resolve(name);
        TiffWriter.write(HeightMaps.toImage(f, name, null), file);
        return file;
    }

    @Test
    void writesTheViewAndATexturedMeshOfTheMeasuredSurface() throws IOException {
        Path in = heightMap("height.tif", true);
        float[] grey = new float[120 * 100];
        java.util.Arrays.fill(grey, 128);
        Path aif = dir.resolve("aif.tif");
        new FileSaver(new ImagePlus("aif", new FloatProcessor(120, 100, grey))).saveAsTiff(aif.toString());
        Path view = dir.resolve("view.png");
        Path mesh = dir.resolve("surface.obj");
        CliRun r = CliRun.of("surface", in.toString(), "--view", view.toString(), "--azimuth", "20",
                "--view-size", "200", "--mesh", mesh.toString(), "--texture", aif.toString(), "--mesh-step", "2");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("mesh: obj"), r.out);
        // 60 x 50 vertices at step 2: 2 * 59 * 49 triangles.
        assertTrue(r.out.contains("3000 vertices, 5782 triangles"), r.out);
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(view.toFile());
        assertTrue(png.getWidth() >= 200, "view width " + png.getWidth());
        assertTrue(Files.size(dir.resolve("surface.mtl")) > 0);
        assertTrue(Files.size(dir.resolve("surface-texture.png")) > 0);
        // Not asked for parameters: none printed.
        assertFalse(r.out.contains("Sa "), r.out);
    }

    @Test
    void aMeshOfAnUnknownFormatOrATextureOfAnotherSizeWritesNothing() throws IOException {
        Path in = heightMap("height.tif", true);
        Path view = dir.resolve("view.png");
        CliRun r = CliRun.of("surface", in.toString(), "--view", view.toString(), "--mesh",
                dir.resolve("surface.dxf").toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("--mesh"), r.err);
        Path small = dir.resolve("small.tif");
        new FileSaver(new ImagePlus("s", new FloatProcessor(10, 10))).saveAsTiff(small.toString());
        r = CliRun.of("surface", in.toString(), "--view", view.toString(), "--texture", small.toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("--texture"), r.err);
        assertFalse(Files.exists(view));
    }

    @Test
    void printsParametersProfileAndStepWithUnitsAndWritesFiles() throws IOException {
        Path in = heightMap("height.tif", true);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("surface", in.toString(), "--level", "plane", "--parameters", "--profile",
                "0,50,119,50", "--steps", "5,5,20,20:50,40,20,20", "--out", out.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("heights in µm"), r.out);
        assertTrue(r.out.contains("form removed: plane z ="), r.out);
        assertTrue(r.out.matches("(?s).*Sa +[0-9.]+ µm.*"), r.out);
        assertTrue(r.out.contains("profile: length 59.5 µm, 120 samples"), r.out);
        assertTrue(r.out.contains("step height: 2"), r.out);
        for (String f : List.of("levelled.tif", "form.csv", "parameters.csv", "parameters.md", "profile.csv",
                "profile.png", "steps.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        String csv = Files.readString(out.resolve("parameters.csv"), StandardCharsets.UTF_8);
        assertTrue(csv.contains("\nSa,"), csv);
        assertTrue(csv.contains(",µm,arithmetic mean height"), csv);
        // The levelled file is the measured surface: its parameters are the printed ones.
        HeightField levelled = HeightMaps.read(out.resolve("levelled.tif"), null);
        assertEquals("µm", levelled.xyUnit());
        assertEquals("µm", levelled.heightUnit());
        assertEquals(0.5, levelled.pixelWidth(), 1e-6);
        ArealParameters p = ArealParameters.of(levelled);
        String saLine = csv.lines().filter(l -> l.startsWith("Sa,")).findFirst().orElseThrow();
        assertEquals(p.get("Sa"), Double.parseDouble(saLine.split(",")[1]), 1e-6 * p.get("Sa"));
        String steps = Files.readString(out.resolve("steps.csv"), StandardCharsets.UTF_8);
        double step = Double.parseDouble(steps.lines().filter(l -> l.startsWith("step,")).findFirst().orElseThrow()
                .split(",")[10]);
        assertEquals(2.0, step, 0.1, "the plateau's height after levelling, within the ripple");
        assertTrue(Files.readString(out.resolve("profile.csv")).startsWith("distance_µm,x_px,y_px,height_µm\n"));
    }

    @Test
    void parametersAreTheDefaultAndUncalibratedXyWarns() throws IOException {
        CliRun r = CliRun.of("surface", heightMap("px.tif", false).toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("Sdq"), r.out);
        assertTrue(r.out.contains("xy not calibrated"), r.out);
        assertTrue(r.err.contains("warning: the xy pixel size is not calibrated"), r.err);
        assertTrue(r.out.matches("(?s).*Sdq +[0-9.]+ µm/pixel.*"), r.out);
    }

    @Test
    void confidenceWeightsAndExcludes() throws IOException {
        Path in = heightMap("height.tif", true);
        float[] c = new float[120 * 100];
        java.util.Arrays.fill(c, 0.9f);
        for (int i = 0; i < 500; i++) {
            c[i] = 0.1f;
        }
        Path conf = dir.resolve("conf.tif");
        new FileSaver(new ImagePlus("c", new FloatProcessor(120, 100, c))).saveAsTiff(conf.toString());
        CliRun r = CliRun.of("surface", in.toString(), "--confidence", conf.toString(), "--min-confidence", "0.5");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("over 11500 valid pixels"), r.out);
        assertTrue(r.out.contains("left out 500 pixel(s)"), r.out);
    }

    @Test
    void badInputExitsTwoAndWritesNothing() throws IOException {
        Path in = heightMap("height.tif", true);
        Path out = dir.resolve("never");
        Path sixteen = dir.resolve("16bit.tif");
        new FileSaver(new ImagePlus("s", new ShortProcessor(120, 100))).saveAsTiff(sixteen.toString());
        Path twoPlanes = dir.resolve("two.tif");
        ImageStack st = new ImageStack(120, 100);
        st.addSlice(new FloatProcessor(120, 100));
        st.addSlice(new FloatProcessor(120, 100));
        new FileSaver(new ImagePlus("t", st)).saveAsTiffStack(twoPlanes.toString());
        Path small = dir.resolve("small.tif");
        new FileSaver(new ImagePlus("c", new FloatProcessor(60, 50))).saveAsTiff(small.toString());
        Path nan = dir.resolve("nan.tif");
        float[] allNan = new float[120 * 100];
        java.util.Arrays.fill(allNan, Float.NaN);
        new FileSaver(new ImagePlus("n", new FloatProcessor(120, 100, allNan))).saveAsTiff(nan.toString());
        Path low = dir.resolve("low.tif");
        float[] lowConfidence = new float[120 * 100];
        java.util.Arrays.fill(lowConfidence, 0.9f);
        new FileSaver(new ImagePlus("l", new FloatProcessor(120, 100, lowConfidence))).saveAsTiff(low.toString());
        Untouched inputs = Untouched.of(in, sixteen, twoPlanes, small, nan, low);
        String o = out.toString();
        CliRun.of("surface", sixteen.toString(), "--out", o).assertBadInput("surface", "16bit.tif", "16-bit",
                "32-bit");
        CliRun.of("surface", twoPlanes.toString(), "--out", o).assertBadInput("surface", "two.tif", "2 planes");
        CliRun.of("surface", in.toString(), "--confidence", small.toString(), "--out", o)
                .assertBadInput("surface", "--confidence", "60 x 50", "120 x 100");
        CliRun.of("surface", in.toString(), "--steps", "100,90,30,30:0,0,5,5", "--out", o)
                .assertBadInput("surface", "--steps", "outside the 120 x 100 image");
        CliRun.of("surface", in.toString(), "--profile", "10,10,10,10", "--out", o)
                .assertBadInput("surface", "--profile", "zero length");
        CliRun.of("surface", in.toString(), "--profile", "10,10,130,10", "--out", o)
                .assertBadInput("surface", "--profile", "outside");
        CliRun.of("surface", in.toString(), "--level", "poly4", "--out", o)
                .assertBadInput("surface", "--level", "order 4 is above 3");
        CliRun.of("surface", nan.toString(), "--out", o).assertBadInput("surface", "no valid height");
        CliRun.of("surface", in.toString(), "--confidence", low.toString(), "--min-confidence", "1", "--out", o)
                .assertBadInput("surface", "--min-confidence", "no valid height");
        CliRun.of("surface", in.toString(), "--s-filter", "5", "--l-filter", "2", "--out", o)
                .assertBadInput("surface", "--s-filter", "--l-filter");
        assertFalse(Files.exists(out), "no output folder after bad input");
        inputs.check();
    }

    @Test
    void aMeshWithNothingLeftAfterTheConfidenceCutExitsTwoAndWritesNothing() throws IOException {
        // Confident pixels on a checkerboard only: heights are left to measure, but no mesh cell has three
        // valid corners. Nothing of the run may appear, the view and the --out folder included.
        Path in = heightMap("height.tif", true);
        float[] c = new float[120 * 100];
        for (int i = 0; i < c.length; i++) {
            c[i] = ((i % 120) + (i / 120)) % 2 == 0 ? 0.9f : 0.1f;
        }
        Path conf = dir.resolve("conf.tif");
        new FileSaver(new ImagePlus("c", new FloatProcessor(120, 100, c))).saveAsTiff(conf.toString());
        Untouched inputs = Untouched.of(in, conf);
        Path out = dir.resolve("never");
        Path view = dir.resolve("view.png");
        Path mesh = dir.resolve("surface.stl");
        CliRun.of("surface", in.toString(), "--confidence", conf.toString(), "--min-confidence", "0.5", "--view",
                view.toString(), "--mesh", mesh.toString(), "--out", out.toString())
                .assertBadInput("surface", "--mesh", "no triangle left", "three valid corners");
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(view));
        assertFalse(Files.exists(mesh));
        inputs.check();
    }

    @Test
    void filtersKeepHalfTheAmplitudeAtTheCutOff() throws IOException {
        // A 10 um wave: the S-filter with a 10 um cut-off keeps half of it (ISO 16610-61's definition).
        int w = 400;
        int h = 40;
        float[] z = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                z[y * w + x] = (float) Math.sin(2 * Math.PI * x * 0.5 / 10);
            }
        }
        Path in = dir.resolve("wave.tif");
        TiffWriter.write(HeightMaps.toImage(HeightField.calibrated(w, h, z, 0.5, 0.5, "µm", "µm"), "w", null), in);
        Path out = dir.resolve("f");
        CliRun r = CliRun.of("surface", in.toString(), "--level", "none", "--s-filter", "10", "--out", out.toString());
        assertEquals(0, r.code, r::toString);
        HeightField s = HeightMaps.read(out.resolve("levelled.tif"), null);
        // Away from the ends, where the normalised kernel is whole.
        double peak = 0;
        for (int x = 100; x < 300; x++) {
            peak = Math.max(peak, Math.abs(s.at(x, 20)));
        }
        assertEquals(0.5, peak, 0.005, "amplitude kept at the cut-off wavelength");
    }
}
