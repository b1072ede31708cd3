package org.defocusj.zedd;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.defocusj.BadInputException;

/**
 * The reference's preprocessing of one ZEDD scene, in its order: an image whose height differs from the target
 * is resized to that height (width {@code (int)(w * H / h)}, Lanczos-3 on the 8-bit image), the intrinsics' first
 * row scaled by {@code newW / w} and second row by {@code H / h}; an image then wider than the target width is
 * centre-cropped (left = {@code (newW - W) / 2}) and K's cx shifted by that left edge. The ground truth goes
 * through the same resize with nearest neighbour and the same crop.
 */
public final class ZeddPreprocessing {

    private ZeddPreprocessing() {
    }

    /** Sizes of one scene before and after preprocessing. */
    public static final class Geometry {
        final int sourceWidth;
        final int sourceHeight;
        final int resizedWidth;
        final int resizedHeight;
        final int left;
        final int width;

        Geometry(int sourceWidth, int sourceHeight, int resizedWidth, int resizedHeight, int left, int width) {
            this.sourceWidth = sourceWidth;
            this.sourceHeight = sourceHeight;
            this.resizedWidth = resizedWidth;
            this.resizedHeight = resizedHeight;
            this.left = left;
            this.width = width;
        }

        boolean resized() {
            return resizedWidth != sourceWidth || resizedHeight != sourceHeight;
        }

        /** Width of the preprocessed image. */
        public int width() {
            return width;
        }

        /** Height of the preprocessed image. */
        public int height() {
            return resizedHeight;
        }

        /** Left edge of the centre crop in the resized image (0 when not cropped). */
        public int left() {
            return left;
        }
    }

    /** The sizes an image of {@code w x h} takes on its way to {@code targetHeight}, cropped to {@code targetWidth}. */
    public static Geometry plan(int w, int h, int targetHeight, int targetWidth) {
        int newW = w;
        int newH = h;
        if (h != targetHeight) {
            // int(w * (H / h)) in double precision, as the reference computes it.
            newW = (int) (w * ((double) targetHeight / h));
            newH = targetHeight;
        }
        if (newW < 1) {
            throw new BadInputException("image of " + w + "x" + h + " is too narrow to resize to height " + targetHeight);
        }
        int left = newW > targetWidth ? (newW - targetWidth) / 2 : 0;
        return new Geometry(w, h, newW, newH, left, Math.min(newW, targetWidth));
    }

    /** K (row-major 3 x 3) adjusted for the resize and crop of {@code g}; the input is not changed. */
    public static double[] adjustIntrinsics(double[] k, Geometry g) {
        double[] a = k.clone();
        if (g.resized()) {
            double sx = (double) g.resizedWidth / g.sourceWidth;
            double sy = (double) g.resizedHeight / g.sourceHeight;
            for (int c = 0; c < 3; c++) {
                a[c] *= sx;
                a[3 + c] *= sy;
            }
        }
        a[2] -= g.left;
        return a;
    }

    /** An 8-bit RGB image (packed 0xRRGGBB) resized with Lanczos-3 and cropped as {@code g} says. */
    public static int[] image(int[] rgb, Geometry g) {
        int w = g.sourceWidth;
        int h = g.sourceHeight;
        int n = w * h;
        int[] out = new int[g.width * g.resizedHeight];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            float[] plane = new float[n];
            for (int i = 0; i < n; i++) {
                plane[i] = (rgb[i] >> shift) & 0xff;
            }
            float[] resized = g.resized()
                    ? Resampling.lanczos8bit(plane, w, h, g.resizedWidth, g.resizedHeight) : plane;
            float[] cropped = crop(resized, g);
            for (int i = 0; i < out.length; i++) {
                out[i] |= ((int) cropped[i]) << shift;
            }
        }
        return out;
    }

    /** A depth map of the source size resized with nearest neighbour and cropped as {@code g} says. */
    public static float[] groundTruth(float[] depth, Geometry g) {
        float[] resized = g.resized()
                ? Resampling.nearest(depth, g.sourceWidth, g.sourceHeight, g.resizedWidth, g.resizedHeight) : depth;
        return crop(resized, g);
    }

    private static float[] crop(float[] plane, Geometry g) {
        if (g.width == g.resizedWidth) {
            return plane;
        }
        float[] out = new float[g.width * g.resizedHeight];
        for (int y = 0; y < g.resizedHeight; y++) {
            System.arraycopy(plane, y * g.resizedWidth + g.left, out, y * g.width, g.width);
        }
        return out;
    }

    /** A decoded JPEG (or other ImageIO format): its size and packed 0xRRGGBB pixels, gray replicated to RGB. */
    public static final class Decoded {
        final int width;
        final int height;
        final int[] rgb;

        Decoded(int width, int height, int[] rgb) {
            this.width = width;
            this.height = height;
            this.rgb = rgb;
        }
    }

    /** Reads an image file as 8-bit RGB. */
    public static Decoded read(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": not a readable image (" + e.getMessage() + "; expected a JPEG)", e);
        }
        if (img == null) {
            throw new BadInputException(file + ": not a readable image (expected a JPEG)");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] rgb = new int[w * h];
        Raster r = img.getRaster();
        if (r.getNumBands() == 1 && r.getSampleModel().getSampleSize(0) == 8) {
            // Gray JPEG: replicate the stored samples (getRGB would apply a linear-to-sRGB conversion).
            int[] v = r.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < v.length; i++) {
                rgb[i] = (v[i] << 16) | (v[i] << 8) | v[i];
            }
        } else {
            img.getRGB(0, 0, w, h, rgb, 0, w);
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] &= 0xffffff;
            }
        }
        return new Decoded(w, h, rgb);
    }
}
