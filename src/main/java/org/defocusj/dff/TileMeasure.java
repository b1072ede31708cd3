package org.defocusj.dff;

import java.util.Arrays;

import org.defocusj.stack.PlaneReader;

/**
 * The window-summed focus measure of one tile of one slice, produced one output row at a time. Each input row
 * of the tile (plus its halo) is read once; it becomes one energy row, whose horizontal window sums enter a
 * running vertical sum over the last 2r + 1 such rows. Every buffer is a few tile rows wide, so the whole
 * pipeline stays in cache however large the image, and the caller consumes each measure row while it is hot.
 *
 * <p>Borders are those of a whole-image computation: input rows and columns outside the image repeat the edge
 * pixels (so the energy of an edge pixel sees itself as its outer neighbour), and window sums repeat the edge
 * columns' energies, as a box filter with clamped columns would.
 *
 * <p>When the samples are integers (8-bit, 16-bit, RGB) and the window sums of all channels are sure to fit in
 * an int, everything is exact int arithmetic: faster to compute and to compare, and since the sums are exact,
 * equal to the float/double path's results wherever those are exact. Otherwise energies are float and sums
 * double, then rounded to float, as a whole-image box filter in double would give.
 *
 * <p>Float samples may be NaN or infinite ({@link #masks()}). A non-finite energy (one whose stencil reads such
 * a sample, or that overflowed) is left out of every window holding it: it counts as 0 and the window sum is
 * scaled by {@code area / valid count}, so a partly masked window stays on the scale of a full one; a window
 * with nothing valid measures 0. Rows without a non-finite value take the plain path, so clean float data gives
 * exactly what it gave before masking existed, and windows that hold no masked energy are unaffected (bit for
 * bit where the double sums are exact). Integer samples cannot be non-finite and never pay for the checks.
 */
final class TileMeasure {

    private final FocusMeasure measure;
    private final PlaneReader reader;
    private final int w;
    private final int h;
    private final int r;
    private final int area;
    private final boolean exact;
    /** Whether samples can be non-finite (float data), so energies and windows are checked for them. */
    private final boolean mask;
    private final long maxIntMeasure;
    private final Channel[] channels;
    /** One image row, for readers that read only whole rows. */
    private final float[] rowScratch;
    /** The current measure row (channels summed) when {@link #intOutput()}; else {@link #floatRow}. */
    private final int[] intRow;
    private final float[] floatRow;
    /** Where the current row's own pixel is non-finite in some channel (if {@link #masks()}). */
    private final boolean[] invalidRow;
    private boolean rowHasInvalid;

    private int z;
    private int x0;
    private int x1;
    private int tw;
    /** The tile's rows, [yStart, yEnd): only these count towards {@link #nonFiniteSamples()}. */
    private int yStart;
    private int yEnd;
    /** Next output row. */
    private int y;
    private long nonFinite;

    /**
     * @param maxTileWidth widest tile that {@link #start} will be given
     */
    TileMeasure(FocusMeasure measure, int r, PlaneReader reader, int w, int h, int nC, int maxTileWidth) {
        this.measure = measure;
        this.reader = reader;
        this.w = w;
        this.h = h;
        this.r = r;
        this.area = (2 * r + 1) * (2 * r + 1);
        this.exact = fitsInt(measure, reader.integerLimit(), r, nC);
        this.mask = reader.integerLimit() <= 0;
        this.maxIntMeasure = exact ? measure.maxEnergy(reader.integerLimit()) * area * nC : 0;
        channels = new Channel[nC];
        for (int c = 0; c < nC; c++) {
            channels[c] = exact ? new IntChannel(c, maxTileWidth) : new FloatChannel(c, maxTileWidth);
        }
        rowScratch = exact ? null : new float[w];
        intRow = intOutput() && nC > 1 ? new int[maxTileWidth] : null;
        floatRow = intOutput() ? null : new float[maxTileWidth];
        invalidRow = mask ? new boolean[maxTileWidth] : null;
    }

