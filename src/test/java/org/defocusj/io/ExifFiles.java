package org.defocusj.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

/**
 * Image files with EXIF, built here byte by byte (metadata-extractor only reads): a little-endian TIFF structure
 * with IFD0 (make, model, and for a TIFF the image's own tags) pointing to an EXIF IFD of the optics. A JPEG gets it
 * as an APP1 "Exif" segment after its start marker; a TIFF is that structure with an 8-bit gray strip.
 */
public final class ExifFiles {

    private static final int ASCII = 2;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;

    /** What the camera records; NaN or 0 leaves a tag out. */
    public static final class Shot {
        String make = "DefocusJ";
        String model = "Test Camera";
        double focalMm = Double.NaN;
        double fNumber = Double.NaN;
        int focal35Mm;
        double subjectDistanceM = Double.NaN;

        public static Shot of(double focalMm, double fNumber, int focal35Mm, double subjectDistanceM) {
            Shot s = new Shot();
            s.focalMm = focalMm;
            s.fNumber = fNumber;
            s.focal35Mm = focal35Mm;
            s.subjectDistanceM = subjectDistanceM;
            return s;
        }
    }

    private ExifFiles() {
    }

    /** A textured RGB JPEG {@code w} x {@code h} with the EXIF of {@code shot}. */
    public static Path jpeg(Path file, int w, int h, long seed, Shot shot) throws IOException {
        ColorProcessor cp = new ColorProcessor(w, h);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = 0; i < w * h; i++) {
            int v = rng.nextInt(256);
            cp.set(i, (v << 16) | ((255 - v) << 8) | (v / 2));
        }
        Path plain = Files.createTempFile(file.getParent(), "plain", ".jpg");
        new FileSaver(new ImagePlus("x", cp)).saveAsJpeg(plain.toString());
        byte[] jpeg = Files.readAllBytes(plain);
        Files.delete(plain);
        byte[] tiff = tiffStructure(shot, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        int length = 2 + 6 + tiff.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        out.write(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        Files.write(file, out.toByteArray());
        return file;
    }

    /** An 8-bit gray TIFF {@code w} x {@code h} of {@code pixels} with the EXIF of {@code shot}. */
    public static Path tiff(Path file, int w, int h, byte[] pixels, Shot shot) throws IOException {
        Files.write(file, tiffStructure(shot, w, h, pixels));
        return file;
    }

    /** Random 8-bit texture. */
    public static byte[] texture(int w, int h, long seed) {
        byte[] p = new byte[w * h];
        new java.util.SplittableRandom(seed).nextBytes(p);
        return p;
    }

    private static byte[] tiffStructure(Shot shot, int w, int h, byte[] pixels) {
        TreeMap<Integer, byte[][]> ifd0 = new TreeMap<>();
        TreeMap<Integer, byte[][]> exif = new TreeMap<>();
        if (shot.make != null) {
            ifd0.put(0x010F, ascii(shot.make));
        }
        if (shot.model != null) {
            ifd0.put(0x0110, ascii(shot.model));
        }
        if (pixels != null) {
            ifd0.put(0x0100, entry(LONG, 1, ints(LONG, w)));
            ifd0.put(0x0101, entry(LONG, 1, ints(LONG, h)));
            ifd0.put(0x0102, entry(SHORT, 1, ints(SHORT, 8)));
            ifd0.put(0x0103, entry(SHORT, 1, ints(SHORT, 1)));
            ifd0.put(0x0106, entry(SHORT, 1, ints(SHORT, 1)));
            ifd0.put(0x0111, entry(LONG, 1, ints(LONG, 0))); // strip offset, patched below
            ifd0.put(0x0115, entry(SHORT, 1, ints(SHORT, 1)));
            ifd0.put(0x0116, entry(LONG, 1, ints(LONG, h)));
            ifd0.put(0x0117, entry(LONG, 1, ints(LONG, pixels.length)));
        }
        ifd0.put(0x8769, entry(LONG, 1, ints(LONG, 0))); // EXIF IFD offset, patched below
        if (!Double.isNaN(shot.fNumber)) {
            exif.put(0x829D, rational(shot.fNumber));
        }
        if (!Double.isNaN(shot.subjectDistanceM)) {
            exif.put(0x9206, rational(shot.subjectDistanceM));
        }
        if (!Double.isNaN(shot.focalMm)) {
            exif.put(0x920A, rational(shot.focalMm));
        }
        if (shot.focal35Mm > 0) {
            exif.put(0xA405, entry(SHORT, 1, ints(SHORT, shot.focal35Mm)));
        }
        int ifd0At = 8;
        int exifAt = ifd0At + ifdSize(ifd0);
        int dataAt = exifAt + ifdSize(exif);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int dataSize = dataSize(ifd0) + dataSize(exif);
        int pixelsAt = dataAt + dataSize;
        ifd0.put(0x8769, entry(LONG, 1, ints(LONG, exifAt)));
        if (pixels != null) {
            ifd0.put(0x0111, entry(LONG, 1, ints(LONG, pixelsAt)));
        }
        ByteBuffer b = ByteBuffer.allocate(pixelsAt + (pixels == null ? 0 : pixels.length))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd0At);
        int[] next = {dataAt};
        writeIfd(b, ifd0, next, data);
        writeIfd(b, exif, next, data);
        b.put(data.toByteArray());
        if (pixels != null) {
            b.put(pixels);
        }
        return b.array();
    }

    private static int ifdSize(TreeMap<Integer, byte[][]> ifd) {
        return 2 + 12 * ifd.size() + 4;
    }

    private static int dataSize(TreeMap<Integer, byte[][]> ifd) {
        int s = 0;
        for (byte[][] e : ifd.values()) {
            if (e[1].length > 4) {
                s += e[1].length + (e[1].length & 1);
            }
        }
        return s;
    }

    private static void writeIfd(ByteBuffer b, TreeMap<Integer, byte[][]> ifd, int[] next,
            ByteArrayOutputStream data) {
        b.putShort((short) ifd.size());
        for (var e : ifd.entrySet()) {
            byte[] head = e.getValue()[0];
            byte[] value = e.getValue()[1];
            b.putShort(e.getKey().shortValue());
            b.put(head); // type and count
            if (value.length <= 4) {
                b.put(value);
                for (int i = value.length; i < 4; i++) {
                    b.put((byte) 0);
                }
            } else {
                b.putInt(next[0]);
                data.write(value, 0, value.length);
                if ((value.length & 1) == 1) {
                    data.write(0);
                }
                next[0] += value.length + (value.length & 1);
            }
        }
        b.putInt(0);
    }

    private static byte[][] entry(int type, int count, byte[] value) {
        byte[] head = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) type).putInt(count)
                .array();
        return new byte[][] {head, value};
    }

    private static byte[][] ascii(String s) {
        byte[] v = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
        return entry(ASCII, v.length, v);
    }

    private static byte[][] rational(double v) {
        long den = 1000;
        long num = Math.round(v * den);
        byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) num).putInt((int) den)
                .array();
        return entry(RATIONAL, 1, bytes);
    }

    private static byte[] ints(int type, long v) {
        ByteBuffer b = ByteBuffer.allocate(type == SHORT ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (type == SHORT) {
            b.putShort((short) v);
        } else {
            b.putInt((int) v);
        }
        return b.array();
    }
}
