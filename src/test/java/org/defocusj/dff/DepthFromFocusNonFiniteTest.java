package org.defocusj.dff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;

import org.defocusj.TestStacks;
import org.defocusj.depth.DepthResult;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusStack;

/**
 * NaN and infinite pixels in float stacks. The reference is the same stack before they were put in: outside the
 * windows that touch a bad pixel (Chebyshev distance above r + 1, the window plus the energy's 3 x 3 stencil)
 * depth and all-in-focus must be bit-identical to it (the multi-scale composite, whose pyramid reaches further,
 * within {@link #MULTISCALE_TOLERANCE} beyond {@link #MULTISCALE_REACH}); near them depth must stay finite and within the focus
 * range wherever the pixel has a valid slice; a pixel bad in every slice has NaN depth and confidence 0.
 *
 * <p>The samples are integers stored as float, so every energy and window sum is exact in double and a window's
 * sum does not depend on what the running sums passed through before: bit-identity then tests the masking, not
 * rounding. Sizes straddle a tile seam in both directions and the bad pixels sit on the seams and image edges.
 */
class DepthFromFocusNonFiniteTest {

    private static final double[] FOCUS = {-3, -1, 0, 1.5, 4, 5.5};
    private static final int W = DepthFromFocus.TILE_WIDTH + 18;
    private static final int H = DepthFromFocus.TILE_HEIGHT + 16;
    private static final int NF = FOCUS.length;
    /**
     * The multi-scale composite fills a slice's bad pixels before its pyramid is built; the fill, unlike the true
     * values, reaches the band-pass levels of the pixels around, and the slice weights follow depth that changed
     * near the bad pixels, faintly at coarse levels. Beyond this distance it stays within
     * {@link #MULTISCALE_TOLERANCE} of the reference (samples span about 100..1000: 0.2 %).
     */
    private static final int MULTISCALE_REACH = 16;
    private static final double MULTISCALE_TOLERANCE = 2;