    /** Whether samples up to {@code limit} (0: not integers) let every window sum of every channel fit in an int. */
    static boolean fitsInt(FocusMeasure measure, int limit, int r, int nC) {
        if (limit <= 0) {
            return false;
        }
        long window = (long) (2 * r + 1) * (2 * r + 1);
        // Variance sums its channels in float after the division, so only one channel's sums must fit.
        int summed = measure.usesMoments() ? 1 : nC;
        return measure.maxEnergy(limit) * window * summed <= Integer.MAX_VALUE;
    }

    /** Bound of the exact int measure rows (meaningful if {@link #intOutput()}). */
    long maxIntMeasure() {
        return maxIntMeasure;
    }

    /** True if the measure rows come as exact ints ({@link #intRow()}), false if as floats ({@link #floatRow()}). */
    boolean intOutput() {
        return exact && !measure.usesMoments();
    }

    /** True if samples may be non-finite and are masked out (float data; then {@link #intOutput()} is false). */
    boolean masks() {
        return mask;
    }

    /**
     * Non-finite samples (all channels) met so far in the tiles' own rows and columns: every sample of the
     * image is counted once per slice, however the tiles' halos overlap.
     */
    long nonFiniteSamples() {
        return nonFinite;
    }

    /** Begins slice {@code z} of the tile of columns {@code [x0, x1)} and rows {@code [y0, y1)}. */
    void start(int z, int x0, int x1, int y0, int y1) {
        this.z = z;
        this.x0 = x0;
        this.x1 = x1;
        this.tw = x1 - x0;
        this.y = y0;
        this.yStart = y0;
        this.yEnd = y1;
        for (Channel ch : channels) {
            ch.start(y0);
        }
    }

    /** Computes the next output row; read it with {@link #intRow()} or {@link #floatRow()}. */
    void next() {
        for (Channel ch : channels) {
            ch.step(y + r);
        }
        y++;
        if (intOutput()) {
            if (intRow != null) {
                int[] sum = intRow;
                System.arraycopy(((IntChannel) channels[0]).col, 0, sum, 0, tw);
                for (int c = 1; c < channels.length; c++) {
                    int[] col = ((IntChannel) channels[c]).col;
                    for (int i = 0; i < tw; i++) {
                        sum[i] += col[i];
                    }
                }
            }
            return;
        }
        // Channels are added in float, one after the other, as separately computed channel measures would be.
        for (int c = 0; c < channels.length; c++) {
            channels[c].addMeasure(floatRow, c == 0);
        }
        if (mask) {
            markInvalid(Math.floorMod(y - 1, 2 * r + 1));
        }
    }

    /** Sets {@link #invalidRow} from the channels' own-pixel flags of the output row in window slot {@code slot}. */
    private void markInvalid(int slot) {
        rowHasInvalid = false;
        for (Channel ch : channels) {
            rowHasInvalid |= !((FloatChannel) ch).centreClean[slot];
        }
        if (!rowHasInvalid) {
            return;
        }
        Arrays.fill(invalidRow, 0, tw, false);
        for (Channel ch : channels) {
            FloatChannel fc = (FloatChannel) ch;
            if (!fc.centreClean[slot]) {
                boolean[] bad = fc.centreBad[slot];
                for (int i = 0; i < tw; i++) {
                    invalidRow[i] |= bad[i];
                }
            }
        }
    }

    /**
     * Where the current row's own pixels are NaN or infinite (in any channel), or null if nowhere; always null
     * unless {@link #masks()}. Valid until the next call of {@link #next()}.
     */
    boolean[] invalidPixels() {
        return rowHasInvalid ? invalidRow : null;
    }

    /** The current row of window sums (length: tile width); valid until the next call of {@link #next()}. */
    int[] intRow() {
        return intRow != null ? intRow : ((IntChannel) channels[0]).col;
    }

    float[] floatRow() {
        return floatRow;
    }

