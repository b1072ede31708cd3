package org.defocusj.stack;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Exact order statistics (the k-th smallest finite value) of a large float map without sorting it: a histogram
 * of the finite values, then one pass that gathers only the values of the bins that hold the asked ranks, and a
 * sort of those bins alone. The histogram covers [lo, hi] in {@code bins} equal bins, with one bin below and
 * one above for values outside it, so a range that is only a guess stays exact (its outside bins are simply
 * larger). The map is split into fixed bands of rows, each with its own histogram, so that both passes run in
 * parallel without locks and give the same result on any machine.
 */
public final class OrderStatistics {

    private final float[] values;
    private final int width;
    private final int rows;
    private final double lo;
    private final double hi;
    private final double scale;
    private final int bins;
    private final int[][] bandHists;
    private int[] hist;

    /**
     * An empty histogram of {@code values} (row-major, {@code width} x {@code rows}) in {@code bands} bands of
     * rows; fill it with {@link #countAll()} or band by band through {@link #band(int)} and {@link #bin}.
     */
    public OrderStatistics(float[] values, int width, int rows, int bands, double lo, double hi, int bins) {
        this.values = values;
        this.width = width;
        this.rows = rows;
        this.lo = lo;
        this.hi = hi;
        this.scale = hi > lo ? bins / (hi - lo) : 0;
        this.bins = bins;
        this.bandHists = new int[bands][bins + 2];
    }

    /** Bin of {@code v} in this histogram: 1..bins over [lo, hi], 0 below, bins + 1 above; monotone in v. */
    public int bin(double v) {
        if (v < lo) {
            return 0;
        }
        if (v > hi) {
            return bins + 1;
        }
        int b = (int) ((v - lo) * scale);
        return (b >= bins ? bins - 1 : b) + 1;
    }

    public int bands() {
        return bandHists.length;
    }

    /** First row of band {@code band} (band {@code bands()} gives the row count). */
    public int bandStart(int band) {
        return (int) ((long) band * rows / bandHists.length);
    }

    /** Band {@code band}'s histogram, to be incremented at {@link #bin} of each of its finite values. */
    public int[] band(int band) {
        return bandHists[band];
    }

    /** Counts every finite value, band by band in parallel. */
    public OrderStatistics countAll() {
        IntStream.range(0, bands()).parallel().forEach(band -> {
            int[] h = bandHists[band];
            for (int i = bandStart(band) * width, end = bandStart(band + 1) * width; i < end; i++) {
                float v = values[i];
                if (Float.isFinite(v)) {
                    h[bin(v)]++;
                }
            }
        });
        return this;
    }

    /** The total histogram (computed once, after the bands are filled). */
    private int[] total() {
        if (hist == null) {
            hist = new int[bins + 2];
            for (int[] h : bandHists) {
                for (int k = 0; k < hist.length; k++) {
                    hist[k] += h[k];
                }
            }
        }
        return hist;
    }

    /** Finite values counted. */
    public long count() {
        long n = 0;
        for (int c : total()) {
            n += c;
        }
        return n;
    }

    /** Finite values outside [lo, hi]. */
    public long outside() {
        int[] h = total();
        return h[0] + (long) h[bins + 1];
    }

    /**
     * The values of the given ranks (0 = the smallest finite value; each below {@link #count()}), in the order
     * asked. One pass over the map (in parallel) gathers the values of the bins that hold them.
     */
    public double[] at(long[] ranks) {
        int[] h = total();
        int slots = h.length;
        long[] start = new long[slots + 1];
        for (int b = 0; b < slots; b++) {
            start[b + 1] = start[b] + h[b];
        }
        boolean[] needed = new boolean[slots];
        for (long r : ranks) {
            if (r < 0 || r >= start[slots]) {
                throw new IllegalArgumentException("rank " + r + " of " + start[slots] + " values");
            }
            needed[binOf(start, r)] = true;
        }
        // The needed bins' values, bin after bin in one array: bin b's at offset[b] .. offset[b] + h[b], and
        // within it band after band. slot[b] is b's place in the list of needed bins; wanted, one bit a bin,
        // is small enough to stay in the L1 cache while the values stream past.
        int[] offset = new int[slots];
        int[] slot = new int[slots];
        long[] wanted = new long[(slots + 63) >>> 6];
        int[] neededBins = new int[slots];
        int kept = 0;
        int total = 0;
        for (int b = 0; b < slots; b++) {
            offset[b] = total;
            if (needed[b]) {
                slot[b] = kept;
                wanted[b >>> 6] |= 1L << b;
                neededBins[kept++] = b;
                total += h[b];
            }
        }
        int bands = bands();
        int[][] cursors = new int[bands][kept];
        for (int j = 0; j < kept; j++) {
            int b = neededBins[j];
            int at = offset[b];
            for (int band = 0; band < bands; band++) {
                cursors[band][j] = at;
                at += bandHists[band][b];
            }
        }
        float[] gathered = new float[total];
        IntStream.range(0, bands).parallel().forEach(band -> {
            int[] cursor = cursors[band];
            for (int i = bandStart(band) * width, end = bandStart(band + 1) * width; i < end; i++) {
                float v = values[i];
                if (Float.isFinite(v)) {
                    int b = bin(v);
                    if ((wanted[b >>> 6] & (1L << b)) != 0) {
                        gathered[cursor[slot[b]]++] = v;
                    }
                }
            }
        });
        int keptBins = kept;
        IntStream.range(0, keptBins).parallel().forEach(j -> {
            int b = neededBins[j];
            Arrays.sort(gathered, offset[b], offset[b] + h[b]);
        });
        double[] out = new double[ranks.length];
        for (int k = 0; k < ranks.length; k++) {
            int b = binOf(start, ranks[k]);
            out[k] = gathered[offset[b] + (int) (ranks[k] - start[b])];
        }
        return out;
    }

    /** The bin that holds {@code rank}: the last b with start[b] &lt;= rank. */
    private static int binOf(long[] start, long rank) {
        int a = 0;
        int b = start.length - 2;
        while (a < b) {
            int mid = (a + b + 1) >>> 1;
            if (start[mid] <= rank) {
                a = mid;
            } else {
                b = mid - 1;
            }
        }
        return a;
    }
}
