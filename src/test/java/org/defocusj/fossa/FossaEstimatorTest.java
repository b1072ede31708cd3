package org.defocusj.fossa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;
import org.defocusj.stack.FocalLength;
import org.defocusj.TestStacks;
import org.defocusj.depth.DepthResult;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffParameters;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;

/**
 * Canonical-depth arithmetic with the closed-form test module out = mean(x) * mean(fd_canonical): then
 * depth = out * f_px / W = mean(x) * mean(fd in metres), whatever the focal length and width.
 */
class FossaEstimatorTest {

    @TempDir
    static Path dir;

    static FossaModel model;

    @BeforeAll
    static void load() throws IOException {
        model = FossaModel.load(FossaModelTest.resource(dir, "trivial-with-metadata.pt").toString());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ImagePlus gray(int value, int slices, int w, int h) {
        ImageStack st = new ImageStack(w, h);
        for (int z = 0; z < slices; z++) {
            byte[] px = new byte[w * h];
            Arrays.fill(px, (byte) value);
            st.addSlice(new ByteProcessor(w, h, px));
        }
        return new ImagePlus("gray", st);
    }

    @Test
    void canonicalDepthRoundTripsToMetres() {
        FocusStack stack = TestStacks.wrap(gray(102, 2, 6, 4), new double[] {1, 3}, DistanceUnit.M);
        DepthResult r = new FossaEstimator(model, null).estimate(stack.withFocalLength(FocalLength.ofPixels(777)), null);
        assertEquals(DistanceUnit.M, r.unit());
        // mean(x) = 102 / 255 = 0.4; mean(fd) = 2 m -> 0.8 m
        assertEquals(0.8f, FloatMaps.data(r.depth())[5], 1e-5);
        assertNull(r.confidence());
    }

    @Test
    void otherUnitsComeBackInTheStacksUnit() {
        FocusStack stack = TestStacks.wrap(gray(102, 2, 6, 4), new double[] {1000, 3000}, DistanceUnit.MM);
        DepthResult r = new FossaEstimator(model, null).estimate(stack.withFocalLength(FocalLength.ofMillimetres(50, 36)), null);
        assertEquals(DistanceUnit.MM, r.unit());
        assertEquals(800f, FloatMaps.data(r.depth())[0], 1e-2);
    }

    @Test
    void twelveBitDataInSixteenBitFilesIsScaledByItsBitDepth() {
        ImageStack st = new ImageStack(4, 4);
        for (int z = 0; z < 2; z++) {
            short[] px = new short[16];
            Arrays.fill(px, (short) 4095);
            px[0] = 0;
            st.addSlice(new ShortProcessor(4, 4, px, null));
        }
        FocusStack stack = TestStacks.wrap(new ImagePlus("12bit", st), new double[] {1, 2}, DistanceUnit.M);
        float[] rgb = FossaEstimator.rgbInUnitRange(stack);
        assertEquals(1f, rgb[1], 1e-6);
        assertEquals(0f, rgb[0], 1e-6);
        assertEquals(rgb[1], rgb[16 + 1], 0, "gray replicated to G");
    }

    /** A 32-bit stack of 2 slices, 6 x 4, with {@code bad} non-finite samples in slice 1 (NaN, +Inf, -Inf in turn). */
    private static FocusStack floatStack(int bad) {
        ImageStack st = new ImageStack(6, 4);
        for (int z = 0; z < 2; z++) {
            float[] px = new float[24];
            for (int i = 0; i < px.length; i++) {
                px[i] = 10 + i + z;
            }
            for (int i = 0; i < bad && z == 1; i++) {
                px[5 * i] = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            }
            st.addSlice(new FloatProcessor(6, 4, px));
        }
        return TestStacks.wrap(new ImagePlus("holes", st), new double[] {1, 3}, DistanceUnit.M)
                .withFocalLength(FocalLength.ofPixels(777));
    }

    @Test
    void nonFinitePixelsAreRefusedWithTheirCountAndTheStack() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new FossaEstimator(model, null).estimate(floatStack(3), null));
        assertTrue(e.getMessage().startsWith("holes: 3 pixel values are NaN or infinite"), e.getMessage());
        assertTrue(e.getMessage().contains("--method dff"), e.getMessage());
        // The same stack without them is scaled from its own min..max, as before.
        float[] rgb = FossaEstimator.rgbInUnitRange(floatStack(0));
        assertEquals(0f, rgb[0], 0);
        assertEquals(1f, rgb[2 * 3 * 24 - 1], 0);
        DepthResult r = new FossaEstimator(model, null).estimate(floatStack(0), null);
        assertTrue(Float.isFinite(FloatMaps.data(r.depth())[0]));
    }

    @Test
    void companionsSupplyConfidenceAndAllInFocus() {
        FocusStack stack = TestStacks.wrap(TestStacks.randomBytes(12, 10, 3, 2), new double[] {1, 2, 3},
                DistanceUnit.M);
        DepthResult r = new FossaEstimator(model, new DepthFromFocus(DffParameters.defaults()))
                .estimate(stack.withFocalLength(FocalLength.ofPixels(10)), null);
        assertNotNull(r.confidence());
        assertNotNull(r.allInFocus());
        assertEquals("fossa", r.properties().get("method"));
    }

    @Test
    void tooManySlicesMissingOpticsAndRelativeFocusAreBadInput() {
        FocusStack five = TestStacks.wrap(gray(10, 5, 4, 4), new double[] {1, 2, 3, 4, 5}, DistanceUnit.M);
        BadInputException big = assertThrows(BadInputException.class,
                () -> new FossaEstimator(model, null).estimate(five.withFocalLength(FocalLength.ofPixels(10)), null));
        assertTrue(big.getMessage().contains("accepts at most 4"), big.getMessage());

        FocusStack two = TestStacks.wrap(gray(10, 2, 4, 4), new double[] {1, 2}, DistanceUnit.M);
        BadInputException optics = assertThrows(BadInputException.class,
                () -> new FossaEstimator(model, null).estimate(two, null));
        assertTrue(optics.getMessage().contains("--focal-length-px"), optics.getMessage());

        FocusStack relative = ImagePlusStacks.wrap(gray(10, 2, 4, 4), FocusSource.index());
        BadInputException rel = assertThrows(BadInputException.class,
                () -> new FossaEstimator(model, null).estimate(relative.withFocalLength(FocalLength.ofPixels(10)), null));
        assertTrue(rel.getMessage().contains("metric focus distances"), rel.getMessage());
    }
}
