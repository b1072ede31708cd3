package org.defocusj.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;
import org.defocusj.stack.DepthMap;

class ValidMaskTest {

    private static DepthMap map(String name, float... v) {
        return new DepthMap(name, v.length, 1, v);
    }

    /** Ground truth: NaN, +Inf, below min, exactly min, inside, exactly max, above max, masked out. */
    @Test
    void groundTruthRangeAndMask() {
        DepthMap gt = map("gt", Float.NaN, Float.POSITIVE_INFINITY, 0.005f, 0.01f, 5, 1000, 1001, 7);
        DepthMap pred = map("pred", 1, 1, 1, 1, 1, 1, 1, 1);
        ValidMask v = ValidMask.of(pred, gt, null, 0.01, 1000, false);
        // The range is inclusive, compared in float as NumPy compares float32 data: 0.01f counts although it is a
        // hair below the double 0.01.
        assertArrayEquals(new boolean[] {false, false, false, true, true, true, false, true}, v.valid());
        assertEquals(4, v.count());
        DepthMap mask = map("mask", 1, 1, 1, 1, 0, 1, 1, Float.NaN);
        ValidMask masked = ValidMask.of(pred, gt, mask, 0.01, 1000, false);
        assertArrayEquals(new boolean[] {false, false, false, true, false, true, false, false}, masked.valid());
        assertEquals(2, masked.count());
    }

    @Test
    void customRange() {
        DepthMap gt = map("gt", 0.5f, 1, 2, 3);
        ValidMask v = ValidMask.of(map("p", 1, 1, 1, 1), gt, null, 1, 2, false);
        assertArrayEquals(new boolean[] {false, true, true, false}, v.valid());
    }

    /** Invalid predictions outside the valid region do not matter. */
    @Test
    void invalidPredictionOutsideTheValidRegionIsFine() {
        DepthMap gt = map("gt", Float.NaN, 0, 2);
        ValidMask v = ValidMask.of(map("p", Float.NaN, -1, 2), gt, null, 0.01, 1000, false);
        assertEquals(1, v.count());
        assertEquals(0, v.excludedPredictions());
    }

    @Test
    void nanPredictionInsideTheValidRegionIsBadInput() {
        DepthMap gt = map("gt.npy", 1, 2, 3, 4);
        DepthMap pred = map("pred.tif", Float.NaN, 2, 0, Float.NaN);
        BadInputException e = assertThrows(BadInputException.class,
                () -> ValidMask.of(pred, gt, null, 0.01, 1000, false));
        assertTrue(e.getMessage().startsWith("pred.tif: 3 pixel(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("2 NaN, 1 <= 0"), e.getMessage());
        assertTrue(e.getMessage().contains("--ignore-invalid-pred"), e.getMessage());
    }

    @Test
    void ignoreInvalidPredictionExcludesAndCounts() {
        DepthMap gt = map("gt", 1, 2, 3, 4);
        DepthMap pred = map("pred", Float.NaN, 2, Float.POSITIVE_INFINITY, -3);
        ValidMask v = ValidMask.of(pred, gt, null, 0.01, 1000, true);
        assertArrayEquals(new boolean[] {false, true, false, false}, v.valid());
        assertEquals(3, v.excludedPredictions());
    }

    @Test
    void noValidGroundTruthIsBadInput() {
        DepthMap gt = map("gt.npy", Float.NaN, 0, 5000);
        BadInputException e = assertThrows(BadInputException.class,
                () -> ValidMask.of(map("p", 1, 1, 1), gt, null, 0.01, 1000, false));
        assertTrue(e.getMessage().startsWith("gt.npy: no valid ground-truth pixel"), e.getMessage());
        assertTrue(e.getMessage().contains("[0.01, 1000]"), e.getMessage());
    }

    @Test
    void rangeChecks() {
        assertThrows(BadInputException.class, () -> ValidMask.checkRange(0, 1, "min-depth", "max-depth"));
        assertThrows(BadInputException.class, () -> ValidMask.checkRange(-1, 1, "min-depth", "max-depth"));
        assertThrows(BadInputException.class,
                () -> ValidMask.checkRange(Double.NaN, 1, "min-depth", "max-depth"));
        assertThrows(BadInputException.class, () -> ValidMask.checkRange(2, 2, "min-depth", "max-depth"));
        assertThrows(BadInputException.class,
                () -> ValidMask.checkRange(1, Double.NaN, "min-depth", "max-depth"));
        ValidMask.checkRange(0.01, Double.POSITIVE_INFINITY, "min-depth", "max-depth");
    }
}
