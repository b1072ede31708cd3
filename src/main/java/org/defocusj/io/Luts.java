package org.defocusj.io;

import java.awt.image.BufferedImage;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.FloatProcessor;
import ij.process.LUT;

import org.defocusj.io.DepthPng;

/**
 * How depth maps look in ImageJ: the perceptually uniform viridis lookup table (the same colours as the
 * depth PNGs, from {@link DepthPng#viridis}) over the 1st..99th percentile of the finite depths, so a few
 * outliers do not wash the scene out. NaN (no depth) shows as ImageJ shows NaN.
 */
public final class Luts {

    /** Name of the overlay element {@link #addCalibrationBar} adds. */
    public static final String CALIBRATION_BAR = "calibration bar";

    private Luts() {
    }

    /** Viridis as a 256-entry ImageJ LUT. */
    public static LUT viridis() {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            int rgb = DepthPng.viridis(i / 255.0);
            r[i] = (byte) (rgb >> 16);
            g[i] = (byte) (rgb >> 8);
            b[i] = (byte) rgb;
        }
        return new LUT(r, g, b);
    }

    /** Gives a 32-bit depth map the viridis LUT and the percentile display range. */
    public static void showAsDepth(ImagePlus depth) {
        float[] pixels = (float[]) depth.getProcessor().getPixels();
        double[] range = DepthPng.displayRange(pixels);
        depth.setLut(viridis());
        depth.setDisplayRange(range[0], range[1]);
    }

    /**
     * Adds the colour bar of {@link DepthPng#legend} (the PNGs' legend, over the current display range) as an
     * overlay at the image's top right, half the image tall (120 to 300 pixels, at most the image).
     */
    public static void addCalibrationBar(ImagePlus depth, String label) {
        int height = Math.min(depth.getHeight(), Math.max(120, Math.min(300, depth.getHeight() / 2)));
        BufferedImage legend = DepthPng.legend(depth.getDisplayRangeMin(), depth.getDisplayRangeMax(), label, height);
        ImageRoi bar = new ImageRoi(Math.max(0, depth.getWidth() - legend.getWidth()), 0, legend);
        bar.setName(CALIBRATION_BAR);
        Overlay overlay = depth.getOverlay() != null ? depth.getOverlay() : new Overlay();
        overlay.add(bar);
        depth.setOverlay(overlay);
    }

    /** A confidence map shows its full 0..1 range in gray. */
    public static void showAsConfidence(ImagePlus confidence) {
        if (confidence.getProcessor() instanceof FloatProcessor) {
            confidence.setDisplayRange(0, 1);
        }
    }
}
