package org.defocusj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.process.LUT;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.io.DepthPng;

/**
 * The menu entries as macros call them, {@code run("Depth from Focus", "key=value ...")}: the keys the
 * recorder writes, the images they leave (batch mode), and bad input reported in the Log with the macro
 * stopped and no new image.
 */
class MenuCommandsTest {

    static final String OPEN = "setBatchMode(true); open('" + Paths.get("sample-stacks", "plane-step", "stack.tif")
            .toAbsolutePath() + "');\n";

    @BeforeEach
    @AfterEach
    void reset() {
        MacroHarness.reset();
    }

    @Test
    void recordedOptionsGiveCalibratedViridisImages() throws Exception {
        MacroHarness.Run r = MacroHarness.run(OPEN + "run('Depth from Focus', 'stack=stack.tif focus_distances=auto "
                + "unit=m focus_measure=tenengrad window=7 interpolation=auto all-in-focus=sharpest min_confidence=0.1 "
                + "fill_low_confidence confidence_map');", "");
        assertEquals(List.of("stack.tif", "stack-depth", "stack-confidence", "stack-all-in-focus"),
                MacroHarness.titles(), r.log);
        ImagePlus depth = WindowManager.getImage("stack-depth");
        assertEquals("m", depth.getCalibration().getValueUnit());
        assertEquals(WindowManager.getImage("stack.tif").getCalibration().getUnit(), depth.getCalibration().getUnit());
        String info = depth.getInfoProperty();
        assertTrue(info.contains("measure = tenengrad") && info.contains("window = 7"), info);
        LUT lut = depth.getProcessor().getLut();
        assertEquals(DepthPng.viridis(1.0) & 0xffffff, lut.getRGB(255) & 0xffffff);
        float[] d = (float[]) depth.getProcessor().getPixels();
        for (float v : d) {
            assertTrue(Float.isFinite(v), "fill_low_confidence leaves no NaN");
        }
    }

    @Test
    void batchProcessFolderFromAMacro(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in dir"));
        Path stack = Paths.get("sample-stacks", "plane-step");
        Files.copy(stack.resolve("stack.tif"), in.resolve("a.tif"));
        Files.copy(stack.resolve("stack.focus.txt"), in.resolve("a.focus.txt"));
        Files.write(in.resolve("b.tif"), new byte[] {1, 2, 3});
        Path out = dir.resolve("out");
        MacroHarness.Run r = MacroHarness.run("run('Batch Process Folder', 'input_folder=[" + in + "] output_folder=["
                + out + "] method=dff focus_distances=auto unit=m focus_measure=sml window=9 model=builtin:tiny "
                + "focal_length_px=0 focal_length_mm=0 sensor_width_mm=0 ground_truth_folder=[] parallel_stacks=2');",
                "");
        assertTrue(Files.isRegularFile(out.resolve("a").resolve("depth.tif")), r.log);
        assertTrue(Files.isRegularFile(out.resolve("a").resolve("done.json")), r.log);
        assertFalse(Files.exists(out.resolve("b").resolve("done.json")), r.log);
        assertEquals(List.of(), MacroHarness.titles(), "a batch writes files and opens no image");
    }

    @Test
    void absentCheckboxesAreOffAsInGenericDialog() throws Exception {
        MacroHarness.run(OPEN + "run('Depth from Focus', 'stack=stack.tif all-in-focus=none');", "");
        assertEquals(List.of("stack.tif", "stack-depth"), MacroHarness.titles());
    }

    @Test
    void evaluateIntoANamedTableAndTheResultsTable() throws Exception {
        String gt = Paths.get("sample-stacks", "plane-step", "depth-gt.tif").toAbsolutePath().toString();
        MacroHarness.Run r = MacroHarness.run(OPEN + "run('Depth from Focus', 'stack=stack.tif all-in-focus=none');"
                + "open('" + gt + "');"
                + "run('Evaluate Depth Map', 'prediction=stack-depth ground_truth=depth-gt.tif min_depth=0.6 "
                + "max_depth=1.0');"
                + "print('abs_rel=' + getResult('abs_rel', 0));", "");
        ResultsTable rt = ResultsTable.getResultsTable();
        assertEquals(1, rt.size());
        assertTrue(rt.getValue("valid_pixels", 0) < 120000, "the depth range leaves pixels out");
        assertTrue(r.log.contains("abs_rel=0.0"), r.log);
    }

