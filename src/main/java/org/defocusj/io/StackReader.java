package org.defocusj.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;

import org.defocusj.BadInputException;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusFile;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;

/**
 * Reads focus stacks from disk: a multi-page TIFF or BigTIFF (or any single file ImageJ opens as a stack,
 * including hyperstacks), or a folder of single images (PNG, JPEG, TIFF) taken in natural name order. TIFFs are
 * checked before they are decoded (see {@link #openImage}), so a damaged file fails with a message instead of
 * looping, allocating what its header claims or opening short.
 */
public final class StackReader {

    private static final String[] IMAGE_SUFFIXES = {".tif", ".tiff", ".png", ".jpg", ".jpeg"};

    /** Bio-Formats as found at run time; tests substitute a stand-in class. */
    static BioFormats bioFormats = BioFormats.installed();

    private StackReader() {
    }

    /**
     * The stack in a file or a folder of images. It owns its pixels ({@link FocusStack#withOwnedPixels}): no one
     * else sees the image read, so an aligned estimate warps its slices in place.
     */
    public static FocusStack read(Path path, FocusSource focus) {
        if (!Files.exists(path)) {
            throw new BadInputException(path + ": no such file or folder (expected a TIFF stack or a folder of images)");
        }
        return (Files.isDirectory(path) ? readFolder(path, focus) : readFile(path, focus)).withOwnedPixels();
    }

    /**
     * Registers with {@code outputs} what reading {@code stack} touches, so that no output replaces it: the stack
     * (a file, or a folder and all in it), the focus sidecar beside a file, and the focus file and K file given.
     *
     * @param focalLength the focal length given, or null
     */
    public static void registerInputs(AtomicOutputs outputs, Path stack, FocusSource focus, FocalLength focalLength) {
        outputs.input(stack, null);
        if (!Files.isDirectory(stack)) {
            outputs.input(sidecarFor(stack), null);
        }
        outputs.input(focus.file(), FocusSource.FOCUS_FILE.id());
        outputs.input(focalLength == null ? null : focalLength.intrinsicsFile(), FocalLength.INTRINSICS.id());
    }

