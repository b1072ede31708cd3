package org.defocusj.dff;

import java.util.Arrays;
import java.util.concurrent.CancellationException;

import org.defocusj.depth.ProgressListener;

import org.defocusj.stack.FocusStack;

/**
 * How much sensor noise moves the window-summed focus measure of a stack, estimated from the stack itself, and
 * the focus window that calls for ({@link DffParameters#WINDOW_NOISE} {@code adapt}).
 *
 * <p>Noise is independent from slice to slice while the scene is not: the difference of two neighbouring slices
 * that are both out of focus (most pairs of a stack, for most pixels) holds little but the noise of both. Each
 * pair's difference is filtered as the focus measure sees it ({@code [1 3 1]} down, {@code [-1 -1 4 -1 -1]}
 * across: {@link SmoothedReader}'s smoothing, then a second difference), scaled to unit gain on white noise,
 * and its absolute value averaged over windows of the measure's side and of twice that side plus one, centred
 * alike. The spread of each window size's means (1.4826 times their median absolute deviation) holds what
 * noise moves a window's measure by and what the scene's own change of focus adds; noise's part falls as
 * 1 / side, the scene's does not, so the fall from the smaller window to the larger is the noise's, scaled back to
 * the smaller window. The stack's figure is the lowest over the pairs (the pair where focus changes least). It
 * is the window mean's noise rather than the noise sigma because what decides is how much of the noise the
 * window averages out: white noise averages out as 1 / side, noise that JPEG or an alignment's interpolation has
 * smoothed (correlated over several pixels) slower. Measured (README, How it works): clean renders and the bundled
 * samples 0-0.06, white noise of sigma 2 about 0.18, the real-like degradation after alignment about 0.18, noise
 * of sigma 2 after JPEG 90 0.26-0.30. Values are in grey levels of an 8-bit rendering of the data's range (its
 * 0.5th to 99.5th percentile in the first slice mapped to 0..255), so that they do not depend on the sample type,
 * on exposure or on whether an alignment made the slices float.
 *
 * <p>Only {@link #BANDS} bands of rows of every slice are read (2 x window + 3 rows each, spread evenly), at most
 * {@link #SAMPLES} window means of each pair are kept: O(bands x window x width) memory.
 */
final class NoiseLevel {

    /** Bands of rows sampled of each slice, at most (fewer where the image is not tall enough). */
    static final int BANDS = 16;
    /** Window means per pair of slices kept, at most: their median is within about 1 %. */
    static final int SAMPLES = 16384;
    /**
     * The window mean's noise (see the class comment) up to which the window stays as given; above it the window
     * grows in proportion (the window mean's noise falls as 1 / side once the side exceeds the noise's
     * correlation length). Calibrated on scripts/eval-real-like at its one noise level: 0.1 makes window 9 into
     * 15-17 on its aligned degraded stacks (about 0.18; windows 15-17 were best there) and leaves every clean
     * render at 9; it also makes white noise of sigma 2 (0.18, best at 9) 17, which costs that case 5 %.
     */
    static final double REFERENCE = 0.1;
    /** The filter's gain on white noise, sqrt(11 * 20) (taps in the class comment). */
    private static final double WHITE_NOISE_GAIN = Math.sqrt(11.0 * 20.0);
    /** Median absolute deviation to sigma of a normal distribution. */
    private static final double MAD_TO_SIGMA = 1.4826;

    private NoiseLevel() {
    }

    /**
     * The window for {@code window} asked on a stack whose window mean's noise is {@code noise} (from
     * {@link #estimate}): as asked up to {@link #REFERENCE}, then in proportion, odd, at most
     * {@link DffParameters#MAX_WINDOW} and at most the image's smaller side (rounded down to odd).
     */
    static int window(int window, double noise, int width, int height) {
        if (!(noise > REFERENCE)) {
            return window;
        }
        int side = Math.min(width, height);
        int cap = Math.max(window, Math.min(DffParameters.MAX_WINDOW, side % 2 == 1 ? side : side - 1));
        double grown = window * noise / REFERENCE;
        int odd = 2 * (int) Math.round((grown - 1) / 2) + 1;
        return Math.min(cap, Math.max(window, odd));
    }

    /**
     * How far noise moves the mean over a {@code window} x {@code window} window of the filtered slice
     * difference, in grey levels of an 8-bit rendering of the range (see the class comment); 0 for a stack of
     * fewer than 2 slices or too small for a window of twice the side. Channels are averaged first (non-finite
     * values count as 0).
     */
    static double estimate(FocusStack stack, int window) {
        return estimate(stack, window, ProgressListener.NONE);
    }