    private static void assertStopped(MacroHarness.Run r, String message, List<String> images) {
        assertTrue(r.log.contains(message), "log names the parameter: " + r.log);
        assertFalse(r.log.contains("after"), "the macro stopped: " + r.log);
        assertEquals(images, MacroHarness.titles(), "no new image");
    }

    @Test
    void singleImageIsNotAStack() throws Exception {
        MacroHarness.Run r = MacroHarness.run("setBatchMode(true); newImage('flat', '8-bit noise', 20, 20, 1);"
                + "run('Depth from Focus', 'stack=flat'); print('after');", "");
        assertStopped(r, "Depth from Focus: Stack: 'flat' has 1 focus slice", List.of("flat"));
    }

    @Test
    void focusListLengthMismatch() throws Exception {
        MacroHarness.Run r = MacroHarness.run(OPEN + "run('Depth from Focus', 'stack=stack.tif "
                + "focus_distances=0.5,0.8,1.2 unit=m'); print('after');", "");
        assertStopped(r, "Depth from Focus: Focus distances: 3 focus distances given but stack.tif has 8 slices",
                List.of("stack.tif"));
    }

    @Test
    void unknownImageBadChoiceAndBadNumber() throws Exception {
        MacroHarness.Run r = MacroHarness.run(OPEN + "run('Depth from Focus', 'stack=nope'); print('after');", "");
        assertStopped(r, "Stack: no open image is titled 'nope'", List.of("stack.tif"));
        MacroHarness.reset();
        r = MacroHarness.run(OPEN + "run('Depth from Focus', 'stack=stack.tif focus_measure=laplace'); print('after');",
                "");
        assertStopped(r, "Focus measure: 'laplace' is not one of sml, ssml, tenengrad, variance", List.of("stack.tif"));
        MacroHarness.reset();
        r = MacroHarness.run(OPEN + "run('Depth from Focus', 'stack=stack.tif window=abc'); print('after');", "");
        assertStopped(r, "Window: 'abc' is not a number", List.of("stack.tif"));
        MacroHarness.reset();
        r = MacroHarness.run(OPEN + "run('Depth from Focus', 'stack=stack.tif window=8'); print('after');", "");
        assertStopped(r, "Window: expected an odd number", List.of("stack.tif"));
    }

    @Test
    void fossaWithoutFocalLength() throws Exception {
        MacroHarness.Run r = MacroHarness.run(OPEN + "run('FOSSA Depth', 'stack=stack.tif'); print('after');", "");
        assertStopped(r, "FOSSA Depth: Focal length px: FOSSA needs the camera's focal length", List.of("stack.tif"));
    }

    @Test
    void macroExtensionErrorsStopTheMacro() throws Exception {
        MacroHarness.Run r = MacroHarness.run("run('DefocusJ Macro Extensions');" + OPEN
                + "d = Ext.depthFromFocus('stack.tif', '1,2', 'sml', 9); print('after');", "");
        assertStopped(r, "Ext.depthFromFocus: Focus distances: 2 focus distances given", List.of("stack.tif"));
        MacroHarness.reset();
        r = MacroHarness.run("run('DefocusJ Macro Extensions'); setBatchMode(true);"
                + "Ext.evaluate('missing', 'gone'); print('after');", "");
        assertStopped(r, "Ext.evaluate: predictionTitle: no open image is titled 'missing'", List.of());
    }

    @Test
    void macroExtensionsSimulateAndHelp() throws Exception {
        String gt = Paths.get("sample-stacks", "plane-step", "depth-gt.tif").toAbsolutePath().toString();
        MacroHarness.Run r = MacroHarness.run("run('DefocusJ Macro Extensions'); setBatchMode(true);"
                + "newImage('aif', 'RGB noise', 400, 300, 1);"
                + "open('" + gt + "');"
                + "s = Ext.simulate('aif', 'depth-gt.tif', '0.6,0.9,1.2', 'm', 1.4, 50, 36);"
                + "print('simulated ' + s + ' ' + nSlices);"
                + "Ext.help();", "");
        assertTrue(r.log.contains("simulated aif-focus-stack 3"), r.log);
        assertTrue(r.log.contains("Ext.depthFromFocus(title, focusList, measure, window [, unit])"), r.log);
    }
}