    /** The pipeline of one channel. Input rows are kept in a ring of three, window rows in a ring of 2r + 1. */
    private abstract class Channel {
        final int c;
        /** Input row length: the tile plus r + 1 columns each side. */
        final int inLen;
        /** Energy row length: the tile plus r columns each side. */
        final int eLen;

        Channel(int c, int maxTileWidth) {
            this.c = c;
            this.inLen = maxTileWidth + 2 * r + 2;
            this.eLen = maxTileWidth + 2 * r;
        }

        /** Reads input rows y0 - r - 1 and y0 - r, clears the window and primes it with rows y0 - r .. y0 + r - 1. */
        void start(int y0) {
            clearWindow();
            read(y0 - r - 1);
            read(y0 - r);
            for (int e = y0 - r; e < y0 + r; e++) {
                step(e);
            }
        }

        /** Reads input row {@code yy} (clamped to the image) into its ring slot, repeating the edge columns. */
        final void read(int yy) {
            int yc = Math.min(h - 1, Math.max(0, yy));
            int first = x0 - r - 1;
            int a = Math.max(0, first);
            int b = Math.min(w, x1 + r + 1);
            readPart(yc, a, b, slot3(yy), a - first);
            padInput(slot3(yy), a - first, b - first, tw + 2 * r + 2);
            if (mask) {
                checkInput(yy, slot3(yy));
            }
        }

        /** Notes whether input row {@code yy}, just read into {@code slot}, holds non-finite samples (see FloatChannel). */
        void checkInput(int yy, int slot) {
        }

        /** Index of the energy position of the first and after the last image column, for edge repetition. */
        final int firstInside() {
            return Math.max(0, r - x0);
        }

        final int endInside() {
            return Math.min(tw + 2 * r, w - x0 + r);
        }

        abstract void clearWindow();

        abstract void readPart(int yy, int a, int b, int slot, int at);

        abstract void padInput(int slot, int from, int to, int len);

        /** Takes energy row {@code e} into the window (reading input row e + 1) and drops row e - 2r - 1. */
        abstract void step(int e);

        /** Adds (or with {@code first}, stores) this channel's measure of the current row to {@code dst}. */
        abstract void addMeasure(float[] dst, boolean first);
    }

    private static int slot3(int yy) {
        return Math.floorMod(yy, 3);
    }

    private final class IntChannel extends Channel {
        final int[][] in = new int[3][];
        /** The input rows shifted left by one and by two columns, for measures that read them (see SML). */
        final int[][] in1;
        final int[][] in2;
        final int[] energy;
        final int[] energySq;
        final int[][] window;
        final int[][] windowSq;
        /** Vertical sums of the window rows: the measure row itself (for variance, the window sum of I). */
        final int[] col;
        final int[] colSq;

        IntChannel(int c, int maxTileWidth) {
            super(c, maxTileWidth);
            for (int i = 0; i < 3; i++) {
                in[i] = new int[inLen];
            }
            boolean shifted = measure.usesShiftedRows();
            in1 = shifted ? new int[3][inLen] : null;
            in2 = shifted ? new int[3][inLen] : null;
            boolean moments = measure.usesMoments();
            energy = new int[eLen];
            energySq = moments ? new int[eLen] : null;
            window = new int[2 * r + 1][maxTileWidth];
            windowSq = moments ? new int[2 * r + 1][maxTileWidth] : null;
            col = new int[maxTileWidth];
            colSq = moments ? new int[maxTileWidth] : null;
        }

        @Override
        void clearWindow() {
            for (int[] row : window) {
                Arrays.fill(row, 0, tw, 0);
            }
            Arrays.fill(col, 0, tw, 0);
            if (windowSq != null) {
                for (int[] row : windowSq) {
                    Arrays.fill(row, 0, tw, 0);
                }
                Arrays.fill(colSq, 0, tw, 0);
            }
        }

        @Override
        void readPart(int yy, int a, int b, int slot, int at) {
            reader.readRowPart(c, z, yy, a, b, in[slot], at);
        }

