package org.defocusj.stack;

import java.util.List;

/**
 * Reads ImageJ's primitive plane arrays (byte, short, float, packed RGB int) directly. The int and float
 * readers repeat the same per-type loops on purpose: each stays a plain widening copy from one primitive array
 * to another, which the JIT vectorises; a shared path would need a per-sample conversion callback or boxing.
 */
final class ArrayPlaneReader implements PlaneReader {

    private final List<Object> planes;
    private final int width;
    private final int channelsPerPlaneGroup;
    private final boolean rgb;
    private final int integerLimit;

    /**
     * @param planes one array per (channel, focus) with channel fastest; for RGB one int[] per focus slice
     */
    ArrayPlaneReader(List<Object> planes, int width, int channelsPerPlaneGroup, boolean rgb) {
        this.planes = planes;
        this.width = width;
        this.channelsPerPlaneGroup = channelsPerPlaneGroup;
        this.rgb = rgb;
        Object first = planes.isEmpty() ? null : planes.get(0);
        this.integerLimit = rgb || first instanceof byte[] ? 255 : first instanceof short[] ? 65535 : 0;
    }

    /** The arrays read, as {@link SamplePlanes} lays them out. */
    List<Object> planes() {
        return planes;
    }

    int width() {
        return width;
    }

    int channelsPerPlaneGroup() {
        return channelsPerPlaneGroup;
    }

    boolean rgb() {
        return rgb;
    }

    @Override
    public void readRows(int c, int z, int y0, int y1, float[] dst, int offset) {
        read(c, z, y0 * width, (y1 - y0) * width, dst, offset);
    }

    @Override
    public void readRowPart(int c, int z, int y, int x0, int x1, float[] dst, int offset, float[] rowScratch) {
        read(c, z, y * width + x0, x1 - x0, dst, offset);
    }

    @Override
    public int integerLimit() {
        return integerLimit;
    }

    @Override
    public void readRowPart(int c, int z, int y, int x0, int x1, int[] dst, int offset) {
        int from = y * width + x0;
        int n = x1 - x0;
        if (rgb) {
            int[] p = (int[]) planes.get(z);
            int shift = 16 - 8 * c;
            for (int i = 0; i < n; i++) {
                dst[offset + i] = (p[from + i] >> shift) & 0xff;
            }
            return;
        }
        Object plane = planes.get(z * channelsPerPlaneGroup + c);
        if (plane instanceof byte[]) {
            byte[] p = (byte[]) plane;
            for (int i = 0; i < n; i++) {
                dst[offset + i] = p[from + i] & 0xff;
            }
        } else if (plane instanceof short[]) {
            short[] p = (short[]) plane;
            for (int i = 0; i < n; i++) {
                dst[offset + i] = p[from + i] & 0xffff;
            }
        } else {
            throw new UnsupportedOperationException("float planes have no integer samples");
        }
    }

    private void read(int c, int z, int from, int n, float[] dst, int offset) {
        if (rgb) {
            int[] p = (int[]) planes.get(z);
            int shift = 16 - 8 * c;
            for (int i = 0; i < n; i++) {
                dst[offset + i] = (p[from + i] >> shift) & 0xff;
            }
            return;
        }
        Object plane = planes.get(z * channelsPerPlaneGroup + c);
        if (plane instanceof byte[]) {
            byte[] p = (byte[]) plane;
            for (int i = 0; i < n; i++) {
                dst[offset + i] = p[from + i] & 0xff;
            }
        } else if (plane instanceof short[]) {
            short[] p = (short[]) plane;
            for (int i = 0; i < n; i++) {
                dst[offset + i] = p[from + i] & 0xffff;
            }
        } else {
            System.arraycopy((float[]) plane, from, dst, offset, n);
        }
    }
}
