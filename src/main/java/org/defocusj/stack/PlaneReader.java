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

    /**
     * Copies columns {@code [x0, x1)} of row {@code y} into {@code dst} at {@code offset}, so that tiled
     * algorithms need not convert whole rows. This default reads the whole row through {@link #readRows} into
     * {@code rowScratch} (at least one image row long) and copies the part; readers that can read a part
     * directly ignore {@code rowScratch}.
     */
    default void readRowPart(int c, int z, int y, int x0, int x1, float[] dst, int offset, float[] rowScratch) {
        readRows(c, z, y, y + 1, rowScratch, 0);
        System.arraycopy(rowScratch, x0, dst, offset, x1 - x0);
    }

    /**
     * The largest possible sample if every sample is an integer from 0 up to it (255 for 8-bit and RGB
     * channels, 65535 for 16-bit) and {@link #readRowPart(int, int, int, int, int, int[], int)} delivers them;
     * 0 otherwise. Integer samples let algorithms use exact integer arithmetic.
     */
    default int integerLimit() {
        return 0;
    }

    /** Like {@link #readRowPart(int, int, int, int, int, float[], int, float[])}, as int; needs {@link #integerLimit()} > 0. */
    default void readRowPart(int c, int z, int y, int x0, int x1, int[] dst, int offset) {
        throw new UnsupportedOperationException("this reader does not deliver integer samples");
    }

    /** A reader over any ImgLib2 image with axes X, Y, C, focus. */
    static PlaneReader of(RandomAccessibleInterval<? extends RealType<?>> image) {
        final int width = (int) image.dimension(0);
        final long minX = image.min(0);
        final long minY = image.min(1);
        final long minC = image.min(2);
        final long minZ = image.min(3);
        return new PlaneReader() {
            @Override
            public void readRows(int c, int z, int y0, int y1, float[] dst, int offset) {
                for (int y = y0; y < y1; y++) {
                    readRowPart(c, z, y, 0, width, dst, offset + (y - y0) * width, null);
                }
            }

            @Override
            public void readRowPart(int c, int z, int y, int x0, int x1, float[] dst, int offset,
                    float[] rowScratch) {
                RandomAccess<? extends RealType<?>> ra = image.randomAccess();
                ra.setPosition(new long[] {minX + x0, minY + y, minC + c, minZ + z});
                for (int i = offset; i < offset + x1 - x0; i++) {
                    dst[i] = ra.get().getRealFloat();
                    ra.fwd(0);
                }
            }
        };
    }
}
