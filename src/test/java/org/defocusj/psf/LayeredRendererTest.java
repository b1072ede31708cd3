package org.defocusj.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LayeredRendererTest {

    /** A model with radius |depth - focus| * k pixels. */
    private static DefocusModel linear(double k) {
        return (depth, focus) -> Math.abs(depth - focus) * k;
    }

    @Test
    void blurredForegroundSpreadsOverTheInFocusBackground() {
        int w = 40;
        int h = 10;
        float[] img = new float[w * h];
        float[] depth = new float[w * h];
        for (int i = 0; i < img.length; i++) {
            boolean fg = i % w < 20;
            img[i] = fg ? 200 : 0;
            depth[i] = fg ? 1 : 5;
        }
        // Focused on the background (radius 0); the foreground is blurred (radius 8).
        DefocusModel model = linear(2);
        float[][] layered = new LayeredRenderer(Psf.gaussian(), 15, 4, 2).render(new float[][] {img}, w, h, depth,
                model, 5);
        float[][] gathered = new GatherRenderer(Psf.gaussian(), 15, 2).render(new float[][] {img}, w, h,
                model.radiusMap(depth, 5));
        int outside = 5 * w + 21;
        // Gathering copies the sharp background pixel: the blurred foreground stops at a hard silhouette.
        assertEquals(0, gathered[0][outside], 0);
        // A lens spreads the near object's blur over what lies behind it; the layered renderer does too.
        assertTrue(layered[0][outside] > 20, "foreground blur over the background: " + layered[0][outside]);
        assertEquals(0, layered[0][5 * w + 39], 1e-3, "far from the edge the background stays sharp");
    }

    @Test
    void flatSceneIsAPlainNormalisedBlur() {
        int w = 30;
        int h = 30;
        float[] img = new float[w * h];
        img[15 * w + 15] = 1000;
        float[] depth = new float[w * h];
        Arrays.fill(depth, 3);
        float[][] out = new LayeredRenderer(Psf.gaussian(), 15, 8, 1).render(new float[][] {img}, w, h, depth,
                linear(1), 0);
        double sum = 0;
        for (float v : out[0]) {
            sum += v;
        }
        assertEquals(1000, sum, 1, "energy is preserved away from borders");
        double c2 = 9;
        double expectedRatio = Math.exp(-2 * 1 / c2); // neighbour at distance 1 vs centre
        assertEquals(expectedRatio, out[0][15 * w + 16] / out[0][15 * w + 15], 1e-4);
    }

    @Test
    void equalCountLayersNeverSplitEqualDepths() {
        LayeredRenderer r = new LayeredRenderer(Psf.gaussian(), 3, 4, 1);
        int[] layers = r.assignLayers(new float[] {1, 1, 1, 1, 1, 1, 2, 3});
        assertEquals(layers[0], layers[5]);
        assertTrue(layers[7] > layers[0]);
    }
}