    /** Integer-valued texture whose contrast peaks at a smoothly varying depth. */
    private static float[][] cleanSlices() {
        SplittableRandom rng = new SplittableRandom(42);
        float[] tex = new float[W * H];
        float[] depth = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                tex[y * W + x] = (float) (rng.nextDouble() - 0.5);
                depth[y * W + x] = (float) (1 + 2.5 * Math.sin(x * 0.05 + y * 0.11));
            }
        }
        float[][] v = new float[NF][W * H];
        for (int z = 0; z < NF; z++) {
            for (int i = 0; i < W * H; i++) {
                double a = Math.exp(-(FOCUS[z] - depth[i]) * (FOCUS[z] - depth[i]) / (2 * 1.5 * 1.5));
                v[z][i] = Math.round(1000 * (0.5 + 0.9 * a * tex[i]));
            }
        }
        return v;
    }

    private static float[][] copy(float[][] v) {
        float[][] c = new float[v.length][];
        for (int z = 0; z < v.length; z++) {
            c[z] = v[z].clone();
        }
        return c;
    }

    private static FocusStack stack(float[][] slices) {
        ImageStack st = new ImageStack(W, H);
        for (float[] s : slices) {
            st.addSlice(new FloatProcessor(W, H, s.clone()));
        }
        return TestStacks.wrap(new ImagePlus("float", st), FOCUS, DistanceUnit.UM);
    }

    /** A 10 x 10 NaN block across both tile seams, in the given slices. */
    private static int nanBlock(float[][] v, int... slices) {
        int count = 0;
        for (int z : slices) {
            for (int y = DepthFromFocus.TILE_HEIGHT - 6; y < DepthFromFocus.TILE_HEIGHT + 4; y++) {
                for (int x = DepthFromFocus.TILE_WIDTH - 5; x < DepthFromFocus.TILE_WIDTH + 5; x++) {
                    v[z][y * W + x] = Float.NaN;
                    count++;
                }
            }
        }
        return count;
    }

    /** Scattered +Inf and -Inf pixels, some on the image corners and edges, in random slices. */
    private static int scatteredInfinities(float[][] v) {
        SplittableRandom rng = new SplittableRandom(7);
        int[][] fixed = {{0, 0}, {W - 1, H - 1}, {0, 30}, {200, 0}, {W - 1, 10}, {100, H - 1}};
        int count = 0;
        for (int k = 0; k < 30; k++) {
            int x = k < fixed.length ? fixed[k][0] : rng.nextInt(W);
            int y = k < fixed.length ? fixed[k][1] : rng.nextInt(H);
            int z = rng.nextInt(NF);
            if (Float.isFinite(v[z][y * W + x])) {
                v[z][y * W + x] = k % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                count++;
            }
        }
        return count;
    }

    /** Pixels within {@code reach} (Chebyshev) of a non-finite sample of any slice. */
    private static boolean[] near(float[][] v, int reach) {
        boolean[] near = new boolean[W * H];
        for (float[] s : v) {
            for (int i = 0; i < s.length; i++) {
                if (Float.isFinite(s[i])) {
                    continue;
                }
                int bx = i % W;
                int by = i / W;
                for (int y = Math.max(0, by - reach); y <= Math.min(H - 1, by + reach); y++) {
                    for (int x = Math.max(0, bx - reach); x <= Math.min(W - 1, bx + reach); x++) {
                        near[y * W + x] = true;
                    }
                }
            }
        }
        return near;
    }

    private static boolean anyValidSlice(float[][] v, int i) {
        for (float[] s : v) {
            if (Float.isFinite(s[i])) {
                return true;
            }
        }
        return false;
    }

    private static void assertMasked(float[][] clean, float[][] dirty, int expectedCount) {
        FocusStack cleanStack = stack(clean);
        FocusStack dirtyStack = stack(dirty);
        int cases = 0;
        for (FocusMeasure measure : FocusMeasure.values()) {
            for (int window : new int[] {3, 9}) {
                // A measure that smooths first reads one pixel further.
                int reach = window / 2 + 1 + (measure.smoothsFirst() ? 1 : 0);
                boolean[] nearWindows = near(dirty, reach);
                boolean[] nearPyramid = near(dirty, Math.max(reach, MULTISCALE_REACH));
                for (AllInFocusMode mode : AllInFocusMode.values()) {
                    boolean[] near = mode == AllInFocusMode.MULTISCALE ? nearPyramid : nearWindows;
                    DffParameters p = DffParameters.defaults().withAggregation(Aggregation.WINDOW, 8, 1e-3)
                            .withMeasure(measure).withWindow(window)
                            .withAllInFocus(mode).withThreads(2);
                    String what = measure + " window " + window + " " + mode;
                    DepthResult ref = new DepthFromFocus(p).estimate(cleanStack, null);
                    DepthResult r = new DepthFromFocus(p).estimate(dirtyStack, null);
                    assertEquals(Integer.toString(expectedCount), r.properties().get(DepthResult.NON_FINITE_PIXELS),
                            what);
                    assertNull(ref.properties().get(DepthResult.NON_FINITE_PIXELS), what);
                    float[] d = FloatMaps.data(r.depth());
                    float[] dRef = FloatMaps.data(ref.depth());
                    float[] c = FloatMaps.data(r.confidence());
                    float[] cRef = FloatMaps.data(ref.confidence());
                    float[] a = mode == AllInFocusMode.NONE ? null : FloatMaps.data(r.allInFocus());
                    float[] aRef = mode == AllInFocusMode.NONE ? null : FloatMaps.data(ref.allInFocus());
                    int farPixels = 0;
                    for (int i = 0; i < W * H; i++) {
                        String at = what + " at " + (i % W) + "," + (i / W);
                        assertTrue(c[i] >= 0 && c[i] <= 1, at + ": confidence " + c[i]);
                        if (!near[i]) {
                            farPixels++;
                            assertEquals(Float.floatToIntBits(dRef[i]), Float.floatToIntBits(d[i]),
                                    at + ": depth " + d[i] + " vs " + dRef[i]);
                            if (mode == AllInFocusMode.MULTISCALE) {
                                // Coarse pyramid levels reach far, but what a filled pixel adds there is tiny.
                                assertEquals(aRef[i], a[i], MULTISCALE_TOLERANCE, at + ": all-in-focus");
                            } else if (a != null) {
                                assertEquals(Float.floatToIntBits(aRef[i]), Float.floatToIntBits(a[i]),
                                        at + ": all-in-focus");
                            }
                            // Confidence is relative to the image's P99 of peaks, which the bad pixels may move.
                            assertEquals(cRef[i], c[i], 0.02, at + ": confidence");
                        } else if (anyValidSlice(dirty, i)) {
                            assertTrue(d[i] >= FOCUS[0] && d[i] <= FOCUS[NF - 1], at + ": depth " + d[i]);
                            if (a != null) {
                                assertTrue(Float.isFinite(a[i]), at + ": all-in-focus " + a[i]);
                            }
                        } else {
                            assertTrue(Float.isNaN(d[i]), at + ": depth " + d[i]);
                            assertEquals(0f, c[i], at + ": confidence");
                            if (a != null) {
                                assertTrue(Float.isNaN(a[i]), at + ": all-in-focus " + a[i]);
                            }
                        }
                    }
                    assertTrue(farPixels > (mode == AllInFocusMode.MULTISCALE ? W * H / 2 : W * H * 3 / 4),
                            what + ": far pixels " + farPixels);
                    cases++;
                }
            }
        }
        assertEquals(FocusMeasure.values().length * 2 * AllInFocusMode.values().length, cases);
    }

    @Test
    void nanBlockInOneSliceAffectsOnlyTheWindowsTouchingIt() {
        float[][] clean = cleanSlices();
        float[][] dirty = copy(clean);
        int n = nanBlock(dirty, 2);
        assertMasked(clean, dirty, n);
    }

    @Test
    void nanBlockInEverySliceHasNoDepthButItsSurroundingsDo() {
        float[][] clean = cleanSlices();
        float[][] dirty = copy(clean);
        int n = nanBlock(dirty, 0, 1, 2, 3, 4, 5);
        assertMasked(clean, dirty, n);
    }

    @Test
    void scatteredInfinitiesAffectOnlyTheWindowsTouchingThem() {
        float[][] clean = cleanSlices();
        float[][] dirty = copy(clean);
        int n = scatteredInfinities(dirty);
        n += nanBlock(dirty, 4);
        assertMasked(clean, dirty, n);
    }

    @Test
    void fillGivesThePixelsWithoutAnySliceADepthToo() {
        float[][] dirty = cleanSlices();
        nanBlock(dirty, 0, 1, 2, 3, 4, 5);
        DffParameters p = DffParameters.defaults().withLowConfidence(0.01, true).withThreads(2);
        DepthResult r = new DepthFromFocus(p).estimate(stack(dirty), null);
        float[] d = FloatMaps.data(r.depth());
        float[] c = FloatMaps.data(r.confidence());
        int centre = DepthFromFocus.TILE_HEIGHT * W + DepthFromFocus.TILE_WIDTH;
        assertFalse(Float.isFinite(dirty[0][centre]));
        assertEquals(0f, c[centre]);
        assertTrue(d[centre] >= FOCUS[0] && d[centre] <= FOCUS[NF - 1], "filled depth " + d[centre]);
    }

    /**
     * The guided aggregation reaches further than a window, so it is not local in the sense above; but a pixel
     * with no valid slice still has no depth and confidence 0, everything else stays finite, and the count is
     * the same.
     */
    @Test
    void guidedAggregationKeepsNoDepthWhereNoSliceIsValid() {
        float[][] dirty = cleanSlices();
        int count = nanBlock(dirty, 0, 1, 2, 3, 4, 5);
        count += scatteredInfinities(dirty);
        DffParameters p = DffParameters.defaults().withAggregation(Aggregation.GUIDED, DffParameters.GUIDE_RADIUS.defaultValue(), DffParameters.GUIDE_EPSILON.defaultValue()).withThreads(2);
        assertEquals(Aggregation.GUIDED, p.aggregation());
        for (AllInFocusMode mode : AllInFocusMode.values()) {
            DepthResult r = new DepthFromFocus(p.withAllInFocus(mode)).estimate(stack(dirty), null);
            assertEquals(Integer.toString(count), r.properties().get(DepthResult.NON_FINITE_PIXELS), mode.name());
            float[] d = FloatMaps.data(r.depth());
            float[] c = FloatMaps.data(r.confidence());
            int nowhere = 0;
            for (int i = 0; i < d.length; i++) {
                boolean anyValid = false;
                for (float[] slice : dirty) {
                    anyValid |= Float.isFinite(slice[i]);
                }
                if (anyValid) {
                    assertTrue(Float.isFinite(d[i]) && d[i] >= FOCUS[0] && d[i] <= FOCUS[NF - 1],
                            mode + " depth " + d[i] + " at " + i);
                    assertTrue(c[i] >= 0 && c[i] <= 1, mode + " confidence " + c[i] + " at " + i);
                } else {
                    nowhere++;
                    assertTrue(Float.isNaN(d[i]), mode + " depth at " + i);
                    assertEquals(0f, c[i], mode + " confidence at " + i);
                }
            }
            assertTrue(nowhere > 0);
        }
    }

    @Test
    void integerStacksRecordNoCount() {
        DepthResult r = new DepthFromFocus(DffParameters.defaults().withThreads(2))
                .estimate(TestStacks.wrap(TestStacks.randomBytes(20, 16, 3, 5), new double[] {1, 2, 3},
                        DistanceUnit.UM), null);
        assertNull(r.properties().get(DepthResult.NON_FINITE_PIXELS));
    }
}
