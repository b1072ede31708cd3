package org.defocusj.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles TIFF and BigTIFF files byte by byte, for tests that need files no writer here makes (BigTIFF, 64-bit
 * floats, 16-bit RGB, tiles, ImageJ descriptions) and damaged ones (loops, bad offsets, truncation). Layout:
 * header, every page's directory with its out-of-line values, then every page's strips or tiles, so that cutting
 * the file's tail truncates pixel data and leaves the directories whole. {@link #offsets()} says where things
 * went, for tests that patch bytes afterwards.
 */
public final class TiffBytes {

    static final int BYTE = 1;
    static final int ASCII = 2;
    static final int SHORT = 3;
    static final int LONG = 4;
    static final int RATIONAL = 5;
    static final int LONG8 = 16;

    private final boolean big;
    private final ByteOrder order;
    private final List<Page> pages = new ArrayList<>();

    private TiffBytes(boolean big, ByteOrder order) {
        this.big = big;
        this.order = order;
    }

    static TiffBytes classic() {
        return new TiffBytes(false, ByteOrder.LITTLE_ENDIAN);
    }

    static TiffBytes bigTiff() {
        return new TiffBytes(true, ByteOrder.LITTLE_ENDIAN);
    }

    static TiffBytes bigEndian(boolean big) {
        return new TiffBytes(big, ByteOrder.BIG_ENDIAN);
    }

    ByteOrder order() {
        return order;
    }

    /** A page with its pixel data in {@code blocks} (strips, or tiles when {@link Page#tiles} is set). */
    Page page(int width, int height, int bits, int samples, byte[]... blocks) {
        Page p = new Page(blocks);
        p.tag(256, LONG, width).tag(257, LONG, height).tag(259, SHORT, 1)
                .tag(262, SHORT, samples >= 3 ? 2 : 1).tag(277, SHORT, samples).tag(278, LONG, height);
        long[] b = new long[samples];
        java.util.Arrays.fill(b, bits);
        p.tag(258, SHORT, b);
        pages.add(p);
        return p;
    }

    /** One page of a tag table. */
    final class Page {
        final Map<Integer, Object[]> tags = new TreeMap<>();
        final byte[][] blocks;
        boolean tiles;

        Page(byte[][] blocks) {
            this.blocks = blocks;
        }

        Page tag(int tag, int type, long... values) {
            tags.put(tag, new Object[] {type, values});
            return this;
        }

        Page text(int tag, String value) {
            tags.put(tag, new Object[] {ASCII, (value + "\0").getBytes(StandardCharsets.ISO_8859_1)});
            return this;
        }

        /** A tag whose values are {@code value} as they are (ImageJ's metadata blob, damaged values). */
        Page raw(int tag, int type, byte[] value) {
            tags.put(tag, new Object[] {type, value});
            return this;
        }

        /** Strips become tiles of {@code w} x {@code h}; {@code blocks} are then tiles in row-major order. */
        Page tiled(int w, int h) {
            tiles = true;
            tags.remove(278);
            return tag(322, SHORT, w).tag(323, SHORT, h);
        }

        Page sampleFormat(int format) {
            long[] f = new long[(int) ((long[]) tags.get(258)[1]).length];
            java.util.Arrays.fill(f, format);
            return tag(339, SHORT, f);
        }
    }

    /** Where the last {@link #bytes()} put each page's directory and the pointer to the next one. */
    static final class Offsets {
        final long[] directory;
        final long[] nextPointer;
        final long[] firstData;

        Offsets(int n) {
            directory = new long[n];
            nextPointer = new long[n];
            firstData = new long[n];
        }
    }

    private Offsets offsets;

    Offsets offsets() {
        return offsets;
    }

