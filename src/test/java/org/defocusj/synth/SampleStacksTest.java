package org.defocusj.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;
import org.defocusj.depth.DepthResult;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffParameters;
import org.defocusj.io.StackReader;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;

class SampleStacksTest {

    static final Path SAMPLE = Paths.get("sample-stacks", "plane-step");
    static final Path SURFACE = Paths.get("sample-stacks", "surface-um");

    @TempDir
    Path dir;

    @Test
    void committedSamplesAreWhatTheGeneratorMakes() throws IOException {
        SampleStacks.writePlaneStep(dir.resolve("a"));
        assertSameFiles(SAMPLE, dir.resolve("a"), "stack.tif", "depth-gt.tif", "stack.focus.txt");
        SampleStacks.writeMicroscopeSurface(dir.resolve("b"));
        assertSameFiles(SURFACE, dir.resolve("b"), "stack.tif", "depth-gt.tif");
    }

    private static void assertSameFiles(Path committedDir, Path freshDir, String... names) throws IOException {
        for (String f : names) {
            ImagePlus fresh = f.endsWith(".tif") ? IJ.openImage(freshDir.resolve(f).toString()) : null;
            if (fresh == null) {
                assertArrayEquals(Files.readAllBytes(committedDir.resolve(f)), Files.readAllBytes(freshDir.resolve(f)), f);
                continue;
            }
            ImagePlus committed = IJ.openImage(committedDir.resolve(f).toString());
            assertEquals(committed.getStackSize(), fresh.getStackSize(), f);
            for (int z = 1; z <= fresh.getStackSize(); z++) {
                Object a = committed.getStack().getPixels(z);
                Object b = fresh.getStack().getPixels(z);
                if (a instanceof int[]) {
                    assertArrayEquals((int[]) a, (int[]) b, f + " slice " + z);
                } else if (a instanceof short[]) {
                    assertArrayEquals((short[]) a, (short[]) b, f + " slice " + z);
                } else {
                    assertArrayEquals((float[]) a, (float[]) b, f + " slice " + z);
                }
            }
        }
    }

    @Test
    void depthFromFocusRecoversTheSample() {
        FocusStack stack = StackReader.read(SAMPLE.resolve("stack.tif"), FocusSource.auto(DistanceUnit.M));
        assertEquals(8, stack.slices());
        assertEquals(DistanceUnit.M, stack.unit());
        DepthResult r = new DepthFromFocus(DffParameters.defaults()).estimate(stack, null);
        float[] gt = (float[]) IJ.openImage(SAMPLE.resolve("depth-gt.tif").toString()).getProcessor().getPixels();
        double absRel = TestStacks.absRel(FloatMaps.data(r.depth()), gt, null);
        assertTrue(absRel < 0.05, "abs_rel " + absRel);
    }

    @Test
    void depthFromFocusRecoversTheMicroscopeSurfaceInMicrometres() {
        FocusStack stack = StackReader.read(SURFACE.resolve("stack.tif"), FocusSource.auto(DistanceUnit.M));
        assertEquals(DistanceUnit.UM, stack.unit(), "from the z-calibration");
        assertEquals(11, stack.slices());
        assertEquals(65535.0, stack.whiteLevel());
        DepthResult r = new DepthFromFocus(DffParameters.defaults()).estimate(stack, null);
        float[] gt = (float[]) IJ.openImage(SURFACE.resolve("depth-gt.tif").toString()).getProcessor().getPixels();
        float[] d = FloatMaps.data(r.depth());
        double se = 0;
        for (int i = 0; i < d.length; i++) {
            se += (d[i] - gt[i]) * (d[i] - gt[i]);
        }
        double rmse = Math.sqrt(se / d.length);
        assertTrue(rmse < 0.25, "rmse " + rmse + " um with 2 um focus steps");
    }
}
