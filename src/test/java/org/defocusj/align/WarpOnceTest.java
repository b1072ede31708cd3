package org.defocusj.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;

import org.defocusj.TestStacks;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.DepthSession;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;
import org.defocusj.stack.SamplePlanes;
import org.defocusj.synth.ShotDegradation;

/**
 * Warping every slice once ({@link WarpedStack#once}) gives the view's samples in the stack's own type, whether in
 * place (a stack that owns its pixels), in a copy (an image the user still sees, left as it was) or on any number
 * of threads, and the aligned estimate hands the method those planes.
 */
class WarpOnceTest {

    static final int W = 300;
    static final int H = 37;
    /** Two passes (small rotation with breathing), a shift alone, a rotation warped tap by tap. */
    static final SliceTransform[] TRANSFORMS = {
        SliceTransform.of(1.012, 0.3, 2.3, -1.7),
        SliceTransform.of(1, 0, -1.4, 0.6),
        SliceTransform.of(1.004, 1.5, 0.4, 3.3),
    };

    static ImagePlus image(int bitDepth) {
        SplittableRandom rng = new SplittableRandom(bitDepth);
        ImageStack st = new ImageStack(W, H);
        for (int z = 0; z < TRANSFORMS.length; z++) {
            ImageProcessor ip = bitDepth == 8 ? new ByteProcessor(W, H) : bitDepth == 16 ? new ShortProcessor(W, H)
                    : bitDepth == 32 ? new FloatProcessor(W, H) : new ColorProcessor(W, H);
            for (int i = 0; i < W * H; i++) {
                if (bitDepth == 24) {
                    ip.set(i, rng.nextInt(1 << 24));
                } else {
                    ip.setf(i, (float) (rng.nextDouble() * (bitDepth == 16 ? 65535 : 255)));
                }
            }
            st.addSlice("z" + z, ip);
        }
        return new ImagePlus("t" + bitDepth, st);
    }

    static FocusStack wrap(ImagePlus imp) {
        return ImagePlusStacks.wrap(imp, FocusSource.index());
    }

    static float[][] planes(FocusStack s) {
        float[][] p = new float[s.slices() * s.channels()][W * H];
        for (int z = 0; z < s.slices(); z++) {
            for (int c = 0; c < s.channels(); c++) {
                s.reader().readRows(c, z, 0, H, p[z * s.channels() + c], 0);
            }
        }
        return p;
    }

    static List<Object> pixels(ImagePlus imp) {
        List<Object> copy = new ArrayList<>();
        for (int n = 1; n <= imp.getStackSize(); n++) {
            copy.add(imp.getStack().getProcessor(n).duplicate().getPixels());
        }
        return copy;
    }

    @Test
    void everySampleTypeGetsTheViewsSamplesRoundedToItsType() {
        for (int bitDepth : new int[] {8, 16, 32, 24}) {
            ImagePlus imp = image(bitDepth);
            List<Object> before = pixels(imp);
            FocusStack stack = wrap(imp);
            float[][] view = planes(WarpedStack.of(stack, TRANSFORMS));
            FocusStack copy = WarpedStack.once(stack, TRANSFORMS, 3, null);
            assertNotSame(stack, copy);
            assertNotNull(SamplePlanes.of(copy), "a copy in planes, not a view");
            float[][] once = planes(copy);
            for (int i = 0; i < view.length; i++) {
                for (int j = 0; j < W * H; j++) {
                    float want = bitDepth == 32 ? view[i][j] : SamplePlanes.nearest(view[i][j]);
                    assertEquals(want, once[i][j], bitDepth + "-bit plane " + i + " pixel " + j);
                }
            }
            for (int n = 0; n < before.size(); n++) {
                assertArrayEqualsAny(before.get(n), imp.getStack().getPixels(n + 1), "the image the user sees");
            }
            // The view the heap has no room for a copy for rounds alike.
            float[][] rounded = planes(view(stack, bitDepth != 32));
            assertArrayEquals(once, rounded, bitDepth + "-bit view rounded as the copy");
        }
    }

    static FocusStack view(FocusStack stack, boolean rounded) {
        return WarpedStack.view(stack, new WarpedStack.Reader(stack.reader(), TRANSFORMS, W, H, stack.channels(),
                rounded));
    }

    @Test
    void anOwnedStackIsWarpedInPlaceWithTheSameSamplesOnAnyNumberOfThreads() {
        for (int bitDepth : new int[] {8, 24}) {
            float[][] copy = planes(WarpedStack.once(wrap(image(bitDepth)), TRANSFORMS, 1, null));
            ImagePlus imp = image(bitDepth);
            FocusStack owned = wrap(imp).withOwnedPixels();
            Object firstPlane = imp.getStack().getPixels(1);
            FocusStack warped = WarpedStack.once(owned, TRANSFORMS, 4, null);
            assertSame(owned, warped, "warped in place, no second stack");
            assertSame(firstPlane, imp.getStack().getPixels(1));
            assertArrayEquals(copy, planes(warped), bitDepth + "-bit in place against a copy on one thread");
        }
    }

    private static void assertArrayEqualsAny(Object want, Object got, String what) {
        if (want instanceof byte[]) {
            assertArrayEquals((byte[]) want, (byte[]) got, what);
        } else if (want instanceof short[]) {
            assertArrayEquals((short[]) want, (short[]) got, what);
        } else if (want instanceof int[]) {
            assertArrayEquals((int[]) want, (int[]) got, what);
        } else {
            assertArrayEquals((float[]) want, (float[]) got, what);
        }
    }

    @Test
    void theAlignedMethodReadsPlanesWarpedOnceAndSeenByGivesThemBack() {
        double[] f = {0.6, 0.8, 1.1, 1.6, 2.5};
        ImagePlus shot = new ShotDegradation(5).noise(0).jpeg(0).breathing(0.04).jitter(3)
                .apply(TestStacks.cameraStack(256, 192, 0.8, 2.5, f, 21).image);
        List<Object> before = pixels(shot);
        List<FocusStack> seen = new ArrayList<>();
        DepthSession inner = DepthSession.of("record", () -> new org.defocusj.depth.DepthEstimator() {
            @Override
            public String name() {
                return "record";
            }

            @Override
            public DepthResult estimate(FocusStack stack, org.defocusj.depth.ProgressListener progress) {
                seen.add(stack);
                return new DepthResult(ArrayImgs.floats(stack.width(), stack.height()), null, null,
                        DistanceUnit.SLICE, java.util.Map.of());
            }
        });
        AligningSession session = new AligningSession(inner, new AlignSettings(AlignModel.SIMILARITY, false), 2);
        for (boolean owned : new boolean[] {false, true}) {
            FocusStack stack = owned ? wrap(shot).withOwnedPixels() : wrap(shot);
            org.defocusj.depth.DepthEstimator e = session.estimator();
            e.estimate(stack, null);
            FocusStack method = seen.get(seen.size() - 1);
            assertNotNull(SamplePlanes.of(method), "the method reads warped planes, not a view warping every read");
            assertSame(method, AligningSession.seenBy(e, stack), "the aligned output is what the method saw");
            if (owned) {
                assertSame(stack, method);
                assertFalse(java.util.Objects.deepEquals(before.get(2), shot.getStack().getPixels(3)),
                        "an owned stack's pixels are the aligned ones afterwards");
            } else {
                assertNotSame(stack, method);
                for (int n = 0; n < before.size(); n++) {
                    assertArrayEqualsAny(before.get(n), shot.getStack().getPixels(n + 1), "the image as it was");
                }
            }
        }
        assertEquals(2, seen.size());
    }
}
