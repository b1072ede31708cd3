package org.defocusj.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.defocusj.stack.PlaneReader;

/**
 * The streamed warp against a direct evaluation of the cubic B-spline at every pixel's mapped position (double
 * precision, positions clamped to the image, edges replicated), and its samples the same however reads are cut.
 */
class WarpedStackTest {

    static final int W = 600;
    static final int H = 41;
    static final int C = 3;
    static final SliceTransform[] TRANSFORMS = {
        SliceTransform.of(1.012, 0.3, 2.3, -1.7),
        SliceTransform.of(1, 0, -1.4, 0.6),
        SliceTransform.IDENTITY,
        SliceTransform.of(0.985, -0.2, -3.1, 2.2),
        SliceTransform.of(1, 0, 2.75, -1.25),
        SliceTransform.of(1.004, 1.5, 0.4, 3.3),
    };
    /** Which of them are warped in two passes (rotations below about 0.57 degrees, not shifts alone). */
    static final boolean[] TWO_PASS = {true, false, false, true, false, false};

    static final float[][][] PIXELS = pixels();

    static float[][][] pixels() {
        SplittableRandom rng = new SplittableRandom(5);
        float[][][] p = new float[C][TRANSFORMS.length][W * H];
        for (float[][] channel : p) {
            for (float[] plane : channel) {
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = (float) (rng.nextDouble() * 255);
                }
            }
        }
        return p;
    }

    static final PlaneReader SOURCE = new PlaneReader() {
        @Override
        public void readRows(int c, int z, int y0, int y1, float[] dst, int offset) {
            System.arraycopy(PIXELS[c][z], y0 * W, dst, offset, (y1 - y0) * W);
        }

        @Override
        public int integerLimit() {
            return 255;
        }
    };

    static WarpedStack.Reader reader() {
        return new WarpedStack.Reader(SOURCE, TRANSFORMS, W, H, C, false);
    }

    static double bspline(double d) {
        d = Math.abs(d);
        return d < 1 ? 2.0 / 3 - d * d + 0.5 * d * d * d : d < 2 ? Math.pow(2 - d, 3) / 6 : 0;
    }

    /**
     * The warped sample by its definition: the cubic B-spline's 4 x 4 taps around the pixel's mapped position
     * (clamped to the image, edges replicated); a transform within {@link WarpedStack#SHIFT_ONLY_PX} of a shift as
     * that shift; with {@code twoPass}, each tap column's vertical taps around the height where the output row
     * crosses that column. Positions are exact here; the warp rounds them to 1 / {@link WarpedStack#STEPS} pixel.
     */
    static double expected(int c, int z, int x, int y, boolean twoPass) {
        SliceTransform t = TRANSFORMS[z];
        boolean shift = Math.abs(t.m - 1) < 1e-12 && Math.abs(t.n) < 1e-12;
        double cx = (W - 1) / 2.0;
        double cy = (H - 1) / 2.0;
        double u = x - cx;
        double v = y - cy;
        double xs = clamp(shift ? x + t.tx : cx + t.m * u - t.n * v + t.tx, W - 1);
        double ys = clamp(shift ? y + t.ty : cy + t.n * u + t.m * v + t.ty, H - 1);
        int ix = (int) Math.floor(xs);
        double acc = 0;
        for (int k = -1; k <= 2; k++) {
            // With two passes, the row's height at source column ix + k: x' with xs(x') = ix + k.
            double yk = twoPass ? clamp(cy + t.n * ((ix + k - cx - t.tx + t.n * v) / t.m) + t.m * v + t.ty, H - 1)
                    : ys;
            int iy = (int) Math.floor(yk);
            int sx = Math.max(0, Math.min(W - 1, ix + k));
            for (int r = -1; r <= 2; r++) {
                int sy = Math.max(0, Math.min(H - 1, iy + r));
                acc += bspline(xs - ix - k) * bspline(yk - iy - r) * PIXELS[c][z][sy * W + sx];
            }
        }
        return acc;
    }

    static double clamp(double v, double max) {
        return Math.max(0, Math.min(max, v));
    }

    @Test
    void warpsEverySliceAsTheBSplineAtItsMappedPositions() {
        WarpedStack.Reader r = reader();
        float[] plane = new float[W * H];
        for (int z = 0; z < TRANSFORMS.length; z++) {
            for (int c = 0; c < C; c++) {
                r.readRows(c, z, 0, H, plane, 0);
                double worst = 0;
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        worst = Math.max(worst, Math.abs(plane[y * W + x] - expected(c, z, x, y, TWO_PASS[z])));
                    }
                }
                // Rounded positions: at most 1/2048 px off, under a tenth of a grey level even on white noise.
                assertTrue(worst < 0.15, "slice " + z + " channel " + c + ": off by " + worst);
            }
        }
    }

    @Test
    void twoPassesStayWithinTheirBoundOfTheFullWarp() {
        // The vertical taps move by at most 2 |n| / m px (0.0104 px at 0.3 degrees). The spline-smoothed image
        // changes by less than 1.5 x its range per pixel (the spline's slopes at the four taps sum to below 1.5),
        // so on white noise over 0..255, the steepest image there is, a sample moves by under 4 grey levels, and
        // by less on smoother images.
        WarpedStack.Reader r = reader();
        float[] plane = new float[W * H];
        r.readRows(0, 0, 0, H, plane, 0);
        double worst = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                worst = Math.max(worst, Math.abs(plane[y * W + x] - expected(0, 0, x, y, false)));
            }
        }
        assertTrue(worst < 2 * Math.abs(TRANSFORMS[0].n) / TRANSFORMS[0].m * 1.5 * 255, "two passes off the full warp by " + worst);
        assertTrue(worst > 0.01, "slice 0 should be warped in two passes");
        System.out.printf(java.util.Locale.ROOT, "two-pass against full warp at 0.3 deg: %.3f grey levels%n", worst);
    }

    @Test
    void theReferenceSliceIsSmoothedLikeEveryOther() {
        // The identity is still resampled (weights 1/6, 2/3, 1/6), or the reference would be the sharpest slice.
        WarpedStack.Reader r = reader();
        float[] row = new float[W];
        r.readRows(0, 2, 10, 11, row, 0);
        float[] p = PIXELS[0][2];
        int x = 100;
        double vertical = (p[9 * W + x - 1] + 4.0 * p[9 * W + x] + p[9 * W + x + 1]) / 6;
        double middle = (p[10 * W + x - 1] + 4.0 * p[10 * W + x] + p[10 * W + x + 1]) / 6;
        double below = (p[11 * W + x - 1] + 4.0 * p[11 * W + x] + p[11 * W + x + 1]) / 6;
        assertEquals((vertical + 4 * middle + below) / 6, row[x], 1e-3);
    }

    @Test
    void samplesDoNotDependOnHowReadsAreCut() {
        WarpedStack.Reader whole = reader();
        WarpedStack.Reader parts = reader();
        float[] rows = new float[W * H];
        int[][] cuts = {{0, W}, {3, 290}, {250, 300}, {0, 1}, {W - 7, W}, {255, 513}, {511, 600}};
        for (int z = 0; z < TRANSFORMS.length; z++) {
            for (int c = 0; c < C; c++) {
                whole.readRows(c, z, 0, H, rows, 0);
                for (int y = 0; y < H; y += 5) {
                    for (int[] cut : cuts) {
                        int n = cut[1] - cut[0];
                        float[] part = new float[n];
                        parts.readRowPart(c, z, y, cut[0], cut[1], part, 0, null);
                        float[] want = new float[n];
                        System.arraycopy(rows, y * W + cut[0], want, 0, n);
                        assertArrayEquals(want, part, "slice " + z + " row " + y + " columns " + cut[0] + ".."
                                + cut[1]);
                        int[] ints = new int[n];
                        parts.readRowPart(c, z, y, cut[0], cut[1], ints, 0);
                        for (int i = 0; i < n; i++) {
                            assertEquals(org.defocusj.stack.SamplePlanes.nearest(want[i]), ints[i]);
                        }
                        assertEquals(want[n / 2], parts.sample(c, z, y, cut[0] + n / 2));
                    }
                }
            }
        }
    }
}
