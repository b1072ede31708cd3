package org.defocusj.io;

import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.List;

import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

import org.defocusj.BadInputException;

/**
 * Decodes the TIFFs that ImageJ 1.x cannot (BigTIFF, tiles, JPEG, 16-bit and float RGB, 64-bit floats, planar
 * colour, thumbnails between slices) with TwelveMonkeys' TIFF reader, into an ImagePlus shaped as ImageJ would
 * shape it: one plane per sample for 16-bit and float colour (a 3-channel composite, as ImageJ opens a single
 * 16-bit RGB image), packed RGB for 8-bit colour, 64-bit floats narrowed to 32 bits. The structure has been
 * checked by {@link TiffStructure} first. The reader is created directly rather than found through ImageIO's
 * registry, so which TIFF plugin the JDK or Fiji prefers does not matter.
 */
final class LibraryTiff {

    private LibraryTiff() {
    }

    static ImagePlus open(TiffStructure s) {
        List<TiffStructure.Page> pages = s.stackPages();
        TiffStructure.Page first = pages.get(0);
        for (TiffStructure.Page p : pages) {
            if (!p.sameLayout(first)) {
                throw new BadInputException(s.file() + ": page " + p.number + " is " + p.describe() + " but page "
                        + first.number + " is " + first.describe() + " (expected every slice of a stack to have one "
                        + "size and type)");
            }
        }
        int w = (int) first.width;
        int h = (int) first.height;
        ImageStack stack = new ImageStack(w, h);
        int channels = 1;
        boolean colourPlanes = false;
        ImageReader reader = new TIFFImageReaderSpi().createReaderInstance(null);
        try (ImageInputStream in = new FileImageInputStream(s.file().toFile())) {
            reader.setInput(in, false, true);
            for (TiffStructure.Page p : pages) {
                Raster raster;
                ColorModel colours;
                try {
                    // The raster as stored: read() would clamp floats to [0, 1] for display.
                    raster = reader.readRaster(p.number - 1, null);
                    colours = reader.getRawImageType(p.number - 1).getColorModel();
                } catch (IOException | RuntimeException e) {
                    throw new BadInputException(s.file() + ": cannot decode page " + p.number + " (" + e.getMessage()
                            + ")", e);
                } catch (OutOfMemoryError e) {
                    throw new BadInputException(s.file() + ": not enough memory to read page " + p.number + " of "
                            + pages.size() + " (" + p.describe() + ")");
                }
                Object[] planes = planes(raster, colours, p);
                channels = planes.length;
                colourPlanes = p.isColour() && planes.length == 3;
                for (Object plane : planes) {
                    stack.addSlice(null, plane);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(s.file() + ": cannot read file (" + e.getMessage() + ")", e);
        } finally {
            reader.dispose();
        }
        String name = s.file().getFileName().toString();
        ImagePlus imp = new ImagePlus(name, stack);
        int focusPlanes = pages.size();
        int[] zt = imageJSlicesAndFrames(s.description(), focusPlanes * channels, channels);
        imp.setDimensions(channels, zt[0], zt[1]);
        if (channels > 1) {
            imp.setOpenAsHyperStack(true);
            imp = new CompositeImage(imp, colourPlanes ? IJ.COMPOSITE : IJ.GRAYSCALE);
        }
        imp.setCalibration(calibration(s));
        return imp;
    }

    /** One page as ImageJ planes: byte, short or float per channel, or one packed int plane for 8-bit colour. */
    private static Object[] planes(Raster r, ColorModel colours, TiffStructure.Page p) {
        int w = r.getWidth();
        int h = r.getHeight();
        int type = r.getSampleModel().getDataType();
        if (colours instanceof IndexColorModel) {
            return new Object[] {indexed(r, (IndexColorModel) colours)};
        }
        int bands = r.getNumBands();
        boolean colour = p.isColour() && bands >= 3;
        int channels = colour ? 3 : Math.min(bands, p.channels());
        if (colour && type == DataBuffer.TYPE_BYTE) {
            int[] rgb = new int[w * h];
            int[] band = new int[w * h];
            for (int b = 0; b < 3; b++) {
                r.getSamples(0, 0, w, h, b, band);
                int shift = 16 - 8 * b;
                for (int i = 0; i < band.length; i++) {
                    rgb[i] |= (band[i] & 0xff) << shift;
                }
            }
            return new Object[] {rgb};
        }
        Object[] out = new Object[channels];
        for (int b = 0; b < channels; b++) {
            out[b] = band(r, b, type, p.sampleFormat);
        }
        return out;
    }

    private static Object band(Raster r, int b, int type, int sampleFormat) {
        int w = r.getWidth();
        int h = r.getHeight();
        Object direct = directArray(r);
        if (direct != null) {
            return direct;
        }
        switch (type) {
            case DataBuffer.TYPE_BYTE: {
                int[] v = r.getSamples(0, 0, w, h, b, (int[]) null);
                byte[] out = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = (byte) v[i];
                }
                return out;
            }
            case DataBuffer.TYPE_USHORT: {
                int[] v = r.getSamples(0, 0, w, h, b, (int[]) null);
                short[] out = new short[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = (short) v[i];
                }
                return out;
            }
            case DataBuffer.TYPE_INT: {
                // 32-bit integers become float as in ImageJ; unsigned ones keep their sign bit as magnitude.
                int[] v = r.getSamples(0, 0, w, h, b, (int[]) null);
                float[] out = new float[v.length];
                boolean unsigned = sampleFormat != TiffStructure.SAMPLE_INT;
                for (int i = 0; i < v.length; i++) {
                    out[i] = unsigned ? (float) (v[i] & 0xffffffffL) : v[i];
                }
                return out;
            }
            default: {
                // Signed 16-bit, 32- and 64-bit floats: float planes (64-bit floats lose precision, not range).
                double[] v = r.getSamples(0, 0, w, h, b, (double[]) null);
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = (float) v[i];
                }
                return out;
            }
        }
    }