    /**
     * As {@link #estimate(FocusStack, int)}, stopping with a {@link CancellationException} at the next slice once
     * {@code progress} is cancelled (the estimate reads every slice before depth from focus reports any progress).
     */
    static double estimate(FocusStack stack, int window, ProgressListener progress) {
        int w = stack.width();
        int h = stack.height();
        int nF = stack.slices();
        int outer = 2 * window + 1;
        int bandRows = outer + 2;
        int across = w - 4 - outer + 1;
        if (nF < 2 || across < 1 || h < bandRows) {
            return 0;
        }
        int bands = Math.min(BANDS, h / bandRows);
        int step = Math.max(1, (int) Math.ceil((double) bands * across / SAMPLES));
        int perBand = (across + step - 1) / step;
        // The inner window's offset in the outer one, down and across: both share their centre.
        int inset = (outer - window) / 2;
        float[][] prev = new float[bands * bandRows][w];
        float[][] cur = new float[bands * bandRows][w];
        float[] channel = new float[w];
        float[] diff = new float[w];
        float[] innerColumns = new float[w - 4];
        float[] outerColumns = new float[w - 4];
        float[] innerMeans = new float[bands * perBand];
        float[] outerMeans = new float[bands * perBand];
        double shrink = 1 - (double) window * window / ((double) outer * outer);
        double best = Double.POSITIVE_INFINITY;
        double range = 0;
        for (int z = 0; z < nF; z++) {
            if (progress.isCancelled()) {
                throw new CancellationException("cancelled");
            }
            for (int b = 0; b < bands; b++) {
                // Bands spread evenly over the image, each wholly inside it.
                int y0 = (int) ((long) b * (h - bandRows) / Math.max(1, bands - 1));
                for (int k = 0; k < bandRows; k++) {
                    stack.grayRow(z, y0 + k, cur[b * bandRows + k], 0, channel);
                }
            }
            if (z == 0) {
                float[] all = new float[bands * bandRows * w];
                for (int i = 0; i < cur.length; i++) {
                    System.arraycopy(cur[i], 0, all, i * w, w);
                }
                range = Percentile.of(all, 0.995) - Percentile.of(all, 0.005);
            } else {
                int m = 0;
                for (int b = 0; b < bands; b++) {
                    Arrays.fill(innerColumns, 0f);
                    Arrays.fill(outerColumns, 0f);
                    for (int k = 1; k <= outer; k++) {
                        int row = b * bandRows + k;
                        for (int x = 0; x < w; x++) {
                            diff[x] = (cur[row - 1][x] - prev[row - 1][x]) + 3 * (cur[row][x] - prev[row][x])
                                    + (cur[row + 1][x] - prev[row + 1][x]);
                        }
                        boolean inner = k > inset && k <= inset + window;
                        for (int x = 2; x < w - 2; x++) {
                            float v = Math.abs(4 * diff[x] - diff[x - 1] - diff[x + 1] - diff[x - 2] - diff[x + 2]);
                            outerColumns[x - 2] += v;
                            if (inner) {
                                innerColumns[x - 2] += v;
                            }
                        }
                    }
                    for (int x = 0; x < across; x += step) {
                        innerMeans[m] = windowSum(innerColumns, x + inset, window) / (window * window);
                        outerMeans[m] = windowSum(outerColumns, x, outer) / (outer * outer);
                        m++;
                    }
                }
                double fInner = spread(innerMeans, m);
                double fOuter = spread(outerMeans, m);
                // Noise's part of the spread falls as 1 / side, what the scene's change of focus adds does not:
                // the fall from the inner to the outer window is the noise's.
                double noise = Math.sqrt(Math.max(0, fInner * fInner - fOuter * fOuter) / shrink);
                best = Math.min(best, noise / (Math.sqrt(2) * WHITE_NOISE_GAIN));
            }
            float[][] t = prev;
            prev = cur;
            cur = t;
        }
        if (!(range > 0) || !Double.isFinite(best)) {
            return 0;
        }
        return best * 255 / range;
    }

    private static float windowSum(float[] columns, int from, int side) {
        double sum = 0;
        for (int x = from; x < from + side; x++) {
            sum += columns[x];
        }
        return (float) sum;
    }

    /** 1.4826 times the median absolute deviation of {@code values[0, m)}. */
    private static double spread(float[] values, int m) {
        float[] kept = Arrays.copyOf(values, m);
        double median = Percentile.of(kept, 0.5);
        for (int i = 0; i < m; i++) {
            kept[i] = (float) Math.abs(kept[i] - median);
        }
        return MAD_TO_SIGMA * Percentile.of(kept, 0.5);
    }
}
