package org.defocusj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import org.defocusj.BadInputException;
import org.defocusj.surface.HeightField;

/** 3D Surface View and Export Surface Mesh through a headless SciJava context, as scripts run them. */
class SurfaceCommandsTest {

    private static Context context;

    @BeforeAll
    static void start() {
        context = new Context();
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    /** Runs a command as scripts do (through the module service: DynamicCommands give no Future otherwise). */
    private static Module run(Class<? extends Command> type, Object... inputs) throws Exception {
        return context.service(ModuleService.class).run(command(type), true, inputs).get();
    }

    private static CommandInfo command(Class<? extends Command> type) {
        return context.service(CommandService.class).getCommand(type);
    }

    private static ImagePlus depth() {
        ImagePlus imp = IJ.openImage(CommandsTest.PLANE_STEP.resolve("depth-gt.tif").toString());
        assertNotNull(imp);
        return imp;
    }

    @Test
    void indexedHeadlessWithoutMenuPaths() {
        for (Class<? extends Command> c : List.of(SurfaceViewCommand.class, ExportSurfaceMeshCommand.class)) {
            CommandInfo info = command(c);
            assertNotNull(info, c + " is in the plugin index");
            assertTrue(info.getMenuPath() == null || info.getMenuPath().isEmpty());
            assertTrue(info.canRunHeadless());
        }
    }

    @Test
    void viewIsANewRgbImage() throws Exception {
        ImagePlus depth = depth();
        Module m = run(SurfaceViewCommand.class, "heightMap", depth, "azimuth", 10.0, "elevation", 50.0, "viewSize",
                256);
        ImagePlus view = (ImagePlus) m.getOutput("view");
        assertEquals(ImagePlus.COLOR_RGB, view.getType());
        assertEquals("depth-gt-3d", view.getTitle());
        assertTrue(view.getWidth() >= 256);
    }

    @Test
    void meshFileAndBadInput(@TempDir Path dir) throws Exception {
        ImagePlus depth = depth();
        File stl = dir.resolve("plane.stl").toFile();
        Module m = run(ExportSurfaceMeshCommand.class, "heightMap", depth, "mesh", stl, "meshStep", 4);
        assertEquals(2L * 99 * 74, ((ExportSurfaceMeshCommand) m).summary().triangles(), "400 x 300 at step 4");
        assertEquals(84 + 50L * 2 * 99 * 74, Files.size(stl.toPath()));

        float[] nan = new float[16];
        java.util.Arrays.fill(nan, Float.NaN);
        ImagePlus empty = new ImagePlus("empty", new FloatProcessor(4, 4, nan));
        ExecutionException e = assertThrows(ExecutionException.class, () -> run(ExportSurfaceMeshCommand.class,
                "heightMap", empty, "mesh", dir.resolve("e.ply").toFile()));
        Throwable t = e;
        while (t != null && !(t instanceof BadInputException)) {
            t = t.getCause();
        }
        assertNotNull(t, "bad input");
        assertTrue(t.getMessage().startsWith("Mesh file: no triangle left"), t.getMessage());
        assertFalse(Files.exists(dir.resolve("e.ply")));
    }

    @Test
    void heightMapCalibrationBecomesTheFieldsUnits() {
        ImagePlus depth = depth();
        HeightField f = SurfaceViewCommand.heightField(depth, "height-map");
        assertEquals("m", f.heightUnit());
        assertEquals(depth.getCalibration().scaled(), f.xyCalibrated());
        ImagePlus um = new ImagePlus("um", new FloatProcessor(3, 2));
        um.getCalibration().setUnit("micron");
        um.getCalibration().pixelWidth = 0.65;
        um.getCalibration().pixelHeight = 0.65;
        um.getCalibration().setValueUnit("um");
        HeightField g = SurfaceViewCommand.heightField(um, "height-map");
        assertEquals("µm", g.xyUnit());
        assertEquals("µm", g.heightUnit());
        assertEquals(0.65, g.pixelWidth(), 0);
        assertTrue(g.xyCalibrated());
    }
}