    /** The raster's own array when it is exactly one ImageJ plane (one band, no padding): no copy. */
    private static Object directArray(Raster r) {
        if (r.getNumBands() != 1 || !(r.getSampleModel() instanceof ComponentSampleModel)
                || r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0) {
            return null;
        }
        ComponentSampleModel sm = (ComponentSampleModel) r.getSampleModel();
        DataBuffer db = r.getDataBuffer();
        int n = r.getWidth() * r.getHeight();
        if (sm.getPixelStride() != 1 || sm.getScanlineStride() != r.getWidth() || db.getNumBanks() != 1
                || db.getOffset() != 0 || sm.getBandOffsets()[0] != 0 || db.getSize() != n) {
            return null;
        }
        if (db instanceof DataBufferByte) {
            return ((DataBufferByte) db).getData();
        }
        if (db instanceof DataBufferUShort) {
            return ((DataBufferUShort) db).getData();
        }
        if (db instanceof DataBufferFloat) {
            return ((DataBufferFloat) db).getData();
        }
        return null;
    }

    /** A palette or bilevel page: grey levels when the palette is grey (bilevel as 0 and 255), else packed RGB. */
    private static Object indexed(Raster r, IndexColorModel cm) {
        int w = r.getWidth();
        int h = r.getHeight();
        int[] idx = r.getSamples(0, 0, w, h, 0, (int[]) null);
        boolean grey = true;
        for (int i = 0; i < cm.getMapSize(); i++) {
            grey &= cm.getRed(i) == cm.getGreen(i) && cm.getGreen(i) == cm.getBlue(i);
        }
        if (grey) {
            byte[] out = new byte[idx.length];
            for (int i = 0; i < idx.length; i++) {
                out[i] = (byte) cm.getRed(idx[i]);
            }
            return out;
        }
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = cm.getRGB(idx[i]) & 0xffffff;
        }
        return out;
    }

    /**
     * Z and T from an ImageJ description ({@code slices=}, {@code frames=}) when they account for all planes, else
     * every page along Z.
     */
    static int[] imageJSlicesAndFrames(String description, int planes, int channels) {
        int focus = planes / channels;
        if (description == null || !description.startsWith("ImageJ")) {
            return new int[] {focus, 1};
        }
        int z = intValue(description, "slices", 1);
        int t = intValue(description, "frames", 1);
        return z * t == focus ? new int[] {z, t} : new int[] {focus, 1};
    }

    private static int intValue(String description, String key, int fallback) {
        String v = TiffStructure.imageJValue(description, key);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Pixel size from the resolution tags, and unit and z spacing from an ImageJ description, as ImageJ reads them. */
    private static Calibration calibration(TiffStructure s) {
        Calibration cal = new Calibration();
        String d = s.description();
        String unit = d != null && d.startsWith("ImageJ") ? TiffStructure.imageJValue(d, "unit") : null;
        if (unit == null && s.xResolution() > 0) {
            unit = s.resolutionUnit() == 3 ? "cm" : s.resolutionUnit() == 2 ? "inch" : null;
        }
        if (unit != null && s.xResolution() > 0) {
            cal.pixelWidth = 1 / s.xResolution();
            cal.pixelHeight = s.yResolution() > 0 ? 1 / s.yResolution() : cal.pixelWidth;
        }
        if (unit != null) {
            cal.setUnit(unit.replace("\\u00B5", "\u00B5"));
        }
        String spacing = d != null && d.startsWith("ImageJ") ? TiffStructure.imageJValue(d, "spacing") : null;
        if (spacing != null) {
            try {
                cal.pixelDepth = Double.parseDouble(spacing);
            } catch (NumberFormatException e) {
                // ImageJ ignores a spacing it cannot read, and so do we
            }
        }
        return cal;
    }
}