        @Override
        void padInput(int slot, int from, int to, int len) {
            int[] row = in[slot];
            Arrays.fill(row, 0, from, row[from]);
            Arrays.fill(row, to, len, row[to - 1]);
            if (in1 != null) {
                System.arraycopy(row, 1, in1[slot], 0, len - 1);
                System.arraycopy(row, 2, in2[slot], 0, len - 2);
            }
        }

        @Override
        void step(int e) {
            read(e + 1);
            int n = tw + 2 * r;
            int[] mid = in[slot3(e)];
            if (in1 != null) {
                int m = slot3(e);
                measure.energy(in1[slot3(e - 1)], mid, in1[m], in2[m], in1[slot3(e + 1)], energy, n);
            } else if (energySq == null) {
                measure.energy(in[slot3(e - 1)], mid, in[slot3(e + 1)], energy, n);
            } else {
                for (int i = 0; i < n; i++) {
                    int v = mid[i + 1];
                    energy[i] = v;
                    energySq[i] = v * v;
                }
            }
            int slot = Math.floorMod(e, 2 * r + 1);
            slide(energy, window[slot], col);
            if (energySq != null) {
                slide(energySq, windowSq[slot], colSq);
            }
        }

        /**
         * Repeats the edge columns' energies outside the image, sums each window horizontally, and replaces the
         * oldest window row by the result, updating the vertical sums.
         */
        private void slide(int[] e, int[] oldest, int[] sums) {
            int a = firstInside();
            int b = endInside();
            Arrays.fill(e, 0, a, e[a]);
            Arrays.fill(e, b, tw + 2 * r, e[b - 1]);
            // Three passes: the vertical updates are plain same-index loops the JIT vectorises, leaving only the
            // horizontal running sum serial (about 25 % faster than one fused loop).
            for (int i = 0; i < tw; i++) {
                sums[i] -= oldest[i];
            }
            int s = 0;
            for (int i = 0; i < 2 * r; i++) {
                s += e[i];
            }
            int span = 2 * r;
            int prevOut = 0;
            for (int i = 0; i < tw; i++) {
                // s becomes the sum of e[i .. i + 2r]; the difference first keeps the dependency chain one add long.
                s += e[i + span] - prevOut;
                prevOut = e[i];
                oldest[i] = s;
            }
            for (int i = 0; i < tw; i++) {
                sums[i] += oldest[i];
            }
        }

        @Override
        void addMeasure(float[] dst, boolean first) {
            for (int i = 0; i < tw; i++) {
                float v = energySq == null ? col[i] : FocusMeasure.variance(col[i], colSq[i], area);
                dst[i] = first ? v : dst[i] + v;
            }
        }
    }

    /**
     * Float samples, or integer ones whose sums could overflow an int: energies in float, window sums in double.
     * Variance takes its moments I and I^2 in double throughout, since E[I^2] - E[I]^2 cancels and any rounding
     * of I^2 would show.
     */
    private final class FloatChannel extends Channel {
        final float[][] in = new float[3][];
        final float[] energy;
        final double[] moment;
        final double[] momentSq;
        final double[][] window;
        final double[][] windowSq;
        final double[] col;
        final double[] colSq;

        // Masking state (only if mask). A window slot is clean when its energy row had nothing non-finite;
        // for the others, missing[slot] holds each window's horizontal count of masked energies.
        /** Per input ring slot: no non-finite sample in the row as read. */
        final boolean[] inClean = new boolean[3];
        /** 1 where the energy (or moment) row being stepped in is masked. */
        final int[] masked;
        final boolean[] slotClean;
        final int[][] missing;
        /** Vertical sums of {@link #missing}: masked energies in each output window. */
        final int[] colMissing;
        int dirtySlots;
        /** Per window slot: whether that energy row's own input row (the output row's pixels) is all finite. */
        final boolean[] centreClean;
        final boolean[][] centreBad;

