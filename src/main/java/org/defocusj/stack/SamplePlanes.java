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
     * Stores row {@code y} of slice {@code z} from {@code rows} (one per channel, the image's width long): integer
     * samples rounded ({@link #nearest}) and clamped to their type's range, floats as they are.
     */
    public void setRow(int z, int y, float[][] rows) {
        int at = y * width;
        if (rgb) {
            int[] p = (int[]) planes.get(z);
            float[] r = rows[0];
            float[] g = rows[1];
            float[] b = rows[2];
            for (int i = 0; i < width; i++) {
                p[at + i] = p[at + i] & 0xff000000 | clamp(nearest(r[i]), 255) << 16 | clamp(nearest(g[i]), 255) << 8
                        | clamp(nearest(b[i]), 255);
            }
            return;
        }
        for (int c = 0; c < channels; c++) {
            Object plane = planes.get(z * channels + c);
            float[] src = rows[c];
            if (plane instanceof byte[]) {
                byte[] p = (byte[]) plane;
                for (int i = 0; i < width; i++) {
                    p[at + i] = (byte) clamp(nearest(src[i]), 255);
                }
            } else if (plane instanceof short[]) {
                short[] p = (short[]) plane;
                for (int i = 0; i < width; i++) {
                    p[at + i] = (short) clamp(nearest(src[i]), 65535);
                }
            } else {
                System.arraycopy(src, 0, (float[]) plane, at, width);
            }
        }
    }

    /**
     * The integer nearest to a sample that is not below -0.5 (a weighted mean of integer samples with non-negative
     * weights is not), halves rounded up: truncation is then the floor, and unlike Math.round it vectorises. Every
     * rounding of warped samples goes through it, so reads, integer reads and stored planes agree.
     */
    public static int nearest(float v) {
        return (int) (v + 0.5f);
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
