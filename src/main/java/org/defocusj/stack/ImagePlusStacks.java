package org.defocusj.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import org.defocusj.BadInputException;

/**
 * Turns ImageJ 1.x images into {@link FocusStack}s without copying pixels: the ImgLib2 planar image and the
 * fast {@link PlaneReader} share the ImageStack's primitive arrays. The focus axis is Z, or T when Z has
 * size 1. RGB images become three channels.
 */
public final class ImagePlusStacks {

    private ImagePlusStacks() {
    }

    /** Wraps an image; with {@link FocusSource#auto} distances come from the z-calibration or slice labels. */
    public static FocusStack wrap(ImagePlus imp, FocusSource source) {
        return wrap(imp, source, null, imp.getTitle());
    }

    /**
     * @param autoSidecar a sidecar file found next to the image, consulted first by {@link FocusSource#auto}
     * @param name        name used in messages (usually the file path)
     */
    public static FocusStack wrap(ImagePlus imp, FocusSource source, Path autoSidecar, String name) {
        int nC = imp.getNChannels();
        int nZ = imp.getNSlices();
        int nT = imp.getNFrames();
        boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
        if (nZ > 1 && nT > 1) {
            throw new BadInputException(name + ": hyperstack has " + nZ + " z-slices and " + nT
                    + " time frames (expected one focus axis: Z, or T when Z is 1; duplicate one frame first)");
        }
        boolean focusIsZ = nZ > 1 || nT == 1;
        int nF = focusIsZ ? nZ : nT;
        if (nF < 2) {
            throw new BadInputException(name + ": has " + nF + " focus slice (expected a stack of at least 2 slices"
                    + " along Z, or T when Z is 1)");
        }
        if (rgb && nC > 1) {
            throw new BadInputException(name + ": RGB hyperstacks with several channels are not supported");
        }
        ImageStack stack = imp.getStack();
        List<Object> planes = new ArrayList<>(nC * nF);
        String[] labels = new String[nF];
        for (int f = 0; f < nF; f++) {
            for (int c = 0; c < nC; c++) {
                int index = focusIsZ ? imp.getStackIndex(c + 1, f + 1, 1) : imp.getStackIndex(c + 1, 1, f + 1);
                planes.add(stack.getPixels(index));
                if (c == 0) {
                    labels[f] = stack.getSliceLabel(index);
                }
            }
        }
        FocusDistances focus = resolveFocus(imp, source, autoSidecar, labels, nF, name);
        Calibration cal = imp.getCalibration();
        SpatialCalibration spatial = new SpatialCalibration(cal.pixelWidth, cal.pixelHeight, cal.getUnit());
        int w = imp.getWidth();
        int h = imp.getHeight();
        int channels = rgb ? 3 : nC;
        RandomAccessibleInterval<? extends RealType<?>> image = planarImage(imp.getBitDepth(), planes, w, h, nC, nF);
        PlaneReader reader = new ArrayPlaneReader(planes, w, nC, rgb);
        double white = whiteLevel(imp.getBitDepth());
        if (image.dimension(2) != channels) {
            throw new IllegalStateException("channel count mismatch");
        }
        return new FocusStack(image, focus, Optics.UNKNOWN, name, white, spatial, reader);
    }

    static double whiteLevel(int bitDepth) {
        switch (bitDepth) {
            case 8: case 24:
                return 255;
            case 16:
                return 65535;
            default:
                return Double.NaN;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RandomAccessibleInterval<? extends RealType<?>> planarImage(int bitDepth, List<Object> planes,
            int w, int h, int nC, int nF) {
        long[] dims = {w, h, nC, nF};
        switch (bitDepth) {
            case 8: {
                List<ByteArray> arrays = new ArrayList<>();
                planes.forEach(p -> arrays.add(new ByteArray((byte[]) p)));
                PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(arrays, dims, new Fraction());
                img.setLinkedType(new UnsignedByteType(img));
                return img;
            }
            case 16: {
                List<ShortArray> arrays = new ArrayList<>();
                planes.forEach(p -> arrays.add(new ShortArray((short[]) p)));
                PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(arrays, dims, new Fraction());
                img.setLinkedType(new UnsignedShortType(img));
                return img;
            }
            case 32: {
                List<FloatArray> arrays = new ArrayList<>();
                planes.forEach(p -> arrays.add(new FloatArray((float[]) p)));
                PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(arrays, dims, new Fraction());
                img.setLinkedType(new FloatType(img));
                return img;
            }
            case 24: {
                List<IntArray> arrays = new ArrayList<>();
                planes.forEach(p -> arrays.add(new IntArray((int[]) p)));
                PlanarImg<ARGBType, IntArray> img = new PlanarImg<>(arrays, new long[] {w, h, nF}, new Fraction());
                img.setLinkedType(new ARGBType(img));
                // argbChannels appends the channel axis last; move it before the focus axis.
                RandomAccessibleInterval<UnsignedByteType> rgb = Converters.argbChannels(img, 1, 2, 3);
                return Views.moveAxis(rgb, 3, 2);
            }
            default:
                throw new BadInputException("unsupported bit depth " + bitDepth + " (expected 8, 16, 32 or RGB)");
        }
    }

    private static FocusDistances resolveFocus(ImagePlus imp, FocusSource source, Path autoSidecar,
            String[] labels, int nF, String name) {
        switch (source.kind()) {
            case EXPLICIT:
                return FocusDistances.ofParameter(source.values(), source.unit(), "focus");
            case FILE:
                return FocusFile.read(source.file(), source.unit());
            case INDEX:
                return FocusDistances.sliceIndices(nF, name + " (" + BadInputException.ref("focus") + " index)");
            case AUTO:
            default:
                if (autoSidecar != null) {
                    return FocusFile.read(autoSidecar, source.unit());
                }
                FocusDistances fromCal = fromCalibration(imp.getCalibration(), nF, name);
                if (fromCal != null) {
                    return fromCal;
                }
                FocusDistances fromLabels = SliceLabels.parse(labels, name + " (slice labels)");
                if (fromLabels != null) {
                    return fromLabels;
                }
                throw new BadInputException(name + ": no focus distances found (expected "
                        + BadInputException.ref("focus") + " d1,d2,... with " + BadInputException.ref("unit") + ", a "
                        + BadInputException.ref("focus-file") + ", a z-calibrated stack, 'focus=<d> <unit>' slice "
                        + "labels, or " + BadInputException.ref("focus") + " index for relative depth in slices)");
        }
    }

    /** Distances from ImageJ's z-calibration, or null if Z is uncalibrated (unit pixel). */
    static FocusDistances fromCalibration(Calibration cal, int nF, String name) {
        DistanceUnit unit = DistanceUnit.tryParse(cal.getZUnit());
        if (unit == null || unit.isRelative()) {
            return null;
        }
        double[] v = new double[nF];
        for (int i = 0; i < nF; i++) {
            v[i] = cal.getZ(i);
        }
        return new FocusDistances(v, unit, name + " (z-calibration)");
    }
}
