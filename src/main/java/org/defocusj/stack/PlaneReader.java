package org.defocusj.stack;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Reads rows of one channel of one focus slice as float. Algorithms that stream the focus axis read
 * through this rather than through per-pixel ImgLib2 access, so that wrapped ImageJ arrays are read at
 * array speed. Implementations must be safe to call from several threads at once.
 */
public interface PlaneReader {

    /**
     * Copies rows {@code [y0, y1)} of channel {@code c} of focus slice {@code z} into {@code dst}, starting at
     * {@code offset}, row-major with the image width as stride.
     */
    void readRows(int c, int z, int y0, int y1, float[] dst, int offset);

    /** A reader over any ImgLib2 image with axes X, Y, C, focus. */
    static PlaneReader of(RandomAccessibleInterval<? extends RealType<?>> image) {
        final int width = (int) image.dimension(0);
        final long minX = image.min(0);
        final long minY = image.min(1);
        final long minC = image.min(2);
        final long minZ = image.min(3);
        return (c, z, y0, y1, dst, offset) -> {
            RandomAccess<? extends RealType<?>> ra = image.randomAccess();
            int i = offset;
            for (int y = y0; y < y1; y++) {
                ra.setPosition(new long[] {minX, minY + y, minC + c, minZ + z});
                for (int x = 0; x < width; x++) {
                    dst[i++] = ra.get().getRealFloat();
                    ra.fwd(0);
                }
            }
        };
    }
}
