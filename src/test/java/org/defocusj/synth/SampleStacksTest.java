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
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.StackReader;

class SampleStacksTest {

    static final Path SAMPLE = Paths.get("sample-stacks", "plane-step");

    @TempDir
    Path dir;

    @Test
    void committedSampleIsWhatTheGeneratorMakes() throws IOException {
        SampleStacks.writePlaneStep(dir);
        for (String f : new String[] {"stack.tif", "depth-gt.tif", "stack.focus.txt"}) {
            ImagePlus fresh = f.endsWith(".tif") ? IJ.openImage(dir.resolve(f).toString()) : null;
            if (fresh == null) {
                assertArrayEquals(Files.readAllBytes(SAMPLE.resolve(f)), Files.readAllBytes(dir.resolve(f)), f);
                continue;
            }
            ImagePlus committed = IJ.openImage(SAMPLE.resolve(f).toString());
            assertEquals(committed.getStackSize(), fresh.getStackSize(), f);
            for (int z = 1; z <= fresh.getStackSize(); z++) {
                Object a = committed.getStack().getPixels(z);
                Object b = fresh.getStack().getPixels(z);
                if (a instanceof int[]) {
                    assertArrayEquals((int[]) a, (int[]) b, f + " slice " + z);
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
}
