package org.defocusj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import java.awt.image.BufferedImage;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;
import org.defocusj.TestStacks;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusAxis;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;

/**
 * TIFFs as users have them, each assembled here byte by byte ({@link TiffBytes}): those that must open (BigTIFF,
 * 64-bit float, 16-bit and float RGB, tiles, JPEG pages, thumbnails, ImageJ hyperstacks with the slices stored
 * as channels) with the right shape and values, and damaged ones that must fail with a {@link BadInputException}
 * naming the file and what is wrong. Every read is bounded in time: a decoder that loops fails the test.
 */
class TiffReadingTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final int W = 6;
    private static final int H = 4;

    @TempDir
    Path dir;

    @AfterEach
    void restoreBioFormats() {
        StackReader.bioFormats = BioFormats.installed();
    }

    private static <T> T bounded(ThrowingSupplier<T> read) {
        return assertTimeoutPreemptively(LIMIT, read);
    }

    private FocusStack read(Path file) {
        return bounded(() -> StackReader.read(file, FocusSource.index()));
    }

    private BadInputException failure(Path file) {
        return bounded(() -> assertThrows(BadInputException.class, () -> StackReader.read(file, FocusSource.index())));
    }

    private static void assertNames(BadInputException e, Path file, String... parts) {
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "lacks '" + p + "': " + e.getMessage());
        }
    }

    /** Sets the int at {@code field} (4: count, 8: value) of {@code tag}'s entry in page 1 of a classic TIFF. */
    private static void patchEntry(TiffBytes t, byte[] b, int tag, int field, int v) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int dir = (int) t.offsets().directory[0];
        int entries = buf.getShort(dir) & 0xffff;
        for (int i = 0; i < entries; i++) {
            int at = dir + 2 + 12 * i;
            if ((buf.getShort(at) & 0xffff) == tag) {
                buf.putInt(at + field, v);
            }
        }
    }

    /** Sample value at (x, y) of slice z: distinct everywhere, so a misplaced plane or pixel shows. */
    private static int value(int x, int y, int c, int z) {
        return 10 * z + 3 * c + x + W * y;
    }

    private static float[] row(FocusStack s, int c, int z, int y) {
        float[] r = new float[s.width()];
        s.reader().readRows(c, z, y, y + 1, r, 0);
        return r;
    }

    private static float[] expectedRow(int c, int z, int y, double scale) {
        float[] r = new float[W];
        for (int x = 0; x < W; x++) {
            r[x] = (float) (value(x, y, c, z) * scale);
        }
        return r;
    }

    private static byte[] bytes8(int z, int c) {
        byte[] b = new byte[W * H];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) value(i % W, i / W, c, z);
        }
        return b;
    }

    // ------------------------------------------------------------------ files that must open

    @Test
    void bigTiffStackOpensInBothByteOrders() throws IOException {
        for (TiffBytes t : new TiffBytes[] {TiffBytes.bigTiff(), TiffBytes.bigEndian(true)}) {
            for (int z = 0; z < 3; z++) {
                t.page(W, H, 8, 1, bytes8(z, 0));
            }
            Path file = t.write(dir.resolve("big-" + t.order() + ".tif"));
            FocusStack s = read(file);
            assertEquals(3, s.slices());
            assertEquals(1, s.channels());
            assertEquals(255.0, s.whiteLevel());
            assertArrayEquals(expectedRow(0, 2, 3, 1), row(s, 0, 2, 3));
        }
    }

    @Test
    void float64StackOpensAsFloat() throws IOException {
        TiffBytes t = TiffBytes.bigEndian(false);
        for (int z = 0; z < 3; z++) {
            double[] v = new double[W * H];
            for (int i = 0; i < v.length; i++) {
                v[i] = value(i % W, i / W, 0, z) * 0.25;
            }
            t.page(W, H, 64, 1, TiffBytes.doubles(t.order(), v)).sampleFormat(3);
        }
        Path file = t.write(dir.resolve("f64.tif"));
        FocusStack s = read(file);
        assertEquals(3, s.slices());
        assertTrue(Double.isNaN(s.whiteLevel()), "float data has no white level");
        assertArrayEquals(expectedRow(0, 1, 2, 0.25), row(s, 0, 1, 2));
    }

    @Test
    void sixteenBitRgbIsOneColourSlicePerPage() throws IOException {
        TiffBytes t = TiffBytes.classic();
        for (int z = 0; z < 4; z++) {
            int[] v = new int[W * H * 3];
            for (int i = 0; i < W * H; i++) {
                for (int c = 0; c < 3; c++) {
                    v[3 * i + c] = 1000 * value(i % W, i / W, c, z);
                }
            }
            t.page(W, H, 16, 3, TiffBytes.shorts(t.order(), v));
        }
        Path file = t.write(dir.resolve("rgb48.tif"));
        FocusStack s = read(file);
        assertEquals(4, s.slices(), "one focus slice per page, not per sample");
        assertEquals(3, s.channels());
        assertEquals(65535.0, s.whiteLevel());
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(expectedRow(c, 3, 1, 1000), row(s, c, 3, 1), "channel " + c);
        }
    }

    @Test
    void floatRgbIsThreeFloatChannels() throws IOException {
        TiffBytes t = TiffBytes.classic();
        for (int z = 0; z < 2; z++) {
            float[] v = new float[W * H * 3];
            for (int i = 0; i < W * H; i++) {
                for (int c = 0; c < 3; c++) {
                    v[3 * i + c] = value(i % W, i / W, c, z) / 64f;
                }
            }
            t.page(W, H, 32, 3, TiffBytes.floats(t.order(), v)).sampleFormat(3);
        }
        FocusStack s = read(t.write(dir.resolve("rgbf.tif")));
        assertEquals(2, s.slices());
        assertEquals(3, s.channels());
        assertArrayEquals(expectedRow(2, 1, 3, 1 / 64.0), row(s, 2, 1, 3));
    }

    @Test
    void tiledFloatPagesOpen() throws IOException {
        // 6 x 4 in tiles of 16 x 16: one tile per page, padded as TIFF requires.
        TiffBytes t = TiffBytes.classic();
        for (int z = 0; z < 2; z++) {
            float[] tile = new float[16 * 16];
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    tile[16 * y + x] = value(x, y, 0, z);
                }
            }
            t.page(W, H, 32, 1, TiffBytes.floats(t.order(), tile)).sampleFormat(3).tiled(16, 16);
        }
        FocusStack s = read(t.write(dir.resolve("tiled.tif")));
        assertEquals(2, s.slices());
        assertArrayEquals(expectedRow(0, 1, 2, 1), row(s, 0, 1, 2));
    }

    @Test
    void jpegCompressedPagesOpen() throws IOException {
        TiffBytes t = TiffBytes.classic();
        int[] grey = {40, 120, 200};
        for (int g : grey) {
            BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 16; x++) {
                    img.getRaster().setSample(x, y, 0, g);
                }
            }
            t.page(16, 8, 8, 1, jpeg(img)).tag(259, TiffBytes.SHORT, 7);
        }
        FocusStack s = read(t.write(dir.resolve("jpeg.tif")));
        assertEquals(3, s.slices());
        float[] r = new float[16];
        for (int z = 0; z < 3; z++) {
            s.reader().readRows(0, z, 4, 5, r, 0);
            assertEquals(grey[z], r[7], 3, "slice " + z + " (lossy, so within 3 levels)");
        }
    }

    private static byte[] jpeg(BufferedImage img) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter w = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(out);
            w.write(img);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    @Test
    void thumbnailPagesAreNotSlices() throws IOException {
        TiffBytes t = TiffBytes.classic();
        t.page(W, H, 8, 1, bytes8(0, 0));
        t.page(2, 2, 8, 1, new byte[4]).tag(254, TiffBytes.LONG, 1); // reduced-resolution copy
        t.page(W, H, 8, 1, bytes8(1, 0));
        FocusStack s = read(t.write(dir.resolve("thumb.tif")));
        assertEquals(2, s.slices());
        assertArrayEquals(expectedRow(0, 1, 0, 1), row(s, 0, 1, 0));
    }

    @Test
    void deflateSixteenBitStillGoesThroughImageJWithItsCalibration() throws IOException {
        TiffBytes t = TiffBytes.classic();
        String desc = "ImageJ=1.54p\nimages=2\nslices=2\nunit=micron\nspacing=2.5\n";
        for (int z = 0; z < 2; z++) {
            int[] v = new int[W * H];
            for (int i = 0; i < v.length; i++) {
                v[i] = 300 * value(i % W, i / W, 0, z);
            }
            TiffBytes.Page p = t.page(W, H, 16, 1, deflate(TiffBytes.shorts(t.order(), v))).tag(259, TiffBytes.SHORT, 8);
            if (z == 0) {
                p.text(270, desc);
            }
        }
        Path file = t.write(dir.resolve("zip16.tif"));
        FocusStack s = bounded(() -> StackReader.read(file, FocusSource.auto(DistanceUnit.M)));
        assertArrayEquals(new double[] {0, 2.5}, s.focus().toArray(), 1e-9);
        assertEquals(DistanceUnit.UM, s.unit());
        assertArrayEquals(expectedRow(0, 1, 3, 300), row(s, 0, 1, 3));
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater();
        d.setInput(raw);
        d.finish();
        byte[] buf = new byte[raw.length + 64];
        int n = d.deflate(buf);
        d.end();
        return Arrays.copyOf(buf, n);
    }

    /** Python tifffile's ImageJ mode writes an N-image array as N channels (C=N, Z=T=1, mode=grayscale). */
    private Path tifffileStyle(int images, String mode) throws IOException {
        TiffBytes t = TiffBytes.classic();
        for (int z = 0; z < images; z++) {
            TiffBytes.Page p = t.page(W, H, 8, 1, bytes8(z, 0));
            if (z == 0) {
                p.text(270, "ImageJ=1.11a\nimages=" + images + "\nchannels=" + images + "\nhyperstack=true\nmode="
                        + mode + "\n");
            }
        }
        return t.write(dir.resolve("channels-" + images + "-" + mode + ".tif"));
    }

    @Test
    void slicesStoredAsGreyChannelsAreTheFocusAxisWithANote() throws IOException {
        Path file = tifffileStyle(5, "grayscale");
        FocusStack s = read(file);
        assertEquals(5, s.slices());
        assertEquals(1, s.channels());
        assertArrayEquals(expectedRow(0, 4, 2, 1), row(s, 0, 4, 2));
        assertEquals(1, s.notes().size(), s.notes()::toString);
        String note = BadInputException.render(s.notes().get(0), org.defocusj.ParameterNaming.OPTIONS);
        assertTrue(note.startsWith(file + ": its 5 channels are taken as the focus slices"), note);
        assertTrue(note.contains("--focus-axis"), note);

        FocusStack explicit = bounded(() -> StackReader.read(file, FocusSource.index().withAxis(FocusAxis.C)));
        assertEquals(5, explicit.slices());
        assertTrue(explicit.notes().isEmpty(), "no note when the user chose the axis");

        BadInputException z = bounded(() -> assertThrows(BadInputException.class,
                () -> StackReader.read(file, FocusSource.index().withAxis(FocusAxis.Z))));
        assertNames(z, file, "has 1 focus slice", "--focus-axis c");
    }

    @Test
    void twoOrThreeColourChannelsAloneAreAmbiguous() throws IOException {
        Path file = tifffileStyle(3, "composite");
        BadInputException e = failure(file);
        assertNames(e, file, "3 channels shown as colours", "--focus-axis c");
        FocusStack s = bounded(() -> StackReader.read(file, FocusSource.index().withAxis(FocusAxis.C)));
        assertEquals(3, s.slices());
        assertEquals(1, s.channels());
    }

    @Test
    void unsupportedCompressionIsNamedOrGoesToBioFormats() throws IOException {
        TiffBytes t = TiffBytes.classic();
        t.page(W, H, 8, 1, new byte[10]).tag(259, TiffBytes.SHORT, 50000);
        t.page(W, H, 8, 1, new byte[10]).tag(259, TiffBytes.SHORT, 50000);
        Path file = t.write(dir.resolve("zstd.tif"));
        StackReader.bioFormats = new BioFormats("no.such.Class");
        assertNames(failure(file), file, "TIFF compression Zstandard (50000) is not supported");

        StackReader.bioFormats = new BioFormats(FakeBioFormats.class.getName());
        FocusStack s = read(file);
        assertEquals(3, s.slices(), "Bio-Formats' stand-in stack");
        assertEquals(file.toAbsolutePath().toString(), FakeBioFormats.lastPath);
    }

    @Test
    void imageJWrittenStacksStillOpenAsBefore() throws IOException {
        Path file = dir.resolve("ij.tif");
        ImagePlus imp = TestStacks.randomBytes(W, H, 4, 3);
        new FileSaver(imp).saveAsTiffStack(file.toString());
        FocusStack s = read(file);
        assertEquals(4, s.slices());
        byte[] plane = (byte[]) imp.getStack().getPixels(4);
        assertEquals(plane[W + 2] & 0xff, row(s, 0, 3, 1)[2]);
    }

    // ------------------------------------------------------------------ damaged files that must be refused

    @Test
    void loopedPageChainIsRefusedQuickly() throws IOException {
        Path file = TiffBytes.looped(dir.resolve("looped.tif"));
        assertTrue(Files.size(file) < 400, "a small file: " + Files.size(file));
        assertNames(failure(file), file, "damaged TIFF", "loops", "page 3 points back to page 1");
    }

    @Test
    void pageThatLoopsToItselfIsRefused() throws IOException {
        TiffBytes t = TiffBytes.classic();
        t.page(4, 4, 8, 1, new byte[16]);
        byte[] b = t.bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt((int) t.offsets().nextPointer[0],
                (int) t.offsets().directory[0]);
        Path file = Files.write(dir.resolve("self.tif"), b);
        assertNames(failure(file), file, "loops");
    }

    @Test
    void pageOffsetPastTheEndIsRefused() throws IOException {
        TiffBytes t = TiffBytes.classic();
        t.page(W, H, 8, 1, bytes8(0, 0));
        t.page(W, H, 8, 1, bytes8(1, 0));
        byte[] b = t.bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt((int) t.offsets().nextPointer[1], b.length + 1000);
        Path file = Files.write(dir.resolve("past.tif"), b);
        assertNames(failure(file), file, "truncated or damaged TIFF (page 3 starts past the end of the file)");
    }

    @Test
    void truncatedStripIsNamedWithItsPage() throws IOException {
        TiffBytes t = TiffBytes.classic();
        for (int z = 0; z < 4; z++) {
            t.page(W, H, 8, 1, bytes8(z, 0));
        }
        byte[] b = t.bytes();
        long cut = t.offsets().firstData[2] + W * H / 2; // halfway through page 3's pixels
        Path file = Files.write(dir.resolve("cut.tif"), Arrays.copyOf(b, (int) cut));
        assertNames(failure(file), file, "truncated TIFF (page 3 ends past the end of the file)");
    }

    @Test
    void truncatedImageJStackIsNotMistakenForAShortOne() throws IOException {
        // ImageJ's large-stack layout: one page whose description declares every image, contiguous after it.
        TiffBytes t = TiffBytes.classic();
        t.page(W, H, 8, 1, TiffBytes.concat(bytes8(0, 0), bytes8(1, 0), bytes8(2, 0), bytes8(3, 0)))
                .text(270, "ImageJ=1.54p\nimages=4\nslices=4\n");
        byte[] b = t.bytes();
        Path whole = Files.write(dir.resolve("ij-whole.tif"), b);
        assertEquals(4, read(whole).slices());
        Path file = Files.write(dir.resolve("ij-cut.tif"), Arrays.copyOf(b, b.length - W * H - 5));
        assertNames(failure(file), file, "truncated TIFF (image 3 of the 4 its ImageJ header declares");
    }

    @Test
    void absurdPlaneSizeIsRefusedBeforeAnyAllocation() throws IOException {
        TiffBytes t = TiffBytes.classic();
        t.page(100_000, 100_000, 8, 1, new byte[8]).tag(259, TiffBytes.SHORT, 8);
        Path file = t.write(dir.resolve("huge.tif"));
        assertNames(failure(file), file, "100000 x 100000 pixels, more than one plane can hold");
    }

    @Test
    void stackLargerThanTheHeapIsRefusedBeforeAnyAllocation() throws IOException {
        int side = 40_000; // 1.6 GB a page, once decoded
        long pages = Runtime.getRuntime().maxMemory() / ((long) side * side) + 2;
        TiffBytes t = TiffBytes.classic();
        for (int i = 0; i < pages; i++) {
            t.page(side, side, 8, 1, new byte[8]).tag(259, TiffBytes.SHORT, 8);
        }
        Path file = t.write(dir.resolve("heap.tif"));
        assertNames(failure(file), file, "reading it needs about", "more than the", "Java may use");
    }

    @Test
    void tagValuesPastTheEndAreRefused() throws IOException {
        TiffBytes t = TiffBytes.classic();
        t.page(W, H, 8, 1, bytes8(0, 0)).text(270, "a description long enough to be stored out of line");
        t.page(W, H, 8, 1, bytes8(1, 0));
        byte[] b = t.bytes();
        // The description of page 1, pointed past the end.
        patchEntry(t, b, 270, 8, b.length - 4);
        Path file = Files.write(dir.resolve("tag.tif"), b);
        assertNames(failure(file), file, "truncated TIFF (page 1: the values of tag 270 lie past the end of the file)");
    }

    @Test
    void missingStripsAreRefused() throws IOException {
        TiffBytes t = TiffBytes.classic();
        t.page(W, H, 8, 1, bytes8(0, 0)).tag(278, TiffBytes.LONG, 1); // 4 rows a strip each: 4 strips expected
        t.page(W, H, 8, 1, bytes8(1, 0));
        Path file = t.write(dir.resolve("strips.tif"));
        assertNames(failure(file), file, "damaged TIFF (page 1 has 1 strips, expected 4");
    }

    /**
     * A page with ImageJ's metadata (tags 50838 and 50839): a header naming one kind, slice labels, with
     * {@code labels} label blocks declared in the header, and the byte length of the first label given.
     */
    private Path withImageJLabels(String name, int labels, int firstLabelBytes) throws IOException {
        ByteBuffer blob = ByteBuffer.allocate(12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        blob.putInt(0x494a494a).putInt(0x6c61626c).putInt(labels); // "IJIJ", "labl", count
        blob.putChar('s').putChar('0');
        TiffBytes t = TiffBytes.classic();
        t.page(W, H, 8, 1, bytes8(0, 0)).tag(50838, TiffBytes.LONG, 12, firstLabelBytes)
                .raw(50839, TiffBytes.BYTE, blob.array());
        t.page(W, H, 8, 1, bytes8(1, 0));
        return t.write(dir.resolve(name));
    }

    @Test
    void imageJSliceLabelsAreRead() throws IOException {
        assertEquals(2, read(withImageJLabels("labels.tif", 1, 4)).slices());
    }

    @Test
    void imageJMetadataOfAbsurdSizeIsRefusedBeforeImageJAllocatesIt() throws IOException {
        Path file = withImageJLabels("label-2g.tif", 1, 2_000_000_000);
        assertNames(failure(file), file, "damaged TIFF (page 1: its ImageJ metadata declares 2000000012 bytes");
    }

    @Test
    void imageJMetadataListingMoreBlocksThanItHasIsRefused() throws IOException {
        Path file = withImageJLabels("labels-many.tif", 50_000_000, 4);
        assertNames(failure(file), file, "damaged TIFF (page 1: its ImageJ metadata lists 50000000 blocks");
    }

    @Test
    void countOfAnUnknownTypeMustFitTheFile() throws IOException {
        // ImageJ's decoder allocates a description's count whatever its type says.
        TiffBytes t = TiffBytes.classic();
        t.page(W, H, 8, 1, bytes8(0, 0)).tag(270, 99, 0);
        byte[] b = t.bytes();
        patchEntry(t, b, 270, 4, 1_000_000_000);
        Path file = Files.write(dir.resolve("unknown-type.tif"), b);
        assertNames(failure(file), file, "damaged TIFF (page 1: tag 270 declares 1000000000 values of unknown type 99)");
    }

    @Test
    void fileWhosePagesAreAllThumbnailsIsRefused() throws IOException {
        TiffBytes t = TiffBytes.classic();
        t.page(W, H, 8, 1, bytes8(0, 0)).tag(254, TiffBytes.LONG, 1);
        Path file = t.write(dir.resolve("thumbs.tif"));
        assertNames(failure(file), file, "NewSubfileType", "none as the image itself");
    }

    @Test
    void headerOnlyFileIsTruncated() throws IOException {
        Path file = Files.write(dir.resolve("header.tif"), new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0});
        assertNames(failure(file), file, "truncated or damaged TIFF");
    }
}
