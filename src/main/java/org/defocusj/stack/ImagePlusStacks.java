package org.defocusj.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.CompositeImage;
import ij.IJ;
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
 * size 1, or the channels ({@link #focusAxis}). RGB images become three channels.
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
        if (rgb && nC > 1) {
            throw new BadInputException(name + ": RGB hyperstacks with several channels are not supported");
        }
        FocusAxis axis = focusAxis(imp, source.axis(), name);
        int nF = axis == FocusAxis.Z ? nZ : axis == FocusAxis.T ? nT : nC;
        if (nF < 2) {
            throw new BadInputException(name + ": has " + nF + " focus slice (expected a stack of at least 2 slices"
                    + " along Z, or T when Z is 1, or along the channels with " + BadInputException.ref(
                    FocusAxis.FOCUS_AXIS.id()) + " c)");
        }
        int channels = axis == FocusAxis.C ? 1 : nC;
        ImageStack stack = imp.getStack();
        List<Object> planes = new ArrayList<>(channels * nF);
        String[] labels = new String[nF];
        for (int f = 0; f < nF; f++) {
            for (int c = 0; c < channels; c++) {
                int index = axis == FocusAxis.Z ? imp.getStackIndex(c + 1, f + 1, 1)
                        : axis == FocusAxis.T ? imp.getStackIndex(c + 1, 1, f + 1) : imp.getStackIndex(f + 1, 1, 1);
                planes.add(stack.getPixels(index));
                if (c == 0) {
                    labels[f] = stack.getSliceLabel(index);
                }
            }
        }
        // ImageJ's z spacing describes Z: channels taken as focus slices get their distances elsewhere.
        Calibration cal = imp.getCalibration();
        FocusDistances focus = resolveFocus(axis == FocusAxis.C ? new Calibration() : cal, source, autoSidecar,
                labels, nF, name);
        SpatialCalibration spatial = new SpatialCalibration(cal.pixelWidth, cal.pixelHeight, cal.getUnit());
        int w = imp.getWidth();
        int h = imp.getHeight();
        int imageChannels = rgb ? 3 : channels;
        RandomAccessibleInterval<? extends RealType<?>> image = planarImage(imp.getBitDepth(), planes, w, h, channels,
                nF);
        PlaneReader reader = new ArrayPlaneReader(planes, w, channels, rgb);
        double white = whiteLevel(imp.getBitDepth());
        if (image.dimension(2) != imageChannels) {
            throw new IllegalStateException("channel count mismatch");
        }
        FocusStack fs = new FocusStack(image, focus, Optics.UNKNOWN, name, white, spatial, reader);
        if (axis == FocusAxis.C && source.axis() == FocusAxis.AUTO) {
            fs = fs.withNote(name + ": its " + nC + " channels are taken as the focus slices (Z and T have size 1; "
                    + BadInputException.ref(FocusAxis.FOCUS_AXIS.id()) + " chooses the axis)");
        }
        return fs;
    }

    /**
     * The axis whose slices are the focus slices: the one asked for, checked against the shape, or for
     * {@link FocusAxis#AUTO} Z when it has several slices, else T when it has, else the channels when Z and T
     * are 1 and the channels cannot be colours: more than 3 of them, or 2 or 3 not shown as a colour composite
     * (a 16-bit or float RGB image opens as a 3-channel composite). 2 or 3 colour channels and nothing else is
     * ambiguous (a colour image, or a tiny stack?) and needs the axis said.
     */
    static FocusAxis focusAxis(ImagePlus imp, FocusAxis wanted, String name) {
        int nC = imp.getNChannels();
        int nZ = imp.getNSlices();
        int nT = imp.getNFrames();
        boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
        String option = BadInputException.ref(FocusAxis.FOCUS_AXIS.id());
        String shape = nZ + " z-slices, " + nT + " time frames and " + nC + " channels";
        switch (wanted) {
            case Z:
            case T:
                int own = wanted == FocusAxis.Z ? nZ : nT;
                int other = wanted == FocusAxis.Z ? nT : nZ;
                FocusAxis otherAxis = wanted == FocusAxis.Z ? FocusAxis.T : FocusAxis.Z;
                if (other > 1 && own < 2) {
                    throw new BadInputException(name + ": has " + shape + " (" + option + " " + wanted.key()
                            + " asks for slices along " + wanted + ", but they lie along " + otherAxis + ": give "
                            + option + " " + otherAxis.key() + " or auto)");
                }
                if (other > 1) {
                    throw new BadInputException(name + ": has " + shape + " (" + option + " " + wanted.key()
                            + " needs the other of Z and T to be 1; duplicate one " + (wanted == FocusAxis.Z ? "frame"
                            : "z-slice") + " first)");
                }
                return wanted;
            case C:
                if (rgb) {
                    throw new BadInputException(name + ": is an RGB image: its channels are colours, not focus slices"
                            + " (" + option + " c reads a grey stack stored as channels)");
                }
                if (nZ > 1 || nT > 1) {
                    throw new BadInputException(name + ": has " + shape + " (" + option
                            + " c takes the channels as focus slices only when Z and T are 1)");
                }
                return FocusAxis.C;
            case AUTO:
            default:
                if (nZ > 1 && nT > 1) {
                    throw new BadInputException(name + ": hyperstack has " + nZ + " z-slices and " + nT
                            + " time frames (expected one focus axis: Z, or T when Z is 1; duplicate one frame first)");
                }
                if (nZ > 1) {
                    return FocusAxis.Z;
                }
                if (nT > 1) {
                    return FocusAxis.T;
                }
                if (nC < 2 || rgb) {
                    return FocusAxis.Z; // one slice: the caller says so
                }
                boolean colourComposite = imp.isComposite() && ((CompositeImage) imp).getMode() != IJ.GRAYSCALE;
                if (colourComposite && nC <= 3) {
                    throw new BadInputException(name + ": has one z-slice and " + nC + " channels shown as colours "
                            + "(a colour image is not a focus stack; if the channels are the focus slices, give " + option
                            + " c, or swap C and Z with Image > Hyperstacks > Re-order Hyperstacks)");
                }
                return FocusAxis.C;
        }
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
    static RandomAccessibleInterval<? extends RealType<?>> planarImage(int bitDepth, List<Object> planes,
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

    private static FocusDistances resolveFocus(Calibration cal, FocusSource source, Path autoSidecar,
            String[] labels, int nF, String name) {
        switch (source.kind()) {
            case EXPLICIT:
                return FocusDistances.ofParameter(source.values(), source.unit(), "focus");
            case FILE:
                return FocusFile.read(source.file(), source.unit());
            case INDEX:
                return FocusDistances.sliceIndices(nF, name + " (" + BadInputException.ref("focus") + " index)");
            case EXIF:
                return exifDistances(source.values(), nF, name);
            case AUTO:
            default:
                if (autoSidecar != null) {
                    return FocusFile.read(autoSidecar, source.unit());
                }
                FocusDistances fromCal = fromCalibration(cal, nF, name);
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

    /** The distances the slices' EXIF recorded (metres), checked like any others; every slice must have one. */
    private static FocusDistances exifDistances(double[] metres, int nF, String name) {
        String option = BadInputException.ref(FocusSource.FOCUS.id()) + " " + FocusSource.EXIF;
        if (metres == null) {
            throw new BadInputException(name + ": " + option + " reads the focus distance from each image file's "
                    + "EXIF (a folder of camera images, one per slice); this stack has none");
        }
        int missing = 0;
        for (double d : metres) {
            missing += Double.isNaN(d) ? 1 : 0;
        }
        if (missing > 0) {
            throw new BadInputException(name + ": " + option + ": " + missing + " of the " + metres.length
                    + " images record no focus distance in their EXIF or maker notes (give the distances with "
                    + BadInputException.ref(FocusSource.FOCUS.id()) + " d1,d2,..., or " + BadInputException.ref(
                    FocusSource.FOCUS.id()) + " index)");
        }
        return new FocusDistances(metres, DistanceUnit.M, name + " (EXIF focus distances, approximate)");
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