    /**
     * Opens an image file without any dialog, and without ImageJ printing anything: a TIFF is walked and checked
     * first ({@link TiffStructure}: a damaged, truncated or absurd file fails here, naming what is wrong), then
     * decoded by ImageJ when ImageJ reads it as it is, else by the TIFF library ({@link LibraryTiff}); other
     * formats go to ImageJ's opener, microscope formats to Bio-Formats. Errors name the file.
     */
    public static ImagePlus openImage(Path file) {
        if (!Files.isReadable(file)) {
            throw new BadInputException(file + ": cannot read file (check that it exists and is readable)");
        }
        try {
            if (Files.size(file) == 0) {
                throw new BadInputException(file + ": file is empty (expected an image)");
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read file (" + e.getMessage() + ")", e);
        }
        if (BioFormats.wants(file) && (bioFormats.available() || BioFormats.required(file))) {
            return LibraryOutput.quietly(() -> bioFormats.open(file)).value;
        }
        if (TiffStructure.isTiff(file)) {
            return openTiff(file);
        }
        String path = file.toAbsolutePath().toString();
        Opener opener = new Opener();
        if (opener.getFileType(path) == Opener.UNKNOWN && !extraFileTypesAvailable()) {
            // Opener would fail too, after printing a multi-line "Unsupported format or file not found".
            throw new BadInputException(file + ": not a readable image (content is not TIFF, PNG or JPEG)");
        }
        LibraryOutput.Quiet<ImagePlus> read = LibraryOutput.quietly(() -> openWithImageJ(file));
        if (read.value == null || read.value.getStackSize() == 0) {
            throw new BadInputException(file + ": not a readable image (expected TIFF, PNG or JPEG"
                    + printed(read) + ")");
        }
        return read.value;
    }

    private static ImagePlus openTiff(Path file) {
        TiffStructure tiff = TiffStructure.read(file);
        if (tiff.imageJReads()) {
            LibraryOutput.Quiet<ImagePlus> read = LibraryOutput.quietly(() -> openWithImageJ(file));
            int expected = Math.max(tiff.imageJImageCount(), tiff.pages().size());
            if (read.value != null && read.value.getStackSize() >= expected) {
                return read.value;
            }
            // ImageJ gave up, or stopped short of the pages the walk found: the library reads by page.
        }
        String unsupported = tiff.unsupportedCompression();
        if (unsupported != null) {
            if (bioFormats.available()) {
                return LibraryOutput.quietly(() -> bioFormats.open(file)).value;
            }
            throw new BadInputException(file + ": TIFF compression " + unsupported + " is not supported here "
                    + "(DefocusJ reads uncompressed, LZW, Deflate, PackBits, JPEG and CCITT TIFFs; Fiji reads more "
                    + "through Bio-Formats, or save the stack again with LZW or Deflate)");
        }
        return LibraryOutput.quietly(() -> LibraryTiff.open(tiff)).value;
    }

    private static ImagePlus openWithImageJ(Path file) {
        try {
            return new Opener().openImage(file.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw new BadInputException(file + ": not a readable image (" + e + ")", e);
        }
    }

    /** What a library printed while failing, as the tail of a message. */
    private static String printed(LibraryOutput.Quiet<?> read) {
        String p = read.printed.replaceAll("\\s+", " ").trim();
        return p.isEmpty() ? "" : "; ImageJ said: " + (p.length() > 200 ? p.substring(0, 200) + "..." : p);
    }

    /** True when ImageJ can try further formats (Fiji's HandleExtraFileTypes, e.g. Bio-Formats) on unknown files. */
    private static boolean extraFileTypesAvailable() {
        try {
            Class.forName("HandleExtraFileTypes", false, IJ.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static FocusStack readFile(Path file, FocusSource focus) {
        ImagePlus imp = openImage(file);
        ExifOptics exif = exifOf(file, imp);
        // One file has one EXIF: no focus distance per slice (an EXIF source stays without distances, and says so).
        FocusStack stack = ImagePlusStacks.wrap(imp, focus, sidecarFor(file), file.toString());
        return withExif(stack, exif, file.getFileName().toString(), null);
    }

    /** The EXIF optics of an image file as read (JPEG or TIFF; others have none). */
    private static ExifOptics exifOf(Path file, ImagePlus imp) {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean mayHaveExif = lower.endsWith(".jpg") || lower.endsWith(".jpeg") || TiffStructure.isTiff(file);
        return mayHaveExif ? ExifOptics.read(file, imp.getWidth(), imp.getHeight()) : ExifOptics.NONE;
    }

    /**
     * {@code stack} with the optics of {@code exif} (for methods that need the focal length, unless the user gives
     * one) and a note saying what the EXIF holds; unchanged when there is no EXIF.
     *
     * @param focusNote what became of the per-slice focus distances, or null
     */
    private static FocusStack withExif(FocusStack stack, ExifOptics exif, String fileName, String focusNote) {
        if (exif.isEmpty()) {
            return stack;
        }
        String note = exif.describe(stack.name() + (stack.name().endsWith(fileName) ? "" : " (" + fileName + ")"));
        return stack.withOptics(exif.optics(fileName)).withNote(focusNote == null ? note : note + "; " + focusNote);
    }

    /** The sidecar {@code NAME.focus.txt} or {@code NAME.focus.csv} beside {@code NAME.tif}, or null if there is none. */
    public static Path sidecarFor(Path file) {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        for (String suffix : new String[] {".focus.txt", ".focus.csv"}) {
            Path candidate = file.resolveSibling(base + suffix);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static FocusStack readFolder(Path folder, FocusSource focus) {
        List<Path> files = listImages(folder);
        if (files.size() < 2) {
            throw new BadInputException(folder + ": folder holds " + files.size()
                    + " image(s) (expected at least 2 PNG, JPEG or TIFF files, one per focus slice)");
        }
        ImageStack stack = null;
        ImagePlus first = null;
        List<ExifOptics> exif = new ArrayList<>();
        for (Path file : files) {
            ImagePlus imp = openImage(file);
            exif.add(exifOf(file, imp));
            // One image per file; its channels (16-bit or float RGB) stay channels.
            if (imp.getStackSize() != imp.getNChannels()) {
                throw new BadInputException(file + ": has " + imp.getStackSize() / imp.getNChannels()
                        + " slices (expected one image per file in a folder stack)");
            }
            if (first == null) {
                first = imp;
                stack = new ImageStack(imp.getWidth(), imp.getHeight());
            } else if (imp.getWidth() != first.getWidth() || imp.getHeight() != first.getHeight()) {
                throw new BadInputException(file + ": is " + imp.getWidth() + "x" + imp.getHeight() + " but "
                        + files.get(0).getFileName() + " is " + first.getWidth() + "x" + first.getHeight()
                        + " (expected all images in " + folder + " to have the same size)");
            } else if (imp.getBitDepth() != first.getBitDepth() || imp.getNChannels() != first.getNChannels()) {
                throw new BadInputException(file + ": is " + describe(imp) + " but " + files.get(0).getFileName()
                        + " is " + describe(first) + " (expected all images in " + folder + " to have the same type)");
            }
            for (int c = 1; c <= imp.getNChannels(); c++) {
                stack.addSlice(file.getFileName().toString(), imp.getStack().getProcessor(c));
            }
        }
        ImagePlus imp = new ImagePlus(folder.getFileName().toString(), stack);
        int channels = first.getNChannels();
        if (channels > 1) {
            imp.setDimensions(channels, files.size(), 1);
            imp.setOpenAsHyperStack(true);
            imp = new CompositeImage(imp, first.isComposite() ? ((CompositeImage) first).getMode() : IJ.GRAYSCALE);
        }
        imp.setCalibration(first.getCalibration());
        Path sidecar = null;
        for (String name : FocusFile.FOLDER_NAMES) {
            if (Files.isRegularFile(folder.resolve(name))) {
                sidecar = folder.resolve(name);
                break;
            }
        }
        double[] exifFocus = new double[files.size()];
        int withFocus = 0;
        for (int i = 0; i < exifFocus.length; i++) {
            exifFocus[i] = exif.get(i).focusDistanceM();
            withFocus += Double.isNaN(exifFocus[i]) ? 0 : 1;
        }
        FocusSource source = focus.kind() == FocusSource.Kind.EXIF ? focus.withExifDistances(exifFocus) : focus;
        FocusStack fs = ImagePlusStacks.wrap(imp, source, sidecar, folder.toString());
        String focusNote = null;
        if (withFocus > 0) {
            focusNote = focus.kind() == FocusSource.Kind.EXIF ? "focus distances from the EXIF (approximate)"
                    : withFocus + " of " + exifFocus.length + " images record a focus distance (approximate; "
                    + BadInputException.ref(FocusSource.FOCUS.id()) + " " + FocusSource.EXIF + " uses them)";
        }
        return withExif(fs, exif.get(0), files.get(0).getFileName().toString(), focusNote);
    }

    private static String describe(ImagePlus imp) {
        return imp.getBitDepth() == 24 ? "RGB" : imp.getBitDepth() + "-bit"
                + (imp.getNChannels() > 1 ? " with " + imp.getNChannels() + " channels" : "");
    }

    static List<Path> listImages(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> hasImageSuffix(p.getFileName().toString()))
                    .sorted((a, b) -> NaturalOrder.compare(a.getFileName().toString(), b.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new BadInputException(folder + ": cannot list folder (" + e.getMessage() + ")", e);
        }
    }

    private static boolean hasImageSuffix(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith(".")) {
            return false;
        }
        for (String s : IMAGE_SUFFIXES) {
            if (lower.endsWith(s)) {
                return true;
            }
        }
        return false;
    }
}
