package org.defocusj.dff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;

import org.defocusj.TestStacks;
import org.defocusj.depth.DepthResult;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusStack;

/**
 * Pins the streamed, tiled, partly integer implementation of {@link DepthFromFocus} to a plain per-pixel one
 * written here in double: window sums by direct summation, the peak by a scan over slices, confidence and
 * all-in-focus from their definitions. Sizes straddle tile edges in both directions, so tile seams are covered.
 *
 * <p>Borders follow the implementation's definition: a pixel's energy reads its neighbours at clamped
 * coordinates; a window reaching past the left or right edge repeats the edge column's energies, while one
 * reaching past the top or bottom takes energies of virtual rows whose input rows are clamped (so a virtual
 * row's vertical second derivative is zero where its neighbours are all the edge row).
 */
class DepthFromFocusReferenceTest {

    private static final double[] FOCUS = {-3, -1, 0, 1.5, 4, 5.5};
    private static final double AIF_EXPONENT = 4;

    private enum Kind { BYTE, SHORT, RGB, FLOAT }

    @Test
    void matchesPlainReferenceForEverySampleTypeMeasureWindowAndAllInFocusMode() {
        int[][] sizes = {{DepthFromFocus.TILE_WIDTH + 13, 9}, {21, DepthFromFocus.TILE_HEIGHT + 9}};
        int cases = 0;
        for (Kind kind : Kind.values()) {
            for (int[] size : sizes) {
                int w = size[0];
                int h = size[1];
                ImagePlus imp = stack(kind, w, h, 17 * w + h + kind.ordinal());
                FocusStack stack = TestStacks.wrap(imp, FOCUS, DistanceUnit.UM);
                for (FocusMeasure measure : FocusMeasure.values()) {
                    for (int window : new int[] {1, 3, 9, 15}) {
                        Reference ref = new Reference(imp, measure, window);
                        for (AllInFocusMode mode : AllInFocusMode.values()) {
                            DffParameters p = DffParameters.defaults().withAggregation(Aggregation.WINDOW, 8, 1e-3)
                                    .withMeasure(measure).withWindow(window)
                                    .withAllInFocus(mode).withAifExponent(AIF_EXPONENT).withThreads(2);
                            DepthResult r = new DepthFromFocus(p).estimate(stack, null);
                            String what = kind + " " + w + "x" + h + " " + measure + " window " + window + " "
                                    + mode;
                            assertClose(ref.depth, FloatMaps.data(r.depth()), what + " depth");
                            assertClose(ref.confidence, FloatMaps.data(r.confidence()), what + " confidence");
                            if (mode == AllInFocusMode.SHARPEST || mode == AllInFocusMode.WEIGHTED) {
                                assertClose(mode == AllInFocusMode.SHARPEST ? ref.sharpest : ref.weighted,
                                        FloatMaps.data(r.allInFocus()), what + " all-in-focus");
                            }
                            cases++;
                        }
                    }
                }
            }
        }
        assertEquals(4 * 2 * FocusMeasure.values().length * 4 * AllInFocusMode.values().length, cases);
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 * Math.max(1, Math.abs(expected[i]));
            int at = i;
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    () -> what + " at " + at + ": expected " + expected[at] + ", got " + actual[at]);
        }
    }

    /**
     * Random texture whose contrast at each pixel is a Gaussian of (focus - depth), depth varying smoothly over
     * the image: every pixel has a distinct peak, so rounding cannot change which slice wins.
     */
    private static ImagePlus stack(Kind kind, int w, int h, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int nC = kind == Kind.RGB ? 3 : 1;
        double[][] tex = new double[nC][w * h];
        for (double[] t : tex) {
            for (int i = 0; i < t.length; i++) {
                t[i] = rng.nextDouble() - 0.5;
            }
        }
        double[] depth = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                depth[y * w + x] = 1 + 2.5 * Math.sin(x * 0.05 + y * 0.11) + 0.3 * rng.nextDouble();
            }
        }
        double full = kind == Kind.SHORT ? 65535 : 255;
        ImageStack st = new ImageStack(w, h);
        for (double f : FOCUS) {
            double[][] v = new double[nC][w * h];
            for (int c = 0; c < nC; c++) {
                for (int i = 0; i < w * h; i++) {
                    double a = Math.exp(-(f - depth[i]) * (f - depth[i]) / (2 * 1.5 * 1.5));
                    v[c][i] = full * (0.5 + 0.9 * a * tex[c][i]);
                }
            }
            st.addSlice(processor(kind, w, h, v));
        }
        return new ImagePlus("reference-" + kind, st);
    }

    private static ImageProcessor processor(Kind kind, int w, int h, double[][] v) {
        int n = w * h;
        switch (kind) {
            case BYTE: {
                byte[] px = new byte[n];
                for (int i = 0; i < n; i++) {
                    px[i] = (byte) Math.round(v[0][i]);
                }
                return new ByteProcessor(w, h, px);
            }
            case SHORT: {
                short[] px = new short[n];
                for (int i = 0; i < n; i++) {
                    px[i] = (short) Math.round(v[0][i]);
                }
                return new ShortProcessor(w, h, px, null);
            }
            case RGB: {
                int[] px = new int[n];
                for (int i = 0; i < n; i++) {
                    px[i] = (int) Math.round(v[0][i]) << 16 | (int) Math.round(v[1][i]) << 8
                            | (int) Math.round(v[2][i]);
                }
                return new ColorProcessor(w, h, px);
            }
            default: {
                float[] px = new float[n];
                for (int i = 0; i < n; i++) {
                    px[i] = (float) v[0][i];
                }
                return new FloatProcessor(w, h, px);
            }
        }
    }

    /** The plain computation, in double. */
    private static final class Reference {
        final int w;
        final int h;
        final int nC;
        final int nF;
        final double[][][] px;
        final double[] depth;
        final double[] confidence;
        final double[] sharpest;
        final double[] weighted;

        Reference(ImagePlus imp, FocusMeasure measure, int window) {
            w = imp.getWidth();
            h = imp.getHeight();
            nF = imp.getStackSize();
            boolean rgb = imp.getBitDepth() == 24;
            nC = rgb ? 3 : 1;
            px = new double[nF][nC][w * h];
            for (int z = 0; z < nF; z++) {
                ImageProcessor ip = imp.getStack().getProcessor(z + 1);
                for (int i = 0; i < w * h; i++) {
                    if (rgb) {
                        int p = ip.get(i);
                        px[z][0][i] = (p >> 16) & 0xff;
                        px[z][1][i] = (p >> 8) & 0xff;
                        px[z][2][i] = p & 0xff;
                    } else {
                        px[z][0][i] = ip.getf(i);
                    }
                }
            }
            int r = window / 2;
            int n = w * h;
            double[][] m = new double[nF][n];
            for (int z = 0; z < nF; z++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double total = 0;
                        for (int c = 0; c < nC; c++) {
                            total += windowMeasure(measure, z, c, x, y, r);
                        }
                        m[z][y * w + x] = total;
                    }
                }
            }
            depth = new double[n];
            confidence = new double[n];
            sharpest = new double[n * nC];
            weighted = new double[n * nC];
            float[] peaks = new float[n];
            double[] peakiness = new double[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                double sum = 0;
                for (int z = 0; z < nF; z++) {
                    sum += m[z][i];
                    if (m[z][i] > m[best][i]) {
                        best = z;
                    }
                }
                double peak = m[best][i];
                peaks[i] = (float) peak;
                // The flat top: the run of slices around the peak within the tolerance of it.
                double low = peak - Math.floor(peak / (1 << PeakTracker.FLAT_TOLERANCE_SHIFT));
                int start = best;
                while (start > 0 && m[start - 1][i] >= low) {
                    start--;
                }
                int end = best;
                while (end + 1 < nF && m[end + 1][i] >= low) {
                    end++;
                }
                boolean wide = best == 0 || best == nF - 1 || start < best - 1 || end > best + 1;
                depth[i] = end > start && wide ? 0.5 * (FOCUS[start] + FOCUS[end])
                        : best == 0 || best == nF - 1 ? FOCUS[best]
                        : PeakInterpolation.vertex(FOCUS[best - 1], m[best - 1][i], FOCUS[best], peak,
                                FOCUS[best + 1], m[best + 1][i]);
                peakiness[i] = peak > 0 ? 1 - sum / nF / peak : 0;
                for (int c = 0; c < nC; c++) {
                    sharpest[c * n + i] = px[best][c][i];
                    double num = 0;
                    double den = 0;
                    for (int z = 0; z < nF; z++) {
                        double wgt = peak > 0 ? Math.pow(m[z][i] / peak, AIF_EXPONENT) : 1;
                        num += wgt * px[z][c][i];
                        den += wgt;
                    }
                    weighted[c * n + i] = num / den;
                }
            }
            double knee = DepthFromFocus.STRENGTH_KNEE * Percentile.of(peaks, 0.99);
            for (int i = 0; i < n; i++) {
                double strength = peaks[i] > 0 ? peaks[i] / (peaks[i] + knee) : 0;
                confidence[i] = Math.max(0, Math.min(1, peakiness[i] * strength));
            }
        }

        /**
         * The sample the measure's energy reads: the pixel, or for {@link FocusMeasure#SSML} the [1 3 1] filter
         * down and across (its sum, as the smoothing reader gives it, rounded to float) over edge-repeating
         * neighbours.
         */
        private double sample(FocusMeasure measure, int z, int c, int x, int y) {
            if (!measure.smoothsFirst()) {
                return value(z, c, x, y);
            }
            int xc = Math.max(0, Math.min(w - 1, x));
            int yc = Math.max(0, Math.min(h - 1, y));
            double s = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    s += (dx == 0 ? 3 : 1) * (dy == 0 ? 3 : 1) * value(z, c, xc + dx, yc + dy);
                }
            }
            return (float) s;
        }

        private double value(int z, int c, int x, int y) {
            int xc = Math.max(0, Math.min(w - 1, x));
            int yc = Math.max(0, Math.min(h - 1, y));
            return px[z][c][yc * w + xc];
        }

        private double windowMeasure(FocusMeasure measure, int z, int c, int x, int y, int r) {
            double s1 = 0;
            double s2 = 0;
            for (int dy = -r; dy <= r; dy++) {
                for (int dx = -r; dx <= r; dx++) {
                    int xx = Math.max(0, Math.min(w - 1, x + dx));
                    int yy = y + dy;
                    if (measure == FocusMeasure.VARIANCE) {
                        double v = value(z, c, xx, yy);
                        s1 += v;
                        s2 += v * v;
                    } else {
                        s1 += energy(measure, z, c, xx, yy);
                    }
                }
            }
            if (measure != FocusMeasure.VARIANCE) {
                return s1;
            }
            int count = (2 * r + 1) * (2 * r + 1);
            double mean = s1 / count;
            return Math.max(0, s2 / count - mean * mean);
        }

        private double energy(FocusMeasure measure, int z, int c, int x, int y) {
            double l = sample(measure, z, c, x - 1, y);
            double ctr = sample(measure, z, c, x, y);
            double rt = sample(measure, z, c, x + 1, y);
            double u = sample(measure, z, c, x, y - 1);
            double d = sample(measure, z, c, x, y + 1);
            if (measure == FocusMeasure.SML || measure == FocusMeasure.SSML) {
                return Math.abs(2 * ctr - l - rt) + Math.abs(2 * ctr - u - d);
            }
            double ul = sample(measure, z, c, x - 1, y - 1);
            double ur = sample(measure, z, c, x + 1, y - 1);
            double dl = sample(measure, z, c, x - 1, y + 1);
            double dr = sample(measure, z, c, x + 1, y + 1);
            double gx = (ur + 2 * rt + dr) - (ul + 2 * l + dl);
            double gy = (dl + 2 * d + dr) - (ul + 2 * u + ur);
            return gx * gx + gy * gy;
        }
    }
}
