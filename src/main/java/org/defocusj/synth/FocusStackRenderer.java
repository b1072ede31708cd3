package org.defocusj.synth;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;

import org.defocusj.psf.GatherRenderer;
import org.defocusj.psf.ThinLensCamera;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.SliceLabels;

/** Renders a focus stack of a synthetic scene through a thin-lens camera, one slice per focus distance. */
public final class FocusStackRenderer {

    private FocusStackRenderer() {
    }

    /**
     * @param focusM focus distances in metres (scene depth must be in metres too)
     * @return an RGB stack whose slice labels record the focus distances
     */
    public static ImagePlus render(SyntheticScene scene, ThinLensCamera camera, GatherRenderer renderer,
            double[] focusM, String title) {
        int w = scene.width();
        int h = scene.height();
        ImageStack stack = new ImageStack(w, h);
        for (double s : focusM) {
            float[] radius = camera.radiusMap(scene.depth(), s);
            float[][] blurred = renderer.render(scene.rgb(), w, h, radius);
            stack.addSlice(SliceLabels.format(s, DistanceUnit.M), toRgb(blurred, w, h));
        }
        return new ImagePlus(title, stack);
    }

    static ColorProcessor toRgb(float[][] rgb, int w, int h) {
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = 0xff000000 | (q(rgb[0][i]) << 16) | (q(rgb[1][i]) << 8) | q(rgb[2][i]);
        }
        return new ColorProcessor(w, h, px);
    }

    private static int q(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : i > 255 ? 255 : i;
    }
}