    byte[] bytes() {
        int headerSize = big ? 16 : 8;
        int countSize = big ? 8 : 2;
        int entrySize = big ? 20 : 12;
        int inline = big ? 8 : 4;
        int offSize = big ? 8 : 4;
        int n = pages.size();
        offsets = new Offsets(n);
        // Pass 1: sizes of directories with their extra values, and where the data will go.
        for (Page p : pages) {
            p.tag(p.tiles ? 324 : 273, big ? LONG8 : LONG, new long[p.blocks.length]);
            p.tag(p.tiles ? 325 : 279, big ? LONG8 : LONG, new long[p.blocks.length]);
        }
        long pos = headerSize;
        long[] extrasAt = new long[n];
        for (int i = 0; i < n; i++) {
            Page p = pages.get(i);
            offsets.directory[i] = pos;
            pos += countSize + (long) p.tags.size() * entrySize + offSize;
            extrasAt[i] = pos;
            for (Object[] v : p.tags.values()) {
                int len = valueBytes(v);
                if (len > inline) {
                    pos += len + (len & 1);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Page p = pages.get(i);
            long[] off = (long[]) p.tags.get(p.tiles ? 324 : 273)[1];
            long[] len = (long[]) p.tags.get(p.tiles ? 325 : 279)[1];
            for (int b = 0; b < p.blocks.length; b++) {
                off[b] = pos;
                len[b] = p.blocks[b].length;
                pos += p.blocks[b].length;
            }
            offsets.firstData[i] = off.length > 0 ? off[0] : 0;
        }
        // Pass 2: write.
        ByteBuffer out = ByteBuffer.allocate((int) pos).order(order);
        out.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M')).put(out.get(0));
        if (big) {
            out.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(offsets.directory[0]);
        } else {
            out.putShort((short) 42).putInt((int) offsets.directory[0]);
        }
        for (int i = 0; i < n; i++) {
            Page p = pages.get(i);
            out.position((int) offsets.directory[i]);
            if (big) {
                out.putLong(p.tags.size());
            } else {
                out.putShort((short) p.tags.size());
            }
            long extra = extrasAt[i];
            for (Map.Entry<Integer, Object[]> e : p.tags.entrySet()) {
                Object[] v = e.getValue();
                int type = (Integer) v[0];
                int len = valueBytes(v);
                out.putShort((short) (int) e.getKey()).putShort((short) type);
                long count = v[1] instanceof byte[] ? ((byte[]) v[1]).length
                        : ((long[]) v[1]).length / (type == RATIONAL ? 2 : 1);
                if (big) {
                    out.putLong(count);
                } else {
                    out.putInt((int) count);
                }
                int entryValueAt = out.position();
                if (len > inline) {
                    if (big) {
                        out.putLong(extra);
                    } else {
                        out.putInt((int) extra);
                    }
                    int back = out.position();
                    out.position((int) extra);
                    putValues(out, v);
                    out.position(back);
                    extra += len + (len & 1);
                } else {
                    putValues(out, v);
                    out.position(entryValueAt + inline);
                }
            }
            offsets.nextPointer[i] = out.position();
            long next = i + 1 < n ? offsets.directory[i + 1] : 0;
            if (big) {
                out.putLong(next);
            } else {
                out.putInt((int) next);
            }
        }
        for (int i = 0; i < n; i++) {
            Page p = pages.get(i);
            long[] off = (long[]) p.tags.get(p.tiles ? 324 : 273)[1];
            for (int b = 0; b < p.blocks.length; b++) {
                out.position((int) off[b]);
                out.put(p.blocks[b]);
            }
        }
        return out.array();
    }

    private static int valueBytes(Object[] v) {
        int type = (Integer) v[0];
        if (v[1] instanceof byte[]) {
            return ((byte[]) v[1]).length;
        }
        int count = ((long[]) v[1]).length;
        switch (type) {
            case BYTE: return count;
            case SHORT: return 2 * count;
            case LONG: return 4 * count;
            case RATIONAL: return 4 * count; // numerator, denominator pairs
            default: return 8 * count;
        }
    }

    private static void putValues(ByteBuffer out, Object[] v) {
        if (v[1] instanceof byte[]) {
            out.put((byte[]) v[1]);
            return;
        }
        for (long x : (long[]) v[1]) {
            switch ((Integer) v[0]) {
                case BYTE: out.put((byte) x); break;
                case SHORT: out.putShort((short) x); break;
                case LONG: case RATIONAL: out.putInt((int) x); break;
                default: out.putLong(x);
            }
        }
    }

    /** About 300 bytes: three 4 x 4 pages whose last points back to the first. ImageJ's decoder never returns. */
    public static Path looped(Path file) throws IOException {
        TiffBytes t = classic();
        for (int z = 0; z < 3; z++) {
            t.page(4, 4, 8, 1, new byte[16]);
        }
        byte[] b = t.bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt((int) t.offsets().nextPointer[2],
                (int) t.offsets().directory[0]);
        return Files.write(file, b);
    }

    Path write(Path file) throws IOException {
        return Files.write(file, bytes());
    }

    // -- pixel data in the file's byte order --

    static byte[] shorts(ByteOrder order, int... v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(order);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    static byte[] doubles(ByteOrder order, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