        FloatChannel(int c, int maxTileWidth) {
            super(c, maxTileWidth);
            for (int i = 0; i < 3; i++) {
                in[i] = new float[inLen];
            }
            boolean moments = measure.usesMoments();
            energy = moments ? null : new float[eLen];
            moment = moments ? new double[eLen] : null;
            momentSq = moments ? new double[eLen] : null;
            window = new double[2 * r + 1][maxTileWidth];
            windowSq = moments ? new double[2 * r + 1][maxTileWidth] : null;
            col = new double[maxTileWidth];
            colSq = moments ? new double[maxTileWidth] : null;
            masked = mask ? new int[eLen] : null;
            slotClean = mask ? new boolean[2 * r + 1] : null;
            missing = mask ? new int[2 * r + 1][maxTileWidth] : null;
            colMissing = mask ? new int[maxTileWidth] : null;
            centreClean = mask ? new boolean[2 * r + 1] : null;
            centreBad = mask ? new boolean[2 * r + 1][maxTileWidth] : null;
        }

        @Override
        void clearWindow() {
            for (double[] row : window) {
                Arrays.fill(row, 0, tw, 0);
            }
            Arrays.fill(col, 0, tw, 0);
            if (windowSq != null) {
                for (double[] row : windowSq) {
                    Arrays.fill(row, 0, tw, 0);
                }
                Arrays.fill(colSq, 0, tw, 0);
            }
            if (mask) {
                Arrays.fill(slotClean, true);
                Arrays.fill(colMissing, 0, tw, 0);
                dirtySlots = 0;
            }
        }

        @Override
        void readPart(int yy, int a, int b, int slot, int at) {
            reader.readRowPart(c, z, yy, a, b, in[slot], at, rowScratch);
        }

        @Override
        void checkInput(int yy, int slot) {
            float[] row = in[slot];
            boolean clean = allFinite(row, 0, tw + 2 * r + 2);
            inClean[slot] = clean;
            if (!clean && yy >= yStart && yy < yEnd) {
                for (int i = r + 1; i < r + 1 + tw; i++) {
                    if (!isFinite(row[i])) {
                        nonFinite++;
                    }
                }
            }
        }

        /** Records the own pixels of energy row {@code e}'s input row, {@code mid}, for {@link #markInvalid}. */
        private void noteCentre(int e, int slot, float[] mid) {
            boolean clean = inClean[slot3(e)] || allFinite(mid, r + 1, r + 1 + tw);
            centreClean[slot] = clean;
            if (!clean) {
                boolean[] bad = centreBad[slot];
                for (int i = 0; i < tw; i++) {
                    bad[i] = !isFinite(mid[i + r + 1]);
                }
            }
        }

        /**
         * Replaces window slot {@code slot}'s masked counts by those of the row stepped in, whose masked
         * positions are in {@link #masked} unless {@code clean}.
         */
        private void updateMissing(int slot, boolean clean) {
            int[] old = missing[slot];
            if (!slotClean[slot]) {
                for (int i = 0; i < tw; i++) {
                    colMissing[i] -= old[i];
                }
                dirtySlots--;
            }
            slotClean[slot] = clean;
            if (clean) {
                return;
            }
            // The same running window sum as the energies', exact in int.
            int s = 0;
            for (int i = 0; i < 2 * r; i++) {
                s += masked[i];
            }
            for (int i = 0; i < tw; i++) {
                s += masked[i + 2 * r];
                old[i] = s;
                colMissing[i] += s;
                s -= masked[i];
            }
            dirtySlots++;
        }

        @Override
        void padInput(int slot, int from, int to, int len) {
            float[] row = in[slot];
            Arrays.fill(row, 0, from, row[from]);
            Arrays.fill(row, to, len, row[to - 1]);
        }

