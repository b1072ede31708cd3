package org.defocusj.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;

import org.junit.jupiter.api.Test;

/** {@link ShotDegradation#only}: the kinds kept, and nothing else, as eval-real-like --only uses them. */
class ShotDegradationTest {

    private static ImagePlus gradientStack() {
        ImageStack s = new ImageStack(32, 24);
        for (int z = 0; z < 3; z++) {
            byte[] px = new byte[32 * 24];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) (60 + (i % 32) * 4);
            }
            s.addSlice("z" + z, new ByteProcessor(32, 24, px));
        }
        return new ImagePlus("g", s);
    }

    @Test
    void onlyKeepsTheNamedKinds() {
        String d = new ShotDegradation(1).only(List.of("noise")).describe();
        assertTrue(d.contains("breathing 0.00 %") && d.contains("jitter +-0.00 px") && d.contains("rotation +-0.000")
                && d.contains("exposure drift 0.0 %") && d.contains("noise sigma 2.0") && d.contains("JPEG none"), d);
        String all = new ShotDegradation(1).only(ShotDegradation.KINDS).describe();
        assertEquals(new ShotDegradation(1).describe(), all);
    }

    @Test
    void noKindLeavesTheStackAsItWasInside() {
        ImagePlus in = gradientStack();
        ImagePlus out = new ShotDegradation(3).only(List.of()).apply(in);
        int differ = 0;
        int border = 0;
        for (int z = 1; z <= 3; z++) {
            byte[] a = (byte[]) in.getStack().getPixels(z);
            byte[] b = (byte[]) out.getStack().getPixels(z);
            for (int i = 0; i < a.length; i++) {
                if (a[i] != b[i]) {
                    differ++;
                    int x = i % 32;
                    int y = i / 32;
                    border += x == 0 || y == 0 || x == 31 || y == 23 ? 1 : 0;
                }
            }
        }
        // Only the outermost pixels may change: the (identity) warp's edge rule there, as in every degraded stack.
        assertEquals(border, differ, differ + " pixels changed, " + border + " of them on the border");
    }

    @Test
    void unknownKindIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ShotDegradation(1).only(List.of("noise", "blur")));
        assertTrue(e.getMessage().contains("'blur'") && e.getMessage().contains("jpeg"), e.getMessage());
    }
}
