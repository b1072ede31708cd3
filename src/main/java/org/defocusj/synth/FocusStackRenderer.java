package org.defocusj.synth;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.defocusj.psf.DefocusModel;
import org.defocusj.psf.DefocusRenderer;
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
    public static ImagePlus render(SyntheticScene scene, DefocusModel camera, DefocusRenderer renderer,
            double[] focusM, String title) {
        int w = scene.width();
        int h = scene.height();
        ImageStack stack = new ImageStack(w, h);
        for (double s : focusM) {
            float[][] blurred = renderer.render(scene.rgb(), w, h, scene.depth(), camera, s);
            stack.addSlice(SliceLabels.format(s, DistanceUnit.M), toRgb(blurred, w, h));
        }
        return new ImagePlus(title, stack);
    }

    /** One rendered slice as an ImageJ processor of the given bit depth (24 = RGB from three planes). */
    public static ImageProcessor slice(float[][] planes, int w, int h, int bitDepth) {
        if (bitDepth == 24) {
            return toRgb(planes, w, h);
        }
        float[] v = planes[0];
        int n = w * h;
        switch (bitDepth) {
            case 8: {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) q(v[i]);
                }
                return new ByteProcessor(w, h, b);
            }
            case 16: {
                short[] b = new short[n];
                for (int i = 0; i < n; i++) {
                    int x = Math.round(v[i]);
                    b[i] = (short) (x < 0 ? 0 : x > 65535 ? 65535 : x);
                }
                return new ShortProcessor(w, h, b, null);
            }
            default:
                return new FloatProcessor(w, h, v.clone());
        }
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
