package org.defocusj.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack's pixels as ImageJ's primitive plane arrays (8-bit, 16-bit, float, or packed RGB), for algorithms that
 * replace samples rather than read them: a warp stores each slice once in the stack's own sample type, so an
 * aligned 8-bit stack costs one byte a sample again instead of a float.
 */
public final class SamplePlanes {

    private final List<Object> planes;
    private final int width;
    private final int height;
    private final int channels;
    private final boolean rgb;

    private SamplePlanes(List<Object> planes, int width, int height, int channels, boolean rgb) {
        this.planes = planes;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.rgb = rgb;
    }

    /** The arrays behind {@code stack} (read from a file or an ImageJ image), or null when it has none (a view). */
    public static SamplePlanes of(FocusStack stack) {
        if (!(stack.reader() instanceof ArrayPlaneReader)) {
            return null;
        }
        ArrayPlaneReader r = (ArrayPlaneReader) stack.reader();
        return new SamplePlanes(r.planes(), r.width(), stack.height(), r.channelsPerPlaneGroup(), r.rgb());
    }

    /** Bytes the arrays hold. */
    public long bytes() {
        return (long) planes.size() * width * height * bytesPerSample(planes.get(0));
    }

    private static int bytesPerSample(Object plane) {
        return plane instanceof byte[] ? 1 : plane instanceof short[] ? 2 : 4;
    }

    /** New arrays of the same types and sizes, all zero. */
    public SamplePlanes emptyCopy() {
        List<Object> copy = new ArrayList<>(planes.size());
        int n = width * height;
        for (Object p : planes) {
            copy.add(p instanceof byte[] ? new byte[n] : p instanceof short[] ? new short[n]
                    : p instanceof int[] ? new int[n] : new float[n]);
        }
        return new SamplePlanes(copy, width, height, channels, rgb);
    }

    /**
     * Stores row {@code y} of channel {@code c} of slice {@code z} from {@code src}: integer samples rounded to the
     * nearest and clamped to their type's range (as the integer reads of a warped stack round them), floats as they
     * are. Rows of one RGB slice are packed: its channels are best written by one thread.
     */
    public void setRow(int c, int z, int y, float[] src, int offset) {
        int at = y * width;
        if (rgb) {
            int[] p = (int[]) planes.get(z);
            int shift = 16 - 8 * c;
            int keep = ~(0xff << shift);
            for (int i = 0; i < width; i++) {
                p[at + i] = p[at + i] & keep | clamp(Math.round(src[offset + i]), 255) << shift;
            }
            return;
        }
        Object plane = planes.get(z * channels + c);
        if (plane instanceof byte[]) {
            byte[] p = (byte[]) plane;
            for (int i = 0; i < width; i++) {
                p[at + i] = (byte) clamp(Math.round(src[offset + i]), 255);
            }
        } else if (plane instanceof short[]) {
            short[] p = (short[]) plane;
            for (int i = 0; i < width; i++) {
                p[at + i] = (short) clamp(Math.round(src[offset + i]), 65535);
            }
        } else {
            System.arraycopy(src, offset, (float[]) plane, at, width);
        }
    }

    private static int clamp(int v, int max) {
        return v < 0 ? 0 : v > max ? max : v;
    }

    /** {@code like} (same size, focus, optics, name) over these arrays. */
    public FocusStack stackLike(FocusStack like) {
        Object first = planes.get(0);
        int bitDepth = rgb ? 24 : first instanceof byte[] ? 8 : first instanceof short[] ? 16 : 32;
        return like.withPixels(ImagePlusStacks.planarImage(bitDepth, planes, width, height, channels,
                like.slices()), new ArrayPlaneReader(planes, width, channels, rgb));
    }
}
