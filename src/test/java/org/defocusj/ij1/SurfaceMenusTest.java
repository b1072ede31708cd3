package org.defocusj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.defocusj.command.HeightMapCommand;
import org.defocusj.surface.ArealParameters;
import org.defocusj.surface.HeightField;
import org.defocusj.surface.SurfaceSettings;
import org.defocusj.io.HeightMaps;

/**
 * The surface menu entries as macros call them, on the ground truth of sample-stacks/surface-um (a tilted plane
 * with two 4 um bumps, 0.65 um pixels): the keys, the tables and images they leave, and bad input stopping the
 * macro.
 */
class SurfaceMenusTest {

    static final String GT = Paths.get("sample-stacks", "surface-um", "depth-gt.tif").toAbsolutePath().toString();
    static final String OPEN = "setBatchMode(true); open('" + GT + "');\n";

    @BeforeEach
    @AfterEach
    void reset() {
        MacroHarness.reset();
    }

    @Test
    void levelSurfaceMakesACalibratedLevelledImage() throws Exception {
        MacroHarness.Run r = MacroHarness.run(OPEN + "run('Level Surface', 'height_map=depth-gt.tif "
                + "form_removal=plane');", "");
        assertEquals(List.of("depth-gt.tif", "depth-gt-levelled"), MacroHarness.titles(), r.log);
        ImagePlus lev = WindowManager.getImage("depth-gt-levelled");
        assertEquals("um", lev.getCalibration().getValueUnit());
        assertEquals(0.65, lev.getCalibration().pixelWidth, 1e-6);
        ResultsTable form = HeightMapCommand.table("Fitted Form");
        assertEquals(3, form.size());
        assertEquals(0.0744, form.getValue("value", 1), 0.001, "x tilt in um/um");
        assertTrue(r.log.contains("form removed: plane z ="), r.log);
    }

    @Test
    void surfaceParametersGoToTheResultsTable() throws Exception {
        MacroHarness.Run r = MacroHarness.run(OPEN + "run('Surface Parameters', 'height_map=depth-gt.tif "
                + "form_removal=plane table=Results'); print('Sa=' + getResult('Sa', 0));", "");
        ResultsTable rt = ResultsTable.getResultsTable();
        assertEquals(1, rt.size(), r.log);
        HeightField gt = HeightMaps.read(Paths.get(GT), null);
        ArealParameters expected = SurfaceSettings.defaults().parameters(SurfaceSettings.defaults().prepare(gt, null));
        assertEquals(expected.get("Sa"), rt.getValue("Sa", 0), 1e-6);
        assertEquals(expected.get("Sdr"), rt.getValue("Sdr", 0), 1e-6);
        assertEquals("µm", rt.getStringValue("height_unit", 0));
        assertTrue(r.log.contains("Sa=0."), r.log);
    }

    @Test
    void heightProfileAlongALineRoiAndStepHeight() throws Exception {
        MacroHarness.Run r = MacroHarness.run(OPEN + "makeLine(0.5, 80.5, 255.5, 80.5);"
                + "run('Height Profile', 'height_map=depth-gt.tif form_removal=none');"
                + "run('Step Height', 'height_map=depth-gt.tif form_removal=none "
                + "step_regions=[55,200,30,30:68,78,5,5] step_core_fraction=1');", "");
        ResultsTable p = HeightMapCommand.table("Height Profile");
        assertEquals(256, p.size(), r.log);
        assertEquals(255 * 0.65, p.getValue("distance_µm", 255), 1e-4);
        assertEquals(3 + 4 * Math.exp(-70.0 * 70 / (2 * 22 * 22)), p.getValue("height_µm", 0), 1e-4,
                "the left edge: the plane's 3 um and the tail of bump 1");
        assertTrue(MacroHarness.titles().stream().anyMatch(t -> t.startsWith("Height profile of")),
                MacroHarness.titles().toString());
        ResultsTable s = HeightMapCommand.table("Step Height");
        assertEquals(1, s.size(), r.log);
        assertEquals(4.0, s.getValue("step", 0), 0.05, "bump 1 over the flat below it");
    }

    @Test
    void profileWithoutALineStopsTheMacro() throws Exception {
        MacroHarness.Run r = MacroHarness.run(OPEN + "run('Height Profile', 'height_map=depth-gt.tif'); "
                + "print('after');", "");
        assertTrue(r.log.contains("Height Profile: Profile line: no straight line selection"), r.log);
        assertFalse(r.log.contains("after"), r.log);
        assertEquals(List.of("depth-gt.tif"), MacroHarness.titles());
    }
}
