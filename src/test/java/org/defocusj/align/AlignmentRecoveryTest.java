package org.defocusj.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import ij.ImagePlus;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.defocusj.TestStacks;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusStack;
import org.defocusj.synth.ShotDegradation;

/**
 * Rendered stacks (every blur level, from sharp to far out of focus) warped by known transforms; alignment must
 * find them again: shift within 0.3 px and scale within 0.1 % at every slice.
 */
class AlignmentRecoveryTest {

    static final double[] FOCUS = {0.6, 0.75, 0.9, 1.1, 1.35, 1.7, 2.2, 3.0, 4.5};
    static TestStacks.RenderedStack rendered;

    @BeforeAll
    static void render() {
        rendered = TestStacks.cameraStack(384, 288, 0.8, 2.5, FOCUS, 11);
    }

    static double[] check(ShotDegradation d, AlignModel model, boolean print) {
        ImagePlus shot = d.apply(rendered.image);
        FocusStack stack = TestStacks.wrap(shot, FOCUS, DistanceUnit.M);
        Alignment a = new StackAligner(model, 2).estimate(stack, null);
        assertFalse(a.failed(), a::failure);
        SliceTransform[] truth = d.truth(stack.width(), stack.height(), stack.slices());
        double worstShift = 0;
        double worstScale = 0;
        for (int z = 0; z < stack.slices(); z++) {
            SliceTransform t = a.transform(z);
            double es = Math.hypot(t.dx() - truth[z].dx(), t.dy() - truth[z].dy());
            double ec = Math.abs(t.scale() / truth[z].scale() - 1);
            if (print) {
                System.out.printf(Locale.ROOT, "slice %d: true %s%n        got  %s  residual %.3f  err %.3f px %.5f%n",
                        z + 1, truth[z], t, a.residual(z), es, ec);
            }
            worstShift = Math.max(worstShift, es);
            worstScale = Math.max(worstScale, ec);
        }
        return new double[] {worstShift, worstScale};
    }

    @Test
    void recoversBreathingJitterAndRotationAtEveryBlurLevel() {
        ShotDegradation d = ShotDegradation.none(7).breathing(0.02).axis(-0.8, 0.4).jitter(1.5).rotation(0.15);
        double[] err = check(d, AlignModel.SIMILARITY, true);
        System.out.printf(Locale.ROOT, "worst shift error %.3f px, worst scale error %.4f %%%n", err[0], 100 * err[1]);
        assertTrue(err[0] <= 0.3, "shift error " + err[0]);
        assertTrue(err[1] <= 0.001, "scale error " + err[1]);
    }

    @Test
    void recoversBreathingAboutTheCentreWithoutJitter() {
        ShotDegradation d = ShotDegradation.none(8).breathing(0.02).axis(0, 0);
        double[] err = check(d, AlignModel.SIMILARITY, false);
        assertTrue(err[0] <= 0.3, "shift error " + err[0]);
        assertTrue(err[1] <= 0.001, "scale error " + err[1]);
    }

    @Test
    void translationRecoversStageDrift() {
        ShotDegradation d = ShotDegradation.none(9).jitter(3);
        double[] err = check(d, AlignModel.TRANSLATION, false);
        assertTrue(err[0] <= 0.3, "shift error " + err[0]);
        assertEquals(0, err[1], 1e-12, "translation keeps the scale");
    }

    @Test
    void uniformSlicesFailNamingASlice() {
        float[] flat = new float[96 * 80];
        java.util.Arrays.fill(flat, 100);
        ImagePlus imp = TestStacks.contrastCodedStack(flat, 96, 80, new double[] {1, 2, 3}, 0.5, 1);
        for (int z = 1; z <= 3; z++) {
            imp.getStack().getProcessor(z).set(100);
        }
        Alignment a = new StackAligner(AlignModel.SIMILARITY, 1).estimate(
                TestStacks.wrap(imp, new double[] {1, 2, 3}, DistanceUnit.M), null);
        assertTrue(a.failed());
        assertTrue(a.failure().contains("uniform"), a.failure());
        assertTrue(a.failure().contains("slices 1 and 2"), a.failure());
    }

    @Test
    void unrelatedScenesFail() {
        ImagePlus imp = TestStacks.randomBytes(96, 80, 4, 5);
        Alignment a = new StackAligner(AlignModel.SIMILARITY, 1).estimate(
                TestStacks.wrap(imp, new double[] {1, 2, 3, 4}, DistanceUnit.M), null);
        assertTrue(a.failed());
        assertTrue(a.failure().contains("do not match"), a.failure());
    }
}
