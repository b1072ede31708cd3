package org.defocusj.dff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;

import org.defocusj.TestStacks;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.ProgressListener;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;

class DepthFromFocusTest {

    private static float[] depth(DepthResult r) {
        return FloatMaps.data(r.depth());
    }

    /** Steps of constant depth on a non-uniform µm grid; local variance is exactly Gaussian in focus. */
    @Test
    void recoversStageHeightsExactlyInMicrometresOnNonUniformFocus() {
        int w = 64;
        int h = 48;
        double[] focus = {-4, -1, 0.5, 3, 7, 8, 12};
        float[] truth = new float[w * h];
        for (int i = 0; i < truth.length; i++) {
            int x = i % w;
            truth[i] = x < 22 ? 1.1f : x < 44 ? 5.3f : 9.7f;
        }
        ImagePlus imp = TestStacks.contrastCodedStack(truth, w, h, focus, 3.0, 11);
        FocusStack stack = TestStacks.wrap(imp, focus, DistanceUnit.UM);
        // The peak fit itself is exact; the guided aggregation would blend the steps, which the noise texture
        // (the guide) does not show.
        DffParameters p = DffParameters.defaults().withMeasure(FocusMeasure.VARIANCE).withWindow(5)
                .withAggregation(Aggregation.WINDOW, 8, 1e-3);
        DepthResult r = new DepthFromFocus(p).estimate(stack, null);
        assertEquals(DistanceUnit.UM, r.unit());
        float[] d = depth(r);
        for (int y = 0; y < h; y++) {
            for (int x : new int[] {8, 33, 56}) {
                assertEquals(truth[y * w + x], d[y * w + x], 1e-3, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void recoversRenderedCameraSceneInMetres() {
        double[] focus = {0.5, 0.5455, 0.6, 0.6667, 0.75, 0.8571, 1.0, 1.2};
        TestStacks.RenderedStack rs = TestStacks.cameraStack(200, 150, 0.55, 1.15, focus, 3);
        FocusStack stack = TestStacks.wrap(rs.image, focus, DistanceUnit.M);
        DepthResult r = new DepthFromFocus(DffParameters.defaults().withThreads(2)).estimate(stack, null);
        float[] d = depth(r);
        double absRel = TestStacks.absRel(d, rs.depth, null);
        assertTrue(absRel < 0.05, "abs_rel " + absRel);
        // The same stack in millimetres gives the same depth, in millimetres.
        double[] mm = new double[focus.length];
        for (int i = 0; i < mm.length; i++) {
            mm[i] = focus[i] * 1000;
        }
        DepthResult rmm = new DepthFromFocus(DffParameters.defaults().withThreads(2))
                .estimate(TestStacks.wrap(rs.image, mm, DistanceUnit.MM), null);
        assertEquals(DistanceUnit.MM, rmm.unit());
        float[] dmm = depth(rmm);
        for (int i = 0; i < d.length; i += 97) {
            assertEquals(d[i] * 1000, dmm[i], 1e-3 * dmm[i]);
        }
    }

    @Test
    void everyMeasureFindsTheDepth() {
        double[] focus = {1, 2, 3, 4, 5, 6};
        int w = 48;
        int h = 40;
        float[] truth = new float[w * h];
        java.util.Arrays.fill(truth, 3.4f);
        ImagePlus imp = TestStacks.contrastCodedStack(truth, w, h, focus, 1.2, 5);
        for (FocusMeasure m : FocusMeasure.values()) {
            DepthResult r = new DepthFromFocus(DffParameters.defaults().withMeasure(m).withWindow(7))
                    .estimate(TestStacks.wrap(imp, focus, DistanceUnit.UM), null);
            float[] d = depth(r);
            double err = 0;
            for (float v : d) {
                err += Math.abs(v - 3.4);
            }
            assertTrue(err / d.length < 0.15, m + " mean error " + err / d.length);
        }
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        double[] focus = {0.5, 0.6, 0.75, 1.0};
        TestStacks.RenderedStack rs = TestStacks.cameraStack(96, 70, 0.55, 0.95, focus, 9);
        FocusStack stack = TestStacks.wrap(rs.image, focus, DistanceUnit.M);
        DffParameters p = DffParameters.defaults().withAllInFocus(AllInFocusMode.WEIGHTED);
        DepthResult one = new DepthFromFocus(p.withThreads(1)).estimate(stack, null);
        DepthResult three = new DepthFromFocus(p.withThreads(3)).estimate(stack, null);
        assertArrayEquals(depth(one), depth(three));
        assertArrayEquals(FloatMaps.data(one.confidence()), FloatMaps.data(three.confidence()));
        assertArrayEquals(FloatMaps.data(one.allInFocus()), FloatMaps.data(three.allInFocus()));
    }

    @Test
    void unknownDistancesGiveFractionalSliceIndex() {
        double[] focus = {0, 1, 2, 3, 4};
        int w = 40;
        int h = 30;
        float[] truth = new float[w * h];
        java.util.Arrays.fill(truth, 2.5f);
        ImagePlus imp = TestStacks.contrastCodedStack(truth, w, h, focus, 1.0, 2);
        DepthResult r = new DepthFromFocus(DffParameters.defaults().withMeasure(FocusMeasure.VARIANCE))
                .estimate(ImagePlusStacks.wrap(imp, FocusSource.index()), null);
        assertEquals(DistanceUnit.SLICE, r.unit());
        assertEquals("true", r.properties().get("relative"));
        assertEquals(2.5, depth(r)[w * 15 + 20], 1e-3);
    }

    @Test
    void colourOnlyTextureIsSeenInRgb() {
        // Red/green checker of equal luminance-ish sum: a per-channel measure sees it, sharp only in slice 1.
        int w = 32;
        int h = 32;
        ImageStack st = new ImageStack(w, h);
        for (int z = 0; z < 3; z++) {
            int[] px = new int[w * h];
            for (int i = 0; i < px.length; i++) {
                boolean on = ((i % w) / 2 + (i / w) / 2) % 2 == 0;
                int a = z == 1 ? (on ? 200 : 50) : 125;
                int b = 250 - a;
                px[i] = (a << 16) | (b << 8);
            }
            st.addSlice(new ColorProcessor(w, h, px));
        }
        DepthResult r = new DepthFromFocus(DffParameters.defaults()).estimate(
                TestStacks.wrap(new ImagePlus("rgb", st), new double[] {1, 2, 3}, DistanceUnit.UM), null);
        assertEquals(2.0, depth(r)[16 * w + 16], 1e-6);
    }

    /**
     * A pixel equally sharp in several consecutive slices (inside the depth of field, or a renderer that copies
     * pixels whose blur is below a pixel) is placed in the middle of that range in dioptres, not at its near end
     * where the first maximum is; byte stacks (exact integer measures) and float stacks agree.
     */
    @Test
    void flatFocusTopGivesTheMiddleOfItsRangeInDioptres() {
        // Contrast 1 in slices 2..4, falling off outside; slices 2..4 are then bit-identical.
        assertFlatTopGivesItsMiddle(new double[] {0.2, 0.5, 1, 1, 1, 0.5, 0.2}, 2, 4, 1, 0, null);
    }

    /**
     * A flat top that noise has made ragged (each slice of the depth of field with its own sensor noise and a
     * few per cent of exposure drift, as in a real shot) still gives the middle of its range, whichever of its
     * slices the noise makes highest: first (the top extends forward), last (a new peak keeps the run before
     * it) or in between (the top reaching further than the peak's neighbours); the first maximum alone would
     * give that slice. Byte and float stacks agree.
     */
    @Test
    void noisyFlatTopStillGivesTheMiddleOfItsRange() {
        SplittableRandom rng = new SplittableRandom(5);
        assertFlatTopGivesItsMiddle(new double[] {0.2, 0.5, 1.0, 0.96, 0.97, 0.5, 0.2}, 2, 4, 0.8, 0.5, rng);
        assertFlatTopGivesItsMiddle(new double[] {0.2, 0.5, 0.96, 0.97, 1.0, 0.5, 0.2}, 2, 4, 0.8, 0.5, rng);
        assertFlatTopGivesItsMiddle(new double[] {0.2, 0.5, 0.97, 1.0, 0.96, 0.98, 0.5}, 2, 5, 0.8, 0.5, rng);
    }

    /**
     * Random texture at {@code scale} times each slice's contrast, plus Gaussian noise of {@code noise} grey
     * levels (rng unused without), at focus 0.5 ... 8 m whose slices {@code from..to} form the flat top: as
     * float and as byte stack, every pixel away from the border is at the middle of their range in dioptres.
     */
    private static void assertFlatTopGivesItsMiddle(double[] contrast, int from, int to, double scale, double noise,
            SplittableRandom rng) {
        double[] focus = {0.5, 0.8, 1.0, 1.25, 2.0, 4.0, 8.0};
        int w = 40;
        int h = 30;
        float[] tex = TestStacks.noise(w, h, 12);
        ImageStack floats = new ImageStack(w, h);
        ImageStack bytes = new ImageStack(w, h);
        for (double a : contrast) {
            float[] px = new float[w * h];
            byte[] b = new byte[w * h];
            for (int i = 0; i < px.length; i++) {
                double v = 128 + a * scale * (tex[i] - 128) + (noise > 0 ? noise * gaussian(rng) : 0);
                px[i] = (float) Math.max(0, Math.min(255, Math.rint(v)));
                b[i] = (byte) (int) px[i];
            }
            floats.addSlice(new FloatProcessor(w, h, px));
            bytes.addSlice(new ByteProcessor(w, h, b));
        }
        DffParameters p = DffParameters.defaults().withAggregation(Aggregation.WINDOW, 8, 1e-3);
        double expected = 1 / (0.5 * (1 / focus[from] + 1 / focus[to]));
        for (ImageStack st : new ImageStack[] {floats, bytes}) {
            float[] d = depth(new DepthFromFocus(p).estimate(
                    TestStacks.wrap(new ImagePlus("flat top", st), focus, DistanceUnit.M), null));
            for (int y = 5; y < h - 5; y++) {
                for (int x = 5; x < w - 5; x++) {
                    assertEquals(expected, d[y * w + x], 1e-4, Arrays.toString(contrast) + " pixel " + x + "," + y);
                }
            }
        }
    }

    private static double gaussian(SplittableRandom rng) {
        double u = Math.max(1e-12, rng.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Test
    void sharpestAllInFocusTakesThePeakSlice() {
        double[] focus = {0, 1, 2, 3};
        int w = 30;
        int h = 20;
        float[] truth = new float[w * h];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = (i % w) < 15 ? 0f : 3f;
        }
        ImagePlus imp = TestStacks.contrastCodedStack(truth, w, h, focus, 0.6, 4);
        DepthResult r = new DepthFromFocus(DffParameters.defaults().withAllInFocus(AllInFocusMode.SHARPEST))
                .estimate(TestStacks.wrap(imp, focus, DistanceUnit.UM), null);
        float[] aif = FloatMaps.data(r.allInFocus());
        float[] tex = TestStacks.noise(w, h, 4);
        assertEquals(tex[10 * w + 3], aif[10 * w + 3], 1e-3);
        assertEquals(tex[10 * w + 27], aif[10 * w + 27], 1e-3);
    }

    @Test
    void texturelessPixelsHaveLowConfidenceAndCanBeFilled() {
        double[] focus = {0, 1, 2, 3, 4};
        int w = 60;
        int h = 40;
        float[] truth = new float[w * h];
        java.util.Arrays.fill(truth, 2f);
        ImagePlus imp = TestStacks.contrastCodedStack(truth, w, h, focus, 1.0, 8);
        // Blank out a flat square in every slice.
        for (int z = 1; z <= focus.length; z++) {
            float[] px = (float[]) imp.getStack().getPixels(z);
            for (int y = 10; y < 30; y++) {
                for (int x = 20; x < 40; x++) {
                    px[y * w + x] = 128f;
                }
            }
        }
        FocusStack stack = TestStacks.wrap(imp, focus, DistanceUnit.UM);
        // The texture is independent from pixel to pixel and only its contrast changes from slice to slice, which
        // the noise estimate cannot tell from sensor noise: the window as given.
        DffParameters window = DffParameters.defaults().withWindowNoise(false)
                .withAggregation(Aggregation.WINDOW, 8, 1e-3);
        DepthResult plain = new DepthFromFocus(window).estimate(stack, null);
        float[] conf = FloatMaps.data(plain.confidence());
        assertTrue(conf[20 * w + 30] < 0.05, "flat " + conf[20 * w + 30]);
        assertTrue(conf[5 * w + 5] > 0.3, "textured " + conf[5 * w + 5]);
        // Guided aggregation carries the textured rim's depth into the square; its confidence says how far.
        DepthResult guided = new DepthFromFocus(window.withAggregation(Aggregation.GUIDED,
                DffParameters.GUIDE_RADIUS.defaultValue(), DffParameters.GUIDE_EPSILON.defaultValue()))
                .estimate(stack, null);
        float[] gc = FloatMaps.data(guided.confidence());
        assertEquals(2.0, depth(guided)[20 * w + 30], 0.05);
        assertTrue(gc[20 * w + 30] < 0.7 * gc[5 * w + 5], "flat " + gc[20 * w + 30] + ", textured " + gc[5 * w + 5]);

        DepthResult removed = new DepthFromFocus(window.withLowConfidence(0.2, false))
                .estimate(stack, null);
        assertTrue(Float.isNaN(depth(removed)[20 * w + 30]));
        DepthResult filled = new DepthFromFocus(window.withLowConfidence(0.2, true))
                .estimate(stack, null);
        assertEquals(2.0, depth(filled)[20 * w + 30], 0.05);
    }

    @Test
    void reportsProgressAndHonoursCancellation() {
        ImagePlus imp = TestStacks.randomBytes(40, 40, 4, 1);
        FocusStack stack = TestStacks.wrap(imp, new double[] {1, 2, 3, 4}, DistanceUnit.UM);
        AtomicLong last = new AtomicLong();
        AtomicLong total = new AtomicLong();
        new DepthFromFocus(DffParameters.defaults()).estimate(stack, (done, t, stage) -> {
            last.accumulateAndGet(done, Math::max);
            total.set(t);
        });
        assertEquals(total.get(), last.get());
        ProgressListener cancel = new ProgressListener() {
            @Override
            public void progress(long done, long t, String stage) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(CancellationException.class, () -> new DepthFromFocus(DffParameters.defaults()).estimate(stack, cancel));
    }
}
