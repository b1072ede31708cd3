package org.defocusj.eval;

import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Splits an image's rows into fixed bands that are processed in parallel and merged in band order, so a
 * result never depends on the number of threads (floating-point sums are always added up the same way).
 */
final class RowBands {

    /** Rows per band: large enough to amortise scheduling, small enough to balance 2..16 cores on 2k images. */
    static final int ROWS = 64;
    /** Below this many pixels the work runs on the calling thread only. */
    private static final int PARALLEL_PIXELS = 1 << 18;

    private RowBands() {
    }

    static int count(int height) {
        return (height + ROWS - 1) / ROWS;
    }

    /** Runs {@code band} for bands 0..count-1 and returns the results in band order. */
    static <T> T[] run(int width, int height, IntFunction<T> band, IntFunction<T[]> array) {
        IntStream bands = IntStream.range(0, count(height));
        if ((long) width * height >= PARALLEL_PIXELS) {
            bands = bands.parallel();
        }
        return bands.mapToObj(band).toArray(array);
    }
}
