package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;

class DepthCommandTest {

    @TempDir
    Path dir;

    @Test
    void cameraStackGivesMetricDepthAndAllOutputs() throws Exception {
        double[] focus = {0.5, 0.6, 0.75, 1.0, 1.2};
        TestStacks.RenderedStack rs = TestStacks.cameraStack(120, 90, 0.55, 1.15, focus, 1);
        Path tif = dir.resolve("camera.tif");
        new FileSaver(rs.image).saveAsTiffStack(tif.toString());
        Path outDir = dir.resolve("out");
        CliRun r = CliRun.of("depth", tif.toString(), "--method", "dff", "--focus", "0.5,0.6,0.75,1.0,1.2", "--unit", "m",
                "--out", outDir.resolve("depth.tif").toString(), "--confidence", outDir.resolve("conf.tif").toString(),
                "--all-in-focus", outDir.resolve("aif.tif").toString(), "--png", outDir.resolve("depth.png").toString(),
                "--threads", "2");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("wrote " + outDir.resolve("depth.tif").toAbsolutePath()), r.out);
        ImagePlus depth = IJ.openImage(outDir.resolve("depth.tif").toString());
        assertEquals("m", depth.getCalibration().getValueUnit());
        float[] d = (float[]) depth.getProcessor().getPixels();
        assertTrue(TestStacks.absRel(d, rs.depth, null) < 0.06);
        ImagePlus aif = IJ.openImage(outDir.resolve("aif.tif").toString());
        assertEquals(24, aif.getBitDepth(), "RGB stack gives an RGB all-in-focus image");
        assertTrue(Files.size(outDir.resolve("depth.png")) > 1000);
        assertEquals(32, IJ.openImage(outDir.resolve("conf.tif").toString()).getBitDepth());
        try (java.util.stream.Stream<Path> files = Files.list(outDir)) {
            assertEquals(4, files.count(), "no temporary files left");
        }
    }

    @Test
    void micrometreStackFromZCalibrationNeedsNoFocusOption() throws Exception {
        double[] focus = {0, 2, 4, 6, 8};
        int w = 48;
        int h = 32;
        float[] truth = new float[w * h];
        java.util.Arrays.fill(truth, 5f);
        ImagePlus imp = TestStacks.contrastCodedStack(truth, w, h, focus, 2, 3);
        imp.getCalibration().pixelDepth = 2;
        imp.getCalibration().setZUnit("micron");
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().setUnit("micron");
        Path tif = dir.resolve("sweep.tif");
        new FileSaver(imp).saveAsTiffStack(tif.toString());
        Path out = dir.resolve("height.tif");
        CliRun r = CliRun.of("depth", tif.toString(), "--out", out.toString(), "--measure", "variance", "--quiet");
        assertEquals(0, r.code, r.err);
        assertEquals("", r.out);
        ImagePlus depth = IJ.openImage(out.toString());
        assertEquals("um", depth.getCalibration().getValueUnit());
        assertEquals(0.5, depth.getCalibration().pixelWidth, 1e-6);
        assertEquals(5.0, ((float[]) depth.getProcessor().getPixels())[16 * w + 24], 1e-3);
    }

    @Test
    void unknownDistancesGiveRelativeDepthClearlyLabelled() throws Exception {
        Path tif = dir.resolve("s.tif");
        new FileSaver(TestStacks.randomBytes(30, 20, 4, 2)).saveAsTiffStack(tif.toString());
        Path out = dir.resolve("d.tif");
        CliRun r = CliRun.of("depth", tif.toString(), "--focus", "index", "--out", out.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("relative depth: fractional slice index"), r.out);
        ImagePlus depth = IJ.openImage(out.toString());
        assertEquals("slice", depth.getCalibration().getValueUnit());
        assertTrue(depth.getInfoProperty().contains("relative = true"));
    }

    /** A stack stored as grey channels (as Python tifffile's ImageJ mode writes it) is read along C, with a note. */
    @Test
    void slicesStoredAsChannelsAreReadWithANoteOnStderr() throws Exception {
        ImagePlus imp = TestStacks.randomBytes(30, 20, 4, 5);
        imp.setDimensions(4, 1, 1);
        imp = new CompositeImage(imp, IJ.GRAYSCALE);
        Path tif = dir.resolve("channels.tif");
        new FileSaver(imp).saveAsTiff(tif.toString());
        Path out = dir.resolve("d.tif");
        CliRun r = CliRun.of("depth", tif.toString(), "--focus", "index", "--out", out.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.err.contains("defocusj depth: note: " + tif + ": its 4 channels are taken as the focus slices"),
                r::toString);
        assertTrue(r.err.contains("--focus-axis"), r::toString);
        assertTrue(r.out.contains("4 slices"), r::toString);
        assertTrue(r.systemOut.isBlank() && r.systemErr.isBlank(), r::toString);
        assertTrue(IJ.openImage(out.toString()).getInfoProperty().contains("notes = "), "the note is recorded");

        CliRun z = CliRun.of("depth", tif.toString(), "--focus", "index", "--focus-axis", "z", "--out",
                dir.resolve("z.tif").toString());
        z.assertBadInput("depth", "has 1 focus slice", "--focus-axis c");
    }

    @Test
    void helpListsEveryOption() {
        CliRun r = CliRun.of("depth", "--help");
        assertEquals(0, r.code);
        for (String opt : new String[] {"--method", "--focus", "--focus-file", "--unit", "--out", "--confidence",
            "--all-in-focus", "--png", "--measure", "--window", "--threads", "--aif-mode", "--interpolation",
            "--min-confidence", "--fill", "--focus-axis"}) {
            assertTrue(r.out.contains(opt), opt);
        }
    }

    @Test
    void everySubcommandsHelpFormatsCleanly() {
        for (String[] cmd : new String[][] {{"--help"}, {"depth", "--help"}, {"evaluate", "--help"},
            {"simulate", "--help"}, {"synth", "--help"}, {"model", "--help"}, {"model", "info", "--help"}}) {
            CliRun r = CliRun.of(cmd);
            assertEquals(0, r.code, String.join(" ", cmd));
            assertTrue(r.systemErr.isEmpty() && !r.out.contains("%n"), String.join(" ", cmd) + "\n" + r);
        }
    }

    @Test
    void missingSubcommandIsAnError() {
        CliRun r = CliRun.of();
        assertEquals(Main.EXIT_BAD_INPUT, r.code);
        assertTrue(r.err.contains("missing subcommand"), r.err);
    }
}
