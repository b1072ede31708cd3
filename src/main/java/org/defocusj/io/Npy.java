package org.defocusj.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.defocusj.BadInputException;

/**
 * NumPy {@code .npy} files (format versions 1-3): read float32/float64/integer arrays of any byte order and
 * either memory order into row-major float, and write little-endian float32 or uint8 arrays. Enough for
 * ground-truth depth from Python pipelines and for data sets Python training reads.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** A read array: its shape and its values in C (row-major) order as float. */
    public static final class Array {
        private final int[] shape;
        private final float[] data;

        Array(int[] shape, float[] data) {
            this.shape = shape;
            this.data = data;
        }

        public int[] shape() {
            return shape.clone();
        }

        public float[] data() {
            return data;
        }
    }

    public static Array read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read NumPy file (" + e.getMessage() + ")", e);
        }
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new BadInputException(file + ": not a NumPy .npy file (missing the \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLen = bb.getInt(8);
            headerStart = 12;
        } else {
            throw new BadInputException(file + ": unsupported .npy format version " + major + " (expected 1, 2 or 3)");
        }
        if (headerLen < 0 || (long) headerStart + headerLen > bytes.length) {
            throw new BadInputException(file + ": truncated .npy header");
        }
        String header = new String(bytes, headerStart, headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new BadInputException(file + ": malformed .npy header " + printable(header.trim()));
        }
        char kind = d.group(2).charAt(0);
        // Unchecked, an absurd item size would overflow below; no supported dtype is wider than 8 bytes.
        int size = d.group(3).length() > 2 ? 0 : Integer.parseInt(d.group(3));
        if (size < 1 || size > 8) {
            throw unsupported(kind, size, file);
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean fortran = f.group(1).equals("True");
        int[] shape = parseShape(s.group(1), file);
        long count = 1;
        for (int dim : shape) {
            // Checked per factor: a product of several large dimensions overflows even a long.
            count = Math.min(count * dim, (long) Integer.MAX_VALUE + 1);
        }
        int dataStart = headerStart + headerLen;
        if (count > Integer.MAX_VALUE || (long) dataStart + count * size > bytes.length) {
            throw new BadInputException(file + ": .npy data shorter than its shape " + Arrays.toString(shape)
                    + " needs");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice().order(order);
        float[] flat = new float[(int) count];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = element(data, i, kind, size, file);
        }
        return new Array(shape, fortran ? fortranToC(flat, shape) : flat);
    }

    private static float element(ByteBuffer b, int i, char kind, int size, Path file) {
        int at = i * size;
        switch (kind) {
            case 'f':
                if (size == 4) {
                    return b.getFloat(at);
                }
                if (size == 8) {
                    return (float) b.getDouble(at);
                }
                if (size == 2) {
                    return halfToFloat(b.getShort(at));
                }
                break;
            case 'u':
            case 'i':
            case 'b':
                long v;
                switch (size) {
                    case 1:
                        v = kind == 'i' ? b.get(at) : b.get(at) & 0xff;
                        break;
                    case 2:
                        v = kind == 'i' ? b.getShort(at) : b.getShort(at) & 0xffff;
                        break;
                    case 4:
                        v = kind == 'i' ? b.getInt(at) : b.getInt(at) & 0xffffffffL;
                        break;
                    case 8:
                        v = b.getLong(at);
                        break;
                    default:
                        throw unsupported(kind, size, file);
                }
                return v;
            default:
                break;
        }
        throw unsupported(kind, size, file);
    }

    /** IEEE 754 binary16 to float (Java 11 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int sign = (h >> 15) & 1;
        int exp = (h >> 10) & 0x1f;
        int mant = h & 0x3ff;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f;
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp + 112) << 23) | (mant << 13));
        }
        return sign == 1 ? -v : v;
    }

    private static BadInputException unsupported(char kind, int size, Path file) {
        return new BadInputException(file + ": unsupported .npy dtype '" + kind + size
                + "' (expected float16/32/64, integer or bool)");
    }

    /**
     * Header text as a message may show it: a damaged header holds any bytes, and a control character (a
     * newline, or U+0085 from ISO-8859-1) would break the one-line error in two. Long headers are cut.
     */
    private static String printable(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 200; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029') {
                b.append(String.format(Locale.ROOT, c > 0xff ? "\\u%04x" : "\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() < text.length() ? b + "..." : b.toString();
    }

    private static int[] parseShape(String text, Path file) {
        String[] parts = text.split(",");
        int n = 0;
        int[] shape = new int[parts.length];
        for (String p : parts) {
            if (!p.trim().isEmpty()) {
                try {
                    shape[n] = Integer.parseInt(p.trim());
                } catch (NumberFormatException e) {
                    throw new BadInputException(file + ": malformed .npy shape (" + printable(text) + ")");
                }
                if (shape[n++] < 0) {
                    throw new BadInputException(file + ": .npy shape (" + text + ") has a negative dimension "
                            + "(expected sizes >= 0)");
                }
            }
        }
        return Arrays.copyOf(shape, n);
    }

    private static float[] fortranToC(float[] f, int[] shape) {
        int nd = shape.length;
        float[] c = new float[f.length];
        int[] idx = new int[nd];
        for (int i = 0; i < f.length; i++) {
            // i walks C order; compute the Fortran offset of the same index.
            int off = 0;
            int stride = 1;
            for (int k = 0; k < nd; k++) {
                off += idx[k] * stride;
                stride *= shape[k];
            }
            c[i] = f[off];
            for (int k = nd - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return c;
    }

    /** Writes a little-endian float32 array in C order. */
    public static void writeFloat32(Path file, float[] data, int... shape) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writeFloat32(out, data, shape);
        }
    }

    /** Writes a little-endian float32 array in C order to a stream (e.g. a zip entry); does not close it. */
    public static void writeFloat32(OutputStream out, float[] data, int... shape) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        write(out, "<f4", shape, b.array());
    }

    /** Writes a uint8 array in C order. */
    public static void writeUint8(Path file, byte[] data, int... shape) throws IOException {
        write(file, "|u1", shape, data);
    }

    private static void write(Path file, String descr, int[] shape, byte[] payload) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, descr, shape, payload);
        }
    }

    private static void write(OutputStream out, String descr, int[] shape, byte[] payload) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        StringBuilder header = new StringBuilder(dict);
        for (int i = 0; i < pad; i++) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(h.length & 0xff);
        out.write((h.length >> 8) & 0xff);
        out.write(h);
        out.write(payload);
    }
}