        @Override
        void step(int e) {
            read(e + 1);
            int n = tw + 2 * r;
            float[] mid = in[slot3(e)];
            int slot = Math.floorMod(e, 2 * r + 1);
            if (mask) {
                noteCentre(e, slot, mid);
            }
            if (moment == null) {
                measure.energy(in[slot3(e - 1)], mid, in[slot3(e + 1)], energy, n);
                repeatEdges(energy);
                if (mask) {
                    boolean clean = allFinite(energy, 0, n);
                    if (!clean) {
                        for (int i = 0; i < n; i++) {
                            boolean bad = !isFinite(energy[i]);
                            masked[i] = bad ? 1 : 0;
                            energy[i] = bad ? 0f : energy[i];
                        }
                    }
                    updateMissing(slot, clean);
                }
                slide(energy, window[slot], col);
            } else {
                for (int i = 0; i < n; i++) {
                    double v = mid[i + 1];
                    moment[i] = v;
                    momentSq[i] = v * v;
                }
                if (mask) {
                    // The moments are the samples themselves; their edges repeat with the input's.
                    boolean clean = inClean[slot3(e)];
                    if (!clean) {
                        for (int i = 0; i < n; i++) {
                            boolean bad = !isFinite(mid[i + 1]);
                            masked[i] = bad ? 1 : 0;
                            if (bad) {
                                moment[i] = 0;
                                momentSq[i] = 0;
                            }
                        }
                    }
                    updateMissing(slot, clean);
                }
                slide(moment, window[slot], col);
                slide(momentSq, windowSq[slot], colSq);
            }
        }

        private void repeatEdges(float[] e) {
            int a = firstInside();
            int b = endInside();
            Arrays.fill(e, 0, a, e[a]);
            Arrays.fill(e, b, tw + 2 * r, e[b - 1]);
        }

        /** {@link IntChannel#slide} in double. */
        private void slide(float[] e, double[] oldest, double[] sums) {
            double s = 0;
            for (int i = 0; i < 2 * r; i++) {
                s += e[i];
            }
            int span = 2 * r;
            double prevOut = 0;
            for (int i = 0; i < tw; i++) {
                s += e[i + span] - prevOut;
                prevOut = e[i];
                sums[i] += s - oldest[i];
                oldest[i] = s;
            }
        }

        /** {@link #slide(float[], double[], double[])} of moment rows (their edges repeat with the input's). */
        private void slide(double[] e, double[] oldest, double[] sums) {
            if (r == 0) {
                // The window is the pixel: copy it, since running sums would leave rounding residue that
                // variance (a difference of nearly equal moments, here exactly zero) would show.
                System.arraycopy(e, 0, sums, 0, tw);
                return;
            }
            double s = 0;
            for (int i = 0; i < 2 * r; i++) {
                s += e[i];
            }
            int span = 2 * r;
            double prevOut = 0;
            for (int i = 0; i < tw; i++) {
                s += e[i + span] - prevOut;
                prevOut = e[i];
                sums[i] += s - oldest[i];
                oldest[i] = s;
            }
        }

        @Override
        void addMeasure(float[] dst, boolean first) {
            if (mask && dirtySlots > 0) {
                addMaskedMeasure(dst, first);
                return;
            }
            for (int i = 0; i < tw; i++) {
                float v = moment == null ? (float) col[i] : FocusMeasure.variance(col[i], colSq[i], area);
                dst[i] = first ? v : dst[i] + v;
            }
        }

        /** {@link #addMeasure} over the valid energies of each window, scaled up to the full window. */
        private void addMaskedMeasure(float[] dst, boolean first) {
            for (int i = 0; i < tw; i++) {
                int valid = area - colMissing[i];
                float v;
                if (valid <= 0) {
                    v = 0f;
                } else if (moment != null) {
                    v = FocusMeasure.variance(col[i], colSq[i], valid);
                } else {
                    v = valid == area ? (float) col[i] : (float) (col[i] * area / valid);
                }
                dst[i] = first ? v : dst[i] + v;
            }
        }
    }

    private static boolean isFinite(float v) {
        return Math.abs(v) <= Float.MAX_VALUE;
    }

    /** Whether {@code v[from, to)} holds no NaN or infinity; one pass without early exit, which the JIT can vectorise. */
    private static boolean allFinite(float[] v, int from, int to) {
        boolean ok = true;
        for (int i = from; i < to; i++) {
            ok &= Math.abs(v[i]) <= Float.MAX_VALUE;
        }
        return ok;
    }
}
