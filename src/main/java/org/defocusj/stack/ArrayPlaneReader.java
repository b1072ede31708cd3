package org.defocusj.stack;

import java.util.List;

/** Reads ImageJ's primitive plane arrays (byte, short, float, packed RGB int) directly. */
final class ArrayPlaneReader implements PlaneReader {

    private final List<Object> planes;
    private final int width;
    private final int channelsPerPlaneGroup;
    private final boolean rgb;

    /**
     * @param planes one array per (channel, focus) with channel fastest; for RGB one int[] per focus slice
     */
    ArrayPlaneReader(List<Object> planes, int width, int channelsPerPlaneGroup, boolean rgb) {
        this.planes = planes;
        this.width = width;
        this.channelsPerPlaneGroup = channelsPerPlaneGroup;
        this.rgb = rgb;
    }

    @Override
    public void readRows(int c, int z, int y0, int y1, float[] dst, int offset) {
        int from = y0 * width;
        int n = (y1 - y0) * width;
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
