package org.defocusj.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.SpatialCalibration;

/**
 * Writes ImageJ-compatible TIFFs: depth and confidence maps as 32-bit float with the spatial calibration and
 * the value unit (ImageJ shows it as the pixel value unit), and all-in-focus images in the input's bit depth.
 * Provenance goes into the image's Info property.
 */
public final class TiffWriter {

    private TiffWriter() {
    }

    /** A 32-bit map (X, Y) whose values are in {@code valueUnit} (e.g. "m", "slice", or "" for unitless). */
    public static ImagePlus floatMap(String title, Img<FloatType> map, SpatialCalibration spatial, String valueUnit,
            Map<String, String> info) {
        int w = (int) map.dimension(0);
        int h = (int) map.dimension(1);
        FloatProcessor fp = new FloatProcessor(w, h, FloatMaps.data(map));
        fp.resetMinAndMax();
        ImagePlus imp = new ImagePlus(title, fp);
        Calibration cal = calibration(spatial);
        if (valueUnit != null && !valueUnit.isEmpty()) {
            cal.setValueUnit(valueUnit);
        }
        imp.setCalibration(cal);
        imp.setProperty("Info", infoText(info));
        return imp;
    }

    /**
     * An image (X, Y, C) in the stack's intensity scale: 8-bit or RGB for white level 255, 16-bit for 65535,
     * otherwise 32-bit; values are rounded and clamped for the integer types.
     */
    public static ImagePlus intensityImage(String title, Img<FloatType> image, double whiteLevel,
            SpatialCalibration spatial, Map<String, String> info) {
        int w = (int) image.dimension(0);
        int h = (int) image.dimension(1);
        int nC = (int) image.dimension(2);
        float[] data = FloatMaps.data(image);
        int n = w * h;
        ImagePlus imp;
        if (whiteLevel == 255 && nC == 3) {
            int[] rgb = new int[n];
            for (int i = 0; i < n; i++) {
                rgb[i] = 0xff000000 | (clamp(data[i], 255) << 16) | (clamp(data[n + i], 255) << 8)
                        | clamp(data[2 * n + i], 255);
            }
            imp = new ImagePlus(title, new ColorProcessor(w, h, rgb));
        } else {
            ImageStack stack = new ImageStack(w, h);
            for (int c = 0; c < nC; c++) {
                stack.addSlice("channel " + (c + 1), plane(data, c * n, w, h, whiteLevel));
            }
            imp = new ImagePlus(title, stack);
            if (nC > 1) {
                imp.setDimensions(nC, 1, 1);
            }
        }
        imp.setCalibration(calibration(spatial));
        imp.setProperty("Info", infoText(info));
        return imp;
    }

    private static ImageProcessor plane(float[] data, int offset, int w, int h, double whiteLevel) {
        int n = w * h;
        if (whiteLevel == 255) {
            byte[] p = new byte[n];
            for (int i = 0; i < n; i++) {
                p[i] = (byte) clamp(data[offset + i], 255);
            }
            return new ByteProcessor(w, h, p);
        }
        if (whiteLevel == 65535) {
            short[] p = new short[n];
            for (int i = 0; i < n; i++) {
                p[i] = (short) clamp(data[offset + i], 65535);
            }
            return new ShortProcessor(w, h, p, null);
        }
        float[] p = new float[n];
        System.arraycopy(data, offset, p, 0, n);
        return new FloatProcessor(w, h, p);
    }

    private static int clamp(float v, int max) {
        int i = Math.round(v);
        return i < 0 ? 0 : i > max ? max : i;
    }

    /** Writes {@code imp} as TIFF to {@code file} (for atomic output, a temporary file). */
    public static void write(ImagePlus imp, Path file) throws IOException {
        FileInfo fi = imp.getFileInfo();
        FileSaver saver = new FileSaver(imp);
        fi.description = saver.getDescriptionString();
        Object info = imp.getProperty("Info");
        if (info != null) {
            fi.info = info.toString();
        }
        if (imp.getStackSize() > 1) {
            fi.sliceLabels = imp.getStack().getSliceLabels();
            if (imp.getStack().isVirtual()) {
                // Slices made one at a time as they are written (AlignedStackFile): never all in memory.
                fi.virtualStack = (ij.VirtualStack) imp.getStack();
                fi.nImages = imp.getStackSize();
            }
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            new TiffEncoder(fi).write(out);
        }
    }

    private static Calibration calibration(SpatialCalibration spatial) {
        Calibration cal = new Calibration();
        cal.pixelWidth = spatial.pixelWidth();
        cal.pixelHeight = spatial.pixelHeight();
        cal.setUnit(spatial.unit());
        return cal;
    }

    private static String infoText(Map<String, String> info) {
        StringBuilder sb = new StringBuilder();
        if (info != null) {
            info.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        }
        return sb.toString();
    }
}
