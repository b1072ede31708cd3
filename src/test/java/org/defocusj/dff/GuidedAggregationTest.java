package org.defocusj.dff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;
import org.defocusj.TestStacks;
import org.defocusj.depth.DepthResult;
import org.defocusj.eval.BoundaryF1;
import org.defocusj.eval.EvaluationSpace;
import org.defocusj.param.ParameterValues;
import org.defocusj.psf.GatherRenderer;
import org.defocusj.psf.Psf;
import org.defocusj.psf.ThinLensCamera;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusStack;
import org.defocusj.synth.FocusStackRenderer;
import org.defocusj.synth.ProceduralTexture;
import org.defocusj.synth.SyntheticScene;

/**
 * The guided aggregation against the window estimator it refines, on rendered stacks with exact depth: a
 * foreground object (its own texture and brightness) in front of a background, so that the depth step lies
 * where the image has an edge, as object boundaries do; and a nearly textureless plane under sensor noise.
 */
class GuidedAggregationTest {

    private static final double[] FOCUS = {0.6, 0.7, 0.8, 0.95, 1.1, 1.3, 1.6, 2.0};
    private static final int W = 160;
    private static final int H = 120;

    /** A rendered stack and its exact depth. */
    private static final class Rendered {
        final ImagePlus image;
        final float[] depth;

        Rendered(ImagePlus image, float[] depth) {
            this.image = image;
            this.depth = depth;
        }
    }

    private static DffParameters guided() {
        return DffParameters.defaults().withAggregation(Aggregation.GUIDED, DffParameters.GUIDE_RADIUS.defaultValue(),
                DffParameters.GUIDE_EPSILON.defaultValue()).withThreads(2);
    }

    private static DffParameters window() {
        return guided().withAggregation(Aggregation.WINDOW, 8, 1e-3);
    }

