package org.defocusj.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;
import org.junit.jupiter.api.Test;

/**
 * A slice's features built row by row ({@link StackAligner#pyramid}, which halves a large slice as it reads it)
 * are exactly those of the whole grey image through {@link FeaturePyramid#of}: odd sizes, colour, NaN.
 */
class FeaturePyramidTest {

    @Test
    void halvingWhileReadingGivesTheWholeImagesPyramid() {
        // Odd width and height (the last row and column drop out of the 2 x 2 blocks), over MAX_SIDE.
        // Halved once while read, and once more after, on the way to the finest level.
        for (int halvings = 1; halvings <= 2; halvings++) {
            for (boolean rgb : new boolean[] {true, false}) {
                FocusStack s = stack(StackAligner.MAX_SIDE * halvings + 3, 101, rgb);
                FeaturePyramid streamed = StackAligner.pyramid(s, 1);
                FeaturePyramid whole = FeaturePyramid.of(gray(s, 1), s.width(), s.height(), StackAligner.MAX_SIDE);
                assertEquals(1 << halvings, streamed.finestFactor);
                assertSame(whole, streamed);
            }
        }
    }

    @Test
    void aSmallSliceIsNotHalved() {
        FocusStack s = stack(301, 77, false);
        FeaturePyramid p = StackAligner.pyramid(s, 0);
        assertEquals(1, p.finestFactor);
        assertSame(FeaturePyramid.of(gray(s, 0), 301, 77, StackAligner.MAX_SIDE), p);
    }

    private static void assertSame(FeaturePyramid expected, FeaturePyramid actual) {
        assertEquals(expected.levels.size(), actual.levels.size());
        assertEquals(expected.finestFactor, actual.finestFactor);
        for (int l = 0; l < expected.levels.size(); l++) {
            FeaturePyramid.Level e = expected.levels.get(l);
            FeaturePyramid.Level a = actual.levels.get(l);
            assertEquals(e.w, a.w);
            assertEquals(e.h, a.h);
            assertEquals(e.factor, a.factor);
            assertArrayEquals(e.f, a.f, "level " + l);
            assertArrayEquals(e.gx, a.gx, "level " + l);
        }
    }

    /** The grey image as the aligner defines it: the mean of the channels, non-finite values 0. */
    private static float[] gray(FocusStack s, int z) {
        int w = s.width();
        int h = s.height();
        float[] gray = new float[w * h];
        float[] c = new float[w * h];
        for (int k = 0; k < s.channels(); k++) {
            s.reader().readRows(k, z, 0, h, c, 0);
            for (int i = 0; i < c.length; i++) {
                gray[i] += c[i] / s.channels();
            }
        }
        int zeros = 0;
        for (int i = 0; i < gray.length; i++) {
            if (!Float.isFinite(gray[i])) {
                gray[i] = 0;
                zeros++;
            }
        }
        assertTrue(s.channels() == 3 || zeros > 0, "the grey test stack has NaN to drop");
        return gray;
    }

    private static FocusStack stack(int w, int h, boolean rgb) {
        SplittableRandom rng = new SplittableRandom(w * 31L + h);
        ImageStack st = new ImageStack(w, h);
        for (int z = 0; z < 2; z++) {
            ImageProcessor ip = rgb ? new ColorProcessor(w, h) : new FloatProcessor(w, h);
            for (int i = 0; i < w * h; i++) {
                if (rgb) {
                    ip.set(i, rng.nextInt(1 << 24));
                } else {
                    ip.setf(i, rng.nextInt(50) == 0 ? Float.NaN : (float) (rng.nextDouble() * 255));
                }
            }
            st.addSlice("z" + z, ip);
        }
        return ImagePlusStacks.wrap(new ImagePlus("p", st), FocusSource.index());
    }
}
