package org.defocusj.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.defocusj.BadInputException;
import org.defocusj.io.Npy;
import org.defocusj.io.StackReader;
import org.defocusj.stack.DepthMap;

/**
 * Reads depth maps and masks for evaluation: a single-plane image ImageJ opens (depth: 32-bit TIFF) or a
 * NumPy {@code .npy} array (2-D, or 3-D with an axis of size 1; any byte order, C or Fortran order). Every
 * error is a {@link BadInputException} about the given parameter, whose message names the file.
 */
public final class DepthMapReader {

    private DepthMapReader() {
    }

    /** True for the file names this reader takes ({@code .tif}, {@code .tiff}, {@code .npy}; not hidden). */
    public static boolean isDepthFile(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".npy"));
    }

    /** A depth map: 32-bit float TIFF or .npy; {@code parameter} is the id (e.g. {@code gt}) errors are about. */
    public static DepthMap readDepth(Path file, String parameter) {
        return read(file, parameter, false);
    }

    /**
     * A mask: any single-plane image ImageJ opens (8/16/32-bit or RGB) or .npy. Values are returned as is
     * (RGB: the colour bits), so nonzero means valid. {@code parameter} is the id errors are about.
     */
    public static DepthMap readMask(Path file, String parameter) {
        return read(file, parameter, true);
    }

    private static DepthMap read(Path file, String parameter, boolean mask) {
        String what = mask ? "a mask image (TIFF/PNG, nonzero = valid) or .npy"
                : "a 32-bit float TIFF or a .npy depth map";
        if (!Files.exists(file)) {
            throw BadInputException.forParameter(parameter, file + ": no such file (expected " + what + ")");
        }
        if (Files.isDirectory(file)) {
            throw BadInputException.forParameter(parameter, file + " is a folder (expected " + what + ")");
        }
        try {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")
                    ? readNpy(file) : readImage(file, mask);
        } catch (BadInputException e) {
            // The readers' messages start with the file; say which parameter it was given to.
            throw BadInputException.forParameter(parameter, e);
        }
    }

    private static DepthMap readNpy(Path file) {
        Npy.Array a = Npy.read(file);
        int[] shape = a.shape();
        int[] plane = planeShape(shape);
        if (plane == null) {
            throw new BadInputException(file + ": array of shape " + shapeText(shape)
                    + " (expected a 2-D array H x W, or 3-D with one axis of size 1)");
        }
        return new DepthMap(file.toString(), plane[1], plane[0], a.data());
    }

    /** (H, W) of a 2-D shape, or of a 3-D shape with a singleton axis dropped; null otherwise. */
    static int[] planeShape(int[] shape) {
        if (shape.length == 2) {
            return shape[0] > 0 && shape[1] > 0 ? shape : null;
        }
        if (shape.length == 3) {
            for (int k = 0; k < 3; k++) {
                if (shape[k] == 1) {
                    int[] rest = new int[2];
                    for (int j = 0, n = 0; j < 3; j++) {
                        if (j != k) {
                            rest[n++] = shape[j];
                        }
                    }
                    // C order is unchanged by dropping an axis of size 1.
                    return rest[0] > 0 && rest[1] > 0 ? rest : null;
                }
            }
        }
        return null;
    }

    private static String shapeText(int[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    private static DepthMap readImage(Path file, boolean mask) {
        ImagePlus imp = StackReader.openImage(file);
        if (imp.getStackSize() != 1) {
            throw new BadInputException(file + ": has " + imp.getStackSize() + " planes (expected a single "
                    + (mask ? "mask image" : "depth map") + ")");
        }
        ImageProcessor ip = imp.getProcessor();
        int w = ip.getWidth();
        int h = ip.getHeight();
        if (!mask) {
            if (imp.getBitDepth() != 32) {
                throw new BadInputException(file + ": is a " + (imp.getBitDepth() == 24 ? "RGB" : imp.getBitDepth()
                        + "-bit") + " image (expected a 32-bit float depth map)");
            }
            return new DepthMap(file.toString(), w, h, (float[]) ip.getPixels());
        }
        float[] v = new float[w * h];
        if (ip instanceof ColorProcessor) {
            int[] rgb = (int[]) ip.getPixels();
            for (int i = 0; i < v.length; i++) {
                v[i] = rgb[i] & 0xffffff;
            }
        } else {
            for (int i = 0; i < v.length; i++) {
                v[i] = ip.getf(i);
            }
        }
        return new DepthMap(file.toString(), w, h, v);
    }
}
