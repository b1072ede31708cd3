package org.defocusj.surface;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

import org.defocusj.BadInputException;
import org.defocusj.io.StackReader;

/**
 * The colours a 3D view or mesh takes from an image, usually the all-in-focus composite: packed 8-bit RGB per
 * pixel, the same size as the height field. A grey image (8, 16 or 32-bit) is mapped to 0..255 through its
 * display range, as ImageJ shows it; a multi-channel image takes its first three channels as red, green, blue,
 * each through its own range.
 */
public final class MeshTexture {

    private final int width;
    private final int height;
    private final int[] rgb;

    private MeshTexture(int width, int height, int[] rgb) {
        if ((long) width * height != rgb.length) {
            throw new IllegalArgumentException("expected " + width + " x " + height + " colours, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** Packed RGB ({@code 0xRRGGBB}, the top byte ignored), row-major; not copied. */
    public static MeshTexture ofRgb(int width, int height, int[] rgb) {
        return new MeshTexture(width, height, rgb);
    }

    /**
     * The colours of an open image.
     *
     * @param parameter id of the parameter that named it, for messages
     */
    public static MeshTexture of(ImagePlus imp, String parameter) {
        if (imp == null) {
            throw BadInputException.forParameter(parameter, "no image (expected an RGB or grey texture image)");
        }
        int channels = imp.getNChannels();
        int planes = imp.getStackSize();
        if (planes != 1 && !(channels == planes && channels <= 4)) {
            throw BadInputException.forParameter(parameter, "'" + imp.getTitle() + "' has " + planes + " planes "
                    + "(expected one plane, RGB or grey, or up to 3 colour channels)");
        }
        int w = imp.getWidth();
        int h = imp.getHeight();
        if (planes == 1) {
            ImageProcessor ip = imp.getProcessor();
            if (ip instanceof ColorProcessor) {
                return new MeshTexture(w, h, ((int[]) ip.getPixels()).clone());
            }
            byte[] g = grey(ip);
            int[] rgb = new int[w * h];
            for (int i = 0; i < rgb.length; i++) {
                int v = g[i] & 0xff;
                rgb[i] = (v << 16) | (v << 8) | v;
            }
            return new MeshTexture(w, h, rgb);
        }
        int[] rgb = new int[w * h];
        for (int c = 0; c < Math.min(3, channels); c++) {
            ImageProcessor ip = imp.getStack().getProcessor(c + 1);
            if (imp instanceof CompositeImage) {
                LUT lut = ((CompositeImage) imp).getChannelLut(c + 1);
                ip.setMinAndMax(lut.min, lut.max);
            } else {
                ip.resetMinAndMax();
            }
            byte[] g = grey(ip);
            int shift = 16 - 8 * c;
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] |= (g[i] & 0xff) << shift;
            }
        }
        return new MeshTexture(w, h, rgb);
    }

    private static byte[] grey(ImageProcessor ip) {
        return (byte[]) ip.convertToByte(true).getPixels();
    }

    /** The colours of an image file (TIFF, PNG, JPEG, ...), errors about {@code parameter}. */
    public static MeshTexture read(Path file, String parameter) {
        try {
            return of(StackReader.openImage(file), parameter);
        } catch (BadInputException e) {
            throw e.parameter() != null ? e : BadInputException.forParameter(parameter, e);
        }
    }

    /** Checks that the texture covers the height field pixel for pixel. */
    public MeshTexture requireSize(HeightField field, String parameter) {
        if (width != field.width() || height != field.height()) {
            throw BadInputException.forParameter(parameter, width + " x " + height + " pixels, but the height "
                    + "map is " + field.width() + " x " + field.height() + " (expected the same size, e.g. the "
                    + "all-in-focus image of the same stack)");
        }
        return this;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Packed RGB of pixel (x, y), {@code 0xRRGGBB}. */
    public int rgb(int x, int y) {
        return rgb[y * width + x] & 0xffffff;
    }

    /** Row-major packed RGB; not a copy. */
    int[] pixels() {
        return rgb;
    }

    /** As an image, for writing the OBJ's texture PNG. */
    public BufferedImage toImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, width, height, rgb, 0, width);
        return out;
    }
}
