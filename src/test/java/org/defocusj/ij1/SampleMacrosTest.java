package org.defocusj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;
import org.defocusj.eval.DepthMetrics;
import org.defocusj.synth.SyntheticScene;

/**
 * The sample macros of scripts/macros, each run in ImageJ's real macro interpreter (headless, batch mode)
 * with temporary paths as arguments, checked against ground truth.
 */
class SampleMacrosTest {

    static final Path MACROS = Paths.get("scripts", "macros");
    static final Path PLANE_STEP = Paths.get("sample-stacks", "plane-step");

    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void reset() {
        MacroHarness.reset();
    }

    static String path(Path p) {
        return "[" + p.toAbsolutePath() + "]";
    }

    static float[] pixels(ImagePlus imp) {
        return (float[]) imp.getProcessor().getPixels();
    }

    static float[] groundTruth() {
        return pixels(IJ.openImage(PLANE_STEP.resolve("depth-gt.tif").toString()));
    }

    @Test
    void depthFromFocusOnOneStack() throws Exception {
        Path out = dir.resolve("out");
        MacroHarness.Run r = MacroHarness.runFile(MACROS.resolve("depth_from_focus.ijm"),
                "stack=" + path(PLANE_STEP.resolve("stack.tif")) + " output=" + path(out));
        assertTrue(r.log.contains("stack.tif: depth 0.5") && r.log.contains(" m (mean"), r.log);
        ImagePlus depth = IJ.openImage(out.resolve("stack-depth.tif").toString());
        assertNotNull(depth, "the macro saved the depth map");
        ImagePlus stack = IJ.openImage(PLANE_STEP.resolve("stack.tif").toString());
        assertEquals("m", depth.getCalibration().getValueUnit());
        assertEquals(stack.getCalibration().getUnit(), depth.getCalibration().getUnit());
        assertEquals(400, depth.getWidth());
        assertEquals(0.016, TestStacks.absRel(pixels(depth), groundTruth(), null), 0.01);
        ImagePlus confidence = IJ.openImage(out.resolve("stack-confidence.tif").toString());
        assertEquals(32, confidence.getBitDepth());
    }

    @Test
    void batchOverAFolder() throws Exception {
        Path in = Files.createDirectories(dir.resolve("plate"));
        Path out = dir.resolve("depth");
        Files.copy(PLANE_STEP.resolve("stack.tif"), in.resolve("a.tif"));
        TestStacks.RenderedStack b = TestStacks.cameraStack(80, 60, 0.6, 1.1,
                new double[] {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2}, 11);
        new FileSaver(b.image).saveAsTiffStack(in.resolve("b.tif").toString());
        new FileSaver(new ImagePlus("flat", new FloatProcessor(8, 8))).saveAsTiff(in.resolve("flat.tif").toString());
        Files.writeString(in.resolve("notes.txt"), "not an image");

        MacroHarness.Run r = MacroHarness.runFile(MACROS.resolve("batch_depth_from_focus.ijm"),
                "input=" + path(in) + " output=" + path(out));
        assertTrue(r.log.contains("skipped flat.tif: not a stack"), r.log);
        assertTrue(r.log.contains("DefocusJ batch: 2 depth map(s)"), r.log);
        ImagePlus a = IJ.openImage(out.resolve("a-depth.tif").toString());
        assertEquals("m", a.getCalibration().getValueUnit());
        assertEquals(0.016, TestStacks.absRel(pixels(a), groundTruth(), null), 0.01);
        ImagePlus bd = IJ.openImage(out.resolve("b-depth.tif").toString());
        assertEquals("m", bd.getCalibration().getValueUnit());
        assertTrue(TestStacks.absRel(pixels(bd), b.depth, null) < 0.06, "small rendered stack");
        assertFalse(Files.exists(out.resolve("flat-depth.tif")));
        assertEquals(0, MacroHarness.titles().size(), "the batch closes what it opens: " + MacroHarness.titles());
    }

    @Test
    void simulateThenEvaluate() throws Exception {
        int w = 120;
        int h = 90;
        SyntheticScene scene = SyntheticScene.planeAndStep(w, h, 0.55, 1.15, 5);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = ((int) scene.rgb()[0][i] << 16) | ((int) scene.rgb()[1][i] << 8) | (int) scene.rgb()[2][i];
        }
        Path aif = dir.resolve("aif.png");
        new FileSaver(new ImagePlus("aif", new ColorProcessor(w, h, px))).saveAsPng(aif.toString());
        ImagePlus gtImage = new ImagePlus("gt", new FloatProcessor(w, h, scene.depth().clone()));
        gtImage.getCalibration().setValueUnit("m");
        Path gt = dir.resolve("gt.tif");
        new FileSaver(gtImage).saveAsTiff(gt.toString());

        // 36 mm across 400 pixels, as plane-step: the same blur per pixel at 120 pixels.
        String sensor = String.format(Locale.ROOT, "%.4f", 36.0 * w / 400);
        MacroHarness.Run r = MacroHarness.runFile(MACROS.resolve("simulate_then_evaluate.ijm"),
                "image=" + path(aif) + " depth=" + path(gt) + " sensor=" + sensor);
        ResultsTable rt = ResultsTable.getResultsTable();
        assertEquals(1, rt.size(), r.log);
        for (String key : DepthMetrics.KEYS) {
            assertTrue(rt.columnExists(key), key);
        }
        assertEquals("aif-focus-stack-depth", rt.getStringValue("prediction", 0));
        assertEquals("gt.tif", rt.getStringValue("ground_truth", 0));
        double absRel = rt.getValue("abs_rel", 0);
        assertTrue(absRel < 0.05, "abs_rel " + absRel);
        assertTrue(rt.getValue("d1", 0) > 0.95, "d1 " + rt.getValue("d1", 0));
        assertTrue(r.log.contains("aif-focus-stack-depth vs gt.tif: abs_rel "
                + String.format(Locale.ROOT, "%.4f", absRel)), r.log);
    }

    @Test
    void macroExtensions() throws Exception {
        MacroHarness.Run r = MacroHarness.runFile(MACROS.resolve("macro_extensions.ijm"),
                "stack=" + path(PLANE_STEP.resolve("stack.tif")) + " gt=" + path(PLANE_STEP.resolve("depth-gt.tif")));
        assertTrue(r.log.contains("stack-depth: 0.5") && r.log.contains("1.2000 m"), r.log);
        ResultsTable rt = ResultsTable.getResultsTable();
        assertEquals(1, rt.size(), r.log);
        assertEquals("stack-depth", rt.getStringValue("prediction", 0));
        assertEquals(0.016, rt.getValue("abs_rel", 0), 0.01);
    }
}