    /** A disc at 0.7 m, darker and differently textured, in front of a plane at 1.6 m; sensor noise sigma. */
    private static Rendered discScene(double noise, long seed) {
        float[] bg = ProceduralTexture.fractalNoise(W, H, seed, 16, 5);
        float[] fg = ProceduralTexture.fractalNoise(W, H, seed + 7, 8, 5);
        float[][] rgb = new float[3][W * H];
        float[] depth = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                double dx = x - W * 0.45;
                double dy = y - H * 0.5;
                boolean disc = dx * dx + dy * dy < 35 * 35;
                double v = disc ? 40 + 90 * fg[i] : 120 + 110 * bg[i];
                depth[i] = disc ? 0.7f : 1.6f;
                rgb[0][i] = (float) v;
                rgb[1][i] = (float) (disc ? v * 0.8 : v);
                rgb[2][i] = (float) (disc ? v * 0.6 : v * 0.9);
            }
        }
        return render(new SyntheticScene(W, H, rgb, depth), noise, seed);
    }

    /** A plane at 1.1 m whose texture has a contrast of a few gray levels, under sensor noise. */
    private static Rendered faintPlane(double noise, long seed) {
        return grayScene(seed, 120, 12, i -> 1.1, noise);
    }

    /** Gray fractal texture {@code base + gain * t} (t in 0..1) at depth {@code depthAt(pixel index)}. */
    private static Rendered grayScene(long seed, double base, double gain, java.util.function.IntToDoubleFunction depthAt,
            double noise) {
        float[] t = ProceduralTexture.fractalNoise(W, H, seed, 16, 5);
        float[][] rgb = new float[3][W * H];
        float[] depth = new float[W * H];
        for (int i = 0; i < W * H; i++) {
            float v = (float) (base + gain * t[i]);
            rgb[0][i] = v;
            rgb[1][i] = v;
            rgb[2][i] = v;
            depth[i] = (float) depthAt.applyAsDouble(i);
        }
        return render(new SyntheticScene(W, H, rgb, depth), noise, seed);
    }

    private static Rendered render(SyntheticScene scene, double noise, long seed) {
        ThinLensCamera camera = ThinLensCamera.ofSensor(50, 1.4, 36 * W / 400.0, W, H);
        ImagePlus clean = FocusStackRenderer.render(scene, camera, new GatherRenderer(Psf.powerExponential(2), 15, 2),
                FOCUS, "scene");
        SplittableRandom rng = new SplittableRandom(seed * 31 + 5);
        ImageStack noisy = new ImageStack(W, H);
        for (int z = 1; z <= clean.getStackSize(); z++) {
            int[] px = (int[]) clean.getStack().getProcessor(z).getPixels();
            int[] out = new int[px.length];
            for (int i = 0; i < px.length; i++) {
                int rgbv = 0;
                for (int c = 0; c < 3; c++) {
                    int v = (px[i] >> (16 - 8 * c)) & 0xff;
                    int n = (int) Math.round(v + noise * gaussian(rng));
                    rgbv |= Math.max(0, Math.min(255, n)) << (16 - 8 * c);
                }
                out[i] = rgbv;
            }
            noisy.addSlice(new ColorProcessor(W, H, out));
        }
        return new Rendered(new ImagePlus("noisy", noisy), scene.depth());
    }

    private static double gaussian(SplittableRandom rng) {
        double u = Math.max(1e-12, rng.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static float[] depth(Rendered rs, DffParameters p) {
        FocusStack stack = TestStacks.wrap(rs.image, FOCUS, DistanceUnit.M);
        return FloatMaps.data(new DepthFromFocus(p).estimate(stack, null).depth());
    }

    private static double boundaryF1(float[] pred, float[] gt) {
        boolean[] valid = new boolean[pred.length];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = Float.isFinite(pred[i]) && pred[i] > 0;
        }
        return BoundaryF1.compute(pred, gt, valid, W, H, EvaluationSpace.DEPTH);
    }

    /**
     * With sml, guided aggregation beats window in abs_rel under noise (window's speckle) and in boundary F1
     * always. With ssml (the default), which takes most of the noise's speckle out of the measure itself, window
     * is the better in abs_rel on the noisy disc (0.049 against guided's 0.060), but both beat their sml
     * counterparts there, and guided keeps its boundary F1.
     */
    @Test
    void guidedBeatsWindowAtADepthStepInBoundaryF1AndAbsRel() {
        for (double noise : new double[] {0, 3}) {
            Rendered rs = discScene(noise, 11);
            double[] guidedRel = new double[2];
            double[] windowRel = new double[2];
            FocusMeasure[] measures = {FocusMeasure.SML, FocusMeasure.SSML};
            for (int k = 0; k < measures.length; k++) {
                float[] old = depth(rs, window().withMeasure(measures[k]));
                float[] neu = depth(rs, guided().withMeasure(measures[k]));
                double relOld = TestStacks.absRel(old, rs.depth, null);
                double relNew = TestStacks.absRel(neu, rs.depth, null);
                double f1Old = boundaryF1(old, rs.depth);
                double f1New = boundaryF1(neu, rs.depth);
                String what = measures[k] + ", noise " + noise + ": abs_rel " + relOld + " -> " + relNew
                        + ", boundary F1 " + f1Old + " -> " + f1New;
                System.out.println(what);
                if (measures[k] == FocusMeasure.SML) {
                    // Clean, the window estimator is already close here; under noise its speckle costs it.
                    assertTrue(relNew < (noise > 0 ? 0.9 : 1.2) * relOld, what);
                } else {
                    assertTrue(relNew < (noise > 0 ? 1.3 : 1.2) * relOld, what);
                }
                assertTrue(f1New > 2 * f1Old + 0.1, what);
                windowRel[k] = relOld;
                guidedRel[k] = relNew;
            }
            if (noise > 0) {
                String what = "noise " + noise + ": sml / ssml abs_rel, window " + windowRel[0] + " / " + windowRel[1]
                        + ", guided " + guidedRel[0] + " / " + guidedRel[1];
                assertTrue(windowRel[1] < 0.8 * windowRel[0] && guidedRel[1] < guidedRel[0], what);
            }
        }
    }

    @Test
    void guidedRemovesSpeckleOnAFaintPlane() {
        Rendered rs = faintPlane(3, 5);
        // Both at the window as given: the speckle is what the aggregation is for (an adapted window takes part
        // of it out before either, see NoiseLevelTest).
        double varOld = variance(depth(rs, window().withWindowNoise(false)));
        double varNew = variance(depth(rs, guided().withWindowNoise(false)));
        assertTrue(varNew < 0.25 * varOld, "depth variance " + varOld + " -> " + varNew);
    }

    @Test
    void confidenceIsLowWhereConfidentRawDepthsDisagreeWithTheResult() {
        Rendered rs = discScene(3, 11);
        FocusStack stack = TestStacks.wrap(rs.image, FOCUS, DistanceUnit.M);
        float[] raw = FloatMaps.data(new DepthFromFocus(window()).estimate(stack, null).depth());
        DepthResult r = new DepthFromFocus(guided()).estimate(stack, null);
        float[] d = FloatMaps.data(r.depth());
        float[] c = FloatMaps.data(r.confidence());
        // Where the window estimate is off from the result by more than two slice spacings (halos, stray
        // peaks), against where the two agree within a tenth of one.
        double offSum = 0;
        double onSum = 0;
        int off = 0;
        int on = 0;
        for (int i = 0; i < d.length; i++) {
            assertTrue(c[i] >= 0 && c[i] <= 1, "confidence " + c[i]);
            double e = Math.abs(raw[i] - d[i]);
            if (e > 0.3) {
                offSum += c[i];
                off++;
            } else if (e < 0.015) {
                onSum += c[i];
                on++;
            }
        }
        assertTrue(off > 50 && on > 50, off + " off, " + on + " on");
        assertTrue(offSum / off < 0.7 * (onSum / on), "confidence where off " + offSum / off + ", where on "
                + onSum / on);
    }

    @Test
    void windowOptionIgnoresTheGuideSettingsAndGuidedDependsOnThem() {
        Rendered rs = discScene(3, 2);
        assertArrayEquals(depth(rs, window()), depth(rs, guided().withAggregation(Aggregation.WINDOW, 30, 0.5)));
        float[] a = depth(rs, guided());
        float[] b = depth(rs, guided().withAggregation(Aggregation.GUIDED, 3, 1e-3));
        boolean differ = false;
        for (int i = 0; i < a.length && !differ; i++) {
            differ = a[i] != b[i];
        }
        assertTrue(differ, "the radius must matter");
    }

    @Test
    void guidedResultDoesNotDependOnThreadCount() {
        Rendered rs = discScene(3, 4);
        assertArrayEquals(depth(rs, guided().withThreads(1)), depth(rs, guided().withThreads(3)));
    }

    @Test
    void parametersDefaultToGuidedAndParseTheOption() {
        assertEquals(Aggregation.GUIDED, DffParameters.defaults().aggregation());
        assertEquals(Aggregation.GUIDED, DffParameters.from(ParameterValues.DEFAULTS).aggregation());
        DffParameters w = DffParameters.from(ParameterValues.DEFAULTS.with(DffParameters.AGGREGATION, "window"));
        assertEquals(Aggregation.WINDOW, w.aggregation());
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> DffParameters.from(ParameterValues.DEFAULTS.with(DffParameters.AGGREGATION, "median")));
        assertTrue(e.getMessage().contains("median"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> guided().withAggregation(Aggregation.GUIDED, 0, 1e-3));
        org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> guided().withAggregation(Aggregation.GUIDED, 4, 0));
    }

    /**
     * The refinement on its own: a textured Gaussian bump whose raw depth is right but for a few confident stray
     * peaks. The strays go (they are several slice steps off the fit) and the bump keeps its height (raw depths
     * within a step of the fit are kept), where a plain guided filter of radius 8 (here two box means: the texture
     * is unrelated to depth) would take about 1 of its 4 off.
     */
    @Test
    void refinementRemovesStraysAndKeepsACurvedSurface() {
        int w = RW;
        int h = RH;
        float[] truth = new float[w * h];
        float[] depth = new float[w * h];
        float[] confidence = new float[w * h];
        float[] guide = ProceduralTexture.fractalNoise(w, h, 3, 8, 4);
        SplittableRandom rng = new SplittableRandom(9);
        int strays = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double r2 = (x - 60) * (x - 60) + (y - 50) * (y - 50);
                truth[i] = (float) (2 + 4 * Math.exp(-r2 / (2 * 12.0 * 12.0)));
                depth[i] = truth[i] + (float) (0.05 * gaussian(rng));
                confidence[i] = 0.8f;
                if (rng.nextDouble() < 0.02) {
                    depth[i] = (float) (rng.nextDouble() < 0.5 ? 0 : 8);
                    strays++;
                }
            }
        }
        float[] before = depth.clone();
        refine(depth, confidence, guide);
        double errBefore = 0;
        double errAfter = 0;
        int strayLeft = 0;
        for (int i = 0; i < depth.length; i++) {
            errBefore += Math.abs(before[i] - truth[i]);
            errAfter += Math.abs(depth[i] - truth[i]);
            strayLeft += Math.abs(depth[i] - truth[i]) > 1 ? 1 : 0;
            assertTrue(confidence[i] >= 0 && confidence[i] <= 1, "confidence " + confidence[i]);
        }
        assertTrue(strays > 100 && strayLeft < strays / 20, strayLeft + " of " + strays + " strays left");
        assertTrue(errAfter < 0.55 * errBefore, "mean error " + errBefore / depth.length + " -> "
                + errAfter / depth.length);
        double top = 0;
        for (int y = 48; y < 53; y++) {
            for (int x = 58; x < 63; x++) {
                top += depth[y * w + x] / 25;
            }
        }
        assertEquals(6.0, top, 0.2, "the bump's top");
    }

    /**
     * Issue 12: a depth step under a texture that runs on across it (no edge in the guide). The guided fit alone
     * spreads it over about its window (a box mean there); the raw depths on both sides are right and consistent,
     * and come back as a one-pixel jump at the raw step. (The error check leaves out 8 columns at either side:
     * in the image's outermost column the step stays partly spread.)
     */
    @Test
    void refinementKeepsADepthStepTheGuideDoesNotShow() {
        int w = RW;
        SplittableRandom rng = new SplittableRandom(4);
        float[] depth = new float[w * RH];
        for (int i = 0; i < depth.length; i++) {
            depth[i] = (float) ((i / w < 50 ? 2 : 4) + 0.05 * gaussian(rng));
        }
        float[] confidence = new float[depth.length];
        java.util.Arrays.fill(confidence, 0.8f);
        refine(depth, confidence, ProceduralTexture.fractalNoise(w, RH, 3, 8, 4));
        int sharp = 0;
        double worst = 0;
        String where = "";
        for (int x = 0; x < w; x++) {
            sharp += depth[50 * w + x] - depth[49 * w + x] > 1.6 ? 1 : 0;
            for (int y = 44; y < 56 && x >= 8 && x < w - 8; y++) {
                double e = Math.abs(depth[y * w + x] - (y < 50 ? 2 : 4));
                if (e > worst) {
                    worst = e;
                    where = " at (" + x + ", " + y + ")";
                }
            }
        }
        assertTrue(sharp > 0.95 * w, sharp + " of " + w + " columns jump by most of the step between rows 49 and 50");
        assertTrue(worst < 0.3, "largest error within 6 rows of the step " + worst + where);
    }

    /**
     * The same end to end, rendered: fractal texture across a step from 0.8 to 1.1 m (two slices apart), as in
     * sample-stacks/plane-step. Guided keeps the window estimator's boundary F1 there and its abs_rel (0.152 and
     * 0.0045 against window's 0.160 and 0.0045; 0.097 and 0.0061 when the guided fit spread the step).
     */
    @Test
    void guidedKeepsARenderedStepUnderContinuousTexture() {
        Rendered rs = grayScene(21, 40, 180, i -> i / W < H / 2 ? 0.8 : 1.1, 0);
        float[] old = depth(rs, window());
        float[] neu = depth(rs, guided());
        double f1Old = boundaryF1(old, rs.depth);
        double f1New = boundaryF1(neu, rs.depth);
        double relOld = TestStacks.absRel(old, rs.depth, null);
        double relNew = TestStacks.absRel(neu, rs.depth, null);
        String what = "window / guided: boundary F1 " + f1Old + " / " + f1New + ", abs_rel " + relOld + " / " + relNew;
        System.out.println(what);
        assertTrue(f1Old > 0.1 && f1New > 0.8 * f1Old, what);
        assertTrue(relNew < 1.1 * relOld, what);
    }

    /** Size and slice positions (0..8, unit steps) of the refinement-only tests. */
    private static final int RW = 120;
    private static final int RH = 100;
    private static final double[] SLICES = {0, 1, 2, 3, 4, 5, 6, 7, 8};

    /** GuidedRefinement.apply on an RW x RH map with radius 8 and epsilon 1e-3, on three threads. */
    private static void refine(float[] depth, float[] confidence, float[] guide) {
        java.util.concurrent.ExecutorService pool = org.defocusj.depth.Workers.pool(3, "test");
        try {
            GuidedRefinement.apply(depth, confidence, guide, RW, RH, 8, 1e-3, SLICES, new Bands(pool, 3));
        } finally {
            pool.shutdownNow();
        }
    }

    private static double variance(float[] d) {
        double s = 0;
        double s2 = 0;
        for (float v : d) {
            s += v;
            s2 += (double) v * v;
        }
        double m = s / d.length;
        return s2 / d.length - m * m;
    }
}
