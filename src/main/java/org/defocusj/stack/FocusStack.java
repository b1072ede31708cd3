package org.defocusj.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.defocusj.BadInputException;

/**
 * A focus stack: an ImgLib2 image with axes X, Y, C (size 1 for grayscale, 3 for RGB) and focus, where
 * focus index i was recorded at {@link #focus()} distance i. Carries the optics and spatial calibration
 * needed to turn it into metric depth, and a {@link PlaneReader} for fast streaming access.
 */
public final class FocusStack {

    private final RandomAccessibleInterval<? extends RealType<?>> image;
    private final FocusDistances focus;
    private final Optics optics;
    private final String name;
    private final double whiteLevel;
    private final SpatialCalibration calibration;
    private final PlaneReader reader;
    private final FocalLength focalLength;
    private final List<String> notes;
    private final boolean ownsPixels;

    /**
     * @param image       axes X, Y, C, focus
     * @param name        file name or title, used in messages
     * @param whiteLevel  nominal full-scale intensity (255 for 8-bit, 65535 for 16-bit), NaN for float data
     * @param reader      fast reader over the same pixels, or null to read through ImgLib2
     */
    public FocusStack(RandomAccessibleInterval<? extends RealType<?>> image, FocusDistances focus, Optics optics,
            String name, double whiteLevel, SpatialCalibration calibration, PlaneReader reader) {
        this(image, focus, optics, name, whiteLevel, calibration, reader, null, List.of(), false);
    }

    private FocusStack(RandomAccessibleInterval<? extends RealType<?>> image, FocusDistances focus, Optics optics,
            String name, double whiteLevel, SpatialCalibration calibration, PlaneReader reader,
            FocalLength focalLength, List<String> notes, boolean ownsPixels) {
        this.ownsPixels = ownsPixels;
        this.focalLength = focalLength;
        this.notes = notes;
        this.image = Objects.requireNonNull(image, "image");
        this.focus = Objects.requireNonNull(focus, "focus");
        this.optics = optics == null ? Optics.UNKNOWN : optics;
        this.name = name == null ? "stack" : name;
        this.whiteLevel = whiteLevel;
        this.calibration = calibration == null ? SpatialCalibration.UNCALIBRATED : calibration;
        this.reader = reader == null ? PlaneReader.of(image) : reader;
        if (image.numDimensions() != 4) {
            throw new IllegalArgumentException("expected axes X, Y, C, focus; got " + image.numDimensions()
                    + " dimensions");
        }
        if (slices() < 2) {
            throw new BadInputException(this.name + ": a focus stack needs at least 2 slices, got " + slices());
        }
        focus.requireSize(slices(), this.name);
    }

    /** A copy of this stack with other focus distances (same pixels). */
    public FocusStack withFocus(FocusDistances newFocus) {
        return new FocusStack(image, newFocus, optics, name, whiteLevel, calibration, reader, focalLength, notes,
                ownsPixels);
    }

    /**
     * A copy of this stack with other pixels of the same size (an aligned view of them), keeping everything else.
     */
    public FocusStack withPixels(RandomAccessibleInterval<? extends RealType<?>> newImage, PlaneReader newReader) {
        if (newImage.numDimensions() != 4 || newImage.dimension(0) != width() || newImage.dimension(1) != height()
                || newImage.dimension(2) != channels() || newImage.dimension(3) != slices()) {
            throw new IllegalArgumentException("new pixels must have the stack's size");
        }
        return new FocusStack(newImage, focus, optics, name, whiteLevel, calibration, newReader, focalLength, notes,
                false);
    }

    /** A copy of this stack with other optics (same pixels). */
    public FocusStack withOptics(Optics newOptics) {
        return new FocusStack(image, focus, newOptics, name, whiteLevel, calibration, reader, focalLength, notes,
                ownsPixels);
    }

    /** A copy of this stack with the focal length the user gave (null: none; same pixels). */
    public FocusStack withFocalLength(FocalLength f) {
        return new FocusStack(image, focus, optics, name, whiteLevel, calibration, reader, f, notes, ownsPixels);
    }

    /**
     * A copy of this stack that carries {@code note}: how it was read where the user should know (which axis was
     * taken as focus), for front ends to show once (CLI: stderr; Fiji: the log) and results to record.
     */
    public FocusStack withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(Objects.requireNonNull(note));
        return new FocusStack(image, focus, optics, name, whiteLevel, calibration, reader, focalLength,
                Collections.unmodifiableList(more), ownsPixels);
    }

    /**
     * A copy of this stack (same pixels) that owns them: nothing else sees its pixel arrays (the command line and
     * batch read them from a file), so an alignment may replace every slice by its warped version in place rather
     * than keep a second copy of the stack. After such an estimate the pixels are the aligned ones.
     */
    public FocusStack withOwnedPixels() {
        return new FocusStack(image, focus, optics, name, whiteLevel, calibration, reader, focalLength, notes,
                true);
    }

    /** Whether this stack's pixels are its own ({@link #withOwnedPixels}); false for images the user still sees. */
    public boolean ownsPixels() {
        return ownsPixels;
    }

    /** Notes on how the stack was read, each one line naming the stack; empty for most stacks. */
    public List<String> notes() {
        return notes;
    }

    /**
     * The focal length in pixels by {@link FocalLength#resolve}: as the user gave it ({@link #withFocalLength}), else
     * from the optics' focal length and sensor width in mm (EXIF); null when neither is known.
     */
    public CameraIntrinsics intrinsics() {
        return FocalLength.resolve(focalLength, optics, width());
    }

    public RandomAccessibleInterval<? extends RealType<?>> image() {
        return image;
    }

    public int width() {
        return (int) image.dimension(0);
    }

    public int height() {
        return (int) image.dimension(1);
    }

    public int channels() {
        return (int) image.dimension(2);
    }

    public int slices() {
        return (int) image.dimension(3);
    }

    public FocusDistances focus() {
        return focus;
    }

    public DistanceUnit unit() {
        return focus.unit();
    }

    public Optics optics() {
        return optics;
    }

    public String name() {
        return name;
    }

    public double whiteLevel() {
        return whiteLevel;
    }

    public SpatialCalibration calibration() {
        return calibration;
    }

    public PlaneReader reader() {
        return reader;
    }

    /**
     * Row {@code y} of slice {@code z} as the mean of its channels into {@code dst} from {@code offset}, non-finite
     * values 0; {@code channel} (a row long) holds one channel at a time.
     */
    public void grayRow(int z, int y, float[] dst, int offset, float[] channel) {
        int w = width();
        int nC = channels();
        PlaneReader reader = reader();
        if (nC == 1) {
            reader.readRows(0, z, y, y + 1, dst, offset);
        } else {
            java.util.Arrays.fill(dst, offset, offset + w, 0f);
            for (int k = 0; k < nC; k++) {
                reader.readRows(k, z, y, y + 1, channel, 0);
                for (int i = 0; i < w; i++) {
                    dst[offset + i] += channel[i] / nC;
                }
            }
        }
        for (int i = offset; i < offset + w; i++) {
            if (!Float.isFinite(dst[i])) {
                dst[i] = 0;
            }
        }
    }
}
