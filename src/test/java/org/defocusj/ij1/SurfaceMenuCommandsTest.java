package org.defocusj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.surface.SurfaceView;

/**
 * 3D Surface View and Export Surface Mesh as macros call them, on the microscope sample's depth and all-in-focus
 * images: a new RGB view, mesh files, and bad input that stops the macro with nothing made.
 */
class SurfaceMenuCommandsTest {

    private static final String DEPTH = "setBatchMode(true); open('" + Paths.get("sample-stacks", "surface-um",
            "stack.tif").toAbsolutePath() + "');\nrun('Depth from Focus', 'stack=stack.tif all-in-focus=weighted');\n";

    @BeforeEach
    @AfterEach
    void reset() {
        MacroHarness.reset();
    }

    @Test
    void viewWithAndWithoutTexture() throws Exception {
        MacroHarness.Run r = MacroHarness.run(DEPTH + "run('3D Surface View', 'height_map=stack-depth "
                + "texture=stack-all-in-focus azimuth=20 elevation=35 vertical_exaggeration=3 view_size=300 "
                + "supersampling=2 view_colours=auto light_elevation=45');", "");
        assertEquals(List.of("stack.tif", "stack-depth", "stack-all-in-focus", "stack-depth-3d"), MacroHarness.titles(),
                r.log);
        ImagePlus view = WindowManager.getImage("stack-depth-3d");
        assertEquals(ImagePlus.COLOR_RGB, view.getType());
        assertTrue(view.getWidth() >= 300 && view.getWidth() < 400, "view size " + view.getWidth());
        int[] px = (int[]) view.getProcessor().getPixels();
        long surface = java.util.Arrays.stream(px).filter(c -> (c & 0xffffff) != SurfaceView.BACKGROUND).count();
        assertTrue(surface > px.length / 4, "the surface fills the view: " + surface + " of " + px.length);
        MacroHarness.reset();
        r = MacroHarness.run(DEPTH + "run('3D Surface View', 'height_map=stack-depth texture=*None*');", "");
        assertTrue(MacroHarness.titles().contains("stack-depth-3d"), r.log);
    }

    @Test
    void exportPlyWithTheAllInFocusColours(@TempDir Path dir) throws Exception {
        Path ply = dir.resolve("surface.ply");
        MacroHarness.Run r = MacroHarness.run(DEPTH + "run('Export Surface Mesh', 'height_map=stack-depth "
                + "texture=stack-all-in-focus mesh_file=[" + ply + "] mesh_step=2');", "");
        assertTrue(Files.isRegularFile(ply), r.log);
        String header = new String(Files.readAllBytes(ply), 0, 400, StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("element vertex 16384\n"), header); // 128 x 128 vertices, none NaN
        assertTrue(header.contains("element face " + 2 * 127 * 127 + "\n"), header);
        assertTrue(header.contains("x, y, z in \u00b5m") || header.contains("x, y, z in um"), header);
        assertTrue(header.contains("property uchar red"), header);
        assertTrue(r.log.contains("Export Surface Mesh: wrote " + ply), r.log);
        assertEquals(List.of("stack.tif", "stack-depth", "stack-all-in-focus"), MacroHarness.titles());
    }

    @Test
    void badInputStopsTheMacroAndWritesNothing(@TempDir Path dir) throws Exception {
        Path stl = dir.resolve("m.stl");
        MacroHarness.Run r = MacroHarness.run(DEPTH + "run('Export Surface Mesh', 'height_map=stack.tif mesh_file=["
                + stl + "]'); print('after');", "");
        assertTrue(r.log.contains("Export Surface Mesh: Height map: 'stack.tif' has 11 slices"), r.log);
        assertFalse(r.log.contains("after"), r.log);
        MacroHarness.reset();
        r = MacroHarness.run(DEPTH + "newImage('small', 'RGB black', 10, 10, 1);"
                + "run('3D Surface View', 'height_map=stack-depth texture=small'); print('after');", "");
        assertTrue(r.log.contains("3D Surface View: Texture: 10 x 10 pixels, but the height map is 256 x 256"),
                r.log);
        assertFalse(MacroHarness.titles().contains("stack-depth-3d"));
        MacroHarness.reset();
        r = MacroHarness.run(DEPTH + "run('Export Surface Mesh', 'height_map=stack-depth mesh_file=[" + dir.resolve(
                "m.txt") + "]'); print('after');", "");
        assertTrue(r.log.contains("Mesh file: " + dir.resolve("m.txt") + ": unknown mesh format"), r.log);
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "nothing written");
        }
    }
}
