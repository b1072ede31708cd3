package org.defocusj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;
import org.defocusj.stack.CameraIntrinsics;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;

/** Camera optics from the EXIF of JPEG and TIFF slices, written here with {@link ExifFiles}. */
class ExifOpticsTest {

    @TempDir
    Path dir;

    private static final int W = 120;
    private static final int H = 90;

    /** A phone-like camera: 4.25 mm at f/1.8, 26 mm equivalent, focused at {@code d} m. */
    private static ExifFiles.Shot phone(double d) {
        return ExifFiles.Shot.of(4.25, 1.8, 26, d);
    }

    private Path jpegFolder(double... distances) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("shots"));
        for (int i = 0; i < distances.length; i++) {
            ExifFiles.jpeg(folder.resolve("img" + i + ".jpg"), W, H, i, phone(distances[i]));
        }
        return folder;
    }

    @Test
    void readsFocalLengthFNumberSensorWidthAndSubjectDistance() throws IOException {
        Path f = ExifFiles.jpeg(dir.resolve("a.jpg"), W, H, 1, phone(0.75));
        ExifOptics e = ExifOptics.read(f, W, H);
        assertEquals(4.25, e.focalLengthMm(), 1e-9);
        assertEquals(1.8, e.fNumber(), 1e-9);
        assertEquals(26, e.focal35Mm(), 1e-9);
        // 35 mm equivalence is on the diagonal: width = 43.27 * f / f35 * W / sqrt(W^2 + H^2).
        assertEquals(Math.hypot(36, 24) * 4.25 / 26 * 0.8, e.sensorWidthMm(), 1e-9);
        assertEquals(0.75, e.focusDistanceM(), 1e-9);
        String line = e.describe("a.jpg");
        assertTrue(line.startsWith("a.jpg: EXIF: DefocusJ Test Camera, focal length 4.25 mm, f/1.8, 35 mm equivalent "
                + "26 mm, sensor width ~"), line);
        assertTrue(line.contains("focus distance ~0.75 m (EXIF SubjectDistance, approximate)"), line);
        // The focal length in pixels: f35 / 43.27 mm of the image diagonal in pixels.
        CameraIntrinsics k = FocalLength.resolve(null, e.optics("a.jpg"), W);
        assertEquals(26 / Math.hypot(36, 24) * Math.hypot(W, H), k.focalLengthPx(), 1e-6);
        assertTrue(k.origin().contains("EXIF of a.jpg") && k.origin().contains("approximate"), k.origin());
    }

    /**
     * A stack's last IFD sits near the end of its file, and read from a stream metadata-extractor keeps every byte
     * up to it: on top of the pixels already read, that doubled the heap a 200-slice 2048² stack needs. Here the
     * second IFD is 1 GB into a sparse file; what this thread allocates while reading the EXIF shows which way it
     * was read.
     */
    @Test
    void aTiffsExifIsReadWithoutBufferingTheFileUpToItsLastIfd() throws IOException {
        Path f = ExifFiles.tiff(dir.resolve("far.tif"), W, H, ExifFiles.texture(W, H, 1), phone(0.6));
        long farIfd = 1_000_000_000L;
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(8);
            int entries = Short.reverseBytes(raf.readShort()) & 0xffff;
            raf.seek(8 + 2 + 12L * entries);
            raf.writeInt(Integer.reverseBytes((int) farIfd)); // IFD0's next-IFD offset, little-endian
            raf.setLength(farIfd + 6); // sparse: the gap takes no disk
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        ExifOptics e = ExifOptics.read(f, W, H);
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(4.25, e.focalLengthMm(), 1e-9);
        assertEquals(0.6, e.focusDistanceM(), 1e-9);
        assertTrue(allocated < 64_000_000L, "reading the EXIF allocated " + allocated + " bytes");
    }

    @Test
    void anyFocalLengthOptionOverridesTheExif() throws IOException {
        Path folder = jpegFolder(0.5, 0.8, 1.3);
        FocusStack stack = StackReader.read(folder, FocusSource.index());
        assertEquals(26 / Math.hypot(36, 24) * Math.hypot(W, H), stack.intrinsics().focalLengthPx(), 1e-6);
        assertEquals(500, stack.withFocalLength(FocalLength.ofPixels(500)).intrinsics().focalLengthPx(), 0);
        assertEquals(50.0 * W / 36, stack.withFocalLength(FocalLength.ofMillimetres(50, 36)).intrinsics()
                .focalLengthPx(), 1e-9);
        assertTrue(stack.notes().get(0).contains("EXIF: DefocusJ Test Camera, focal length 4.25 mm"),
                stack.notes().toString());
        assertTrue(stack.notes().get(0).contains("3 of 3 images record a focus distance (approximate; "),
                stack.notes().toString());
    }

    @Test
    void focusExifTakesEachSlicesDistance() throws IOException {
        Path folder = jpegFolder(0.5, 0.8, 1.3);
        FocusStack stack = StackReader.read(folder, FocusSource.parse("exif", null, "m"));
        assertEquals(DistanceUnit.M, stack.unit());
        assertArrayEquals(new double[] {0.5, 0.8, 1.3}, stack.focus().toArray(), 1e-9);
        assertTrue(stack.notes().get(0).endsWith("focus distances from the EXIF (approximate)"),
                stack.notes().toString());
    }

    @Test
    void focusExifWithoutDistancesIsBadInput() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("some"));
        ExifFiles.jpeg(folder.resolve("a.jpg"), W, H, 1, phone(0.5));
        ExifFiles.jpeg(folder.resolve("b.jpg"), W, H, 2, phone(Double.NaN));
        BadInputException e = assertThrows(BadInputException.class,
                () -> StackReader.read(folder, FocusSource.parse("exif", null, "m")));
        assertTrue(e.getMessage().contains("1 of the 2 images record no focus distance"), e.getMessage());
        Path same = Files.createDirectories(dir.resolve("same"));
        ExifFiles.jpeg(same.resolve("a.jpg"), W, H, 1, phone(0.5));
        ExifFiles.jpeg(same.resolve("b.jpg"), W, H, 2, phone(0.5));
        e = assertThrows(BadInputException.class, () -> StackReader.read(same, FocusSource.parse("exif", null, "m")));
        assertTrue(e.getMessage().contains("EXIF focus distances, approximate"), e.getMessage());
    }

    @Test
    void tiffSlicesCarryExifToo() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("tiffs"));
        double[] d = {0.3, 0.4};
        for (int i = 0; i < d.length; i++) {
            ExifFiles.tiff(folder.resolve("s" + i + ".tif"), W, H, ExifFiles.texture(W, H, i),
                    ExifFiles.Shot.of(50, 2.8, 75, d[i]));
        }
        FocusStack stack = StackReader.read(folder, FocusSource.parse("exif", null, "m"));
        assertArrayEquals(d, stack.focus().toArray(), 1e-9);
        assertEquals(50, stack.optics().focalLengthMm(), 1e-9);
        assertEquals(2.8, stack.optics().fNumber(), 1e-9);
    }

    @Test
    void filesWithoutExifHaveNoOpticsAndNoNote() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plain"));
        ExifFiles.Shot none = ExifFiles.Shot.of(Double.NaN, Double.NaN, 0, Double.NaN);
        none.make = null;
        none.model = null;
        ExifFiles.jpeg(folder.resolve("a.jpg"), W, H, 1, none);
        ExifFiles.jpeg(folder.resolve("b.jpg"), W, H, 2, none);
        FocusStack stack = StackReader.read(folder, FocusSource.index());
        assertNull(stack.intrinsics());
        assertTrue(stack.notes().isEmpty(), stack.notes().toString());
        // A focal length without a 35 mm equivalent gives no sensor width, hence no focal length in pixels.
        ExifFiles.Shot bare = ExifFiles.Shot.of(2.5, 1.8, 0, Double.NaN);
        Path f = ExifFiles.jpeg(dir.resolve("bare.jpg"), W, H, 1, bare);
        ExifOptics e = ExifOptics.read(f, W, H);
        assertEquals(2.5, e.focalLengthMm(), 1e-9);
        assertTrue(Double.isNaN(e.sensorWidthMm()));
        assertNull(FocalLength.resolve(null, e.optics("bare.jpg"), W));
        assertTrue(e.describe("bare.jpg").contains("sensor width unknown"), e.describe("bare.jpg"));
    }
}
