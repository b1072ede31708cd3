package org.defocusj.zedd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ZeddPreprocessingTest {

    @Test
    void zeddValidationImagesGoTo720ThenTheCentral640() {
        ZeddPreprocessing.Geometry g = ZeddPreprocessing.plan(1824, 1216, 480, 640);
        assertEquals(640, g.width());
        assertEquals(480, g.height());
        assertEquals(40, g.left());
        // K of a 1216 x 1824 image: fx, fy scaled by 720/1824 and 480/1216 (both 0.394736...), cx by the same
        // then minus 40, cy by 480/1216.
        double[] k = {1824, 0, 912, 0, 1824, 608, 0, 0, 1};
        double s = 480.0 / 1216;
        assertArrayEquals(new double[] {1824 * s, 0, 912 * s - 40, 0, 1824 * s, 608 * s, 0, 0, 1},
                ZeddPreprocessing.adjustIntrinsics(k, g), 1e-9);
        assertArrayEquals(new double[] {720, 0, 320, 0, 720, 240, 0, 0, 1}, ZeddPreprocessing.adjustIntrinsics(k, g),
                1e-9);
    }

    @Test
    void widthIsTruncatedAsTheReferenceDoes() {
        // 1000 x 701 -> width int(1000 * 480 / 701) = int(684.736...) = 684: narrower than 640? no, crop 22.
        ZeddPreprocessing.Geometry g = ZeddPreprocessing.plan(1000, 701, 480, 640);
        assertEquals(22, g.left());
        assertEquals(640, g.width());
        // Narrower than the target after resizing: no crop, cx unchanged by cropping.
        ZeddPreprocessing.Geometry narrow = ZeddPreprocessing.plan(600, 600, 480, 640);
        assertEquals(480, narrow.width());
        assertEquals(0, narrow.left());
        assertArrayEquals(new double[] {400, 0, 240, 0, 400, 240, 0, 0, 1},
                ZeddPreprocessing.adjustIntrinsics(new double[] {500, 0, 300, 0, 500, 300, 0, 0, 1}, narrow), 1e-12);
    }

    @Test
    void testSplitAtFullResolutionIsLeftAlone() {
        ZeddPreprocessing.Geometry g = ZeddPreprocessing.plan(1824, 1216, 1216, 1824);
        assertEquals(1824, g.width());
        assertEquals(1216, g.height());
        assertEquals(0, g.left());
        double[] k = {1500, 0, 900, 0, 1490, 610, 0, 0, 1};
        assertArrayEquals(k, ZeddPreprocessing.adjustIntrinsics(k, g), 0);
        int[] rgb = new int[1824 * 1216];
        rgb[12345] = 0x123456;
        assertArrayEquals(rgb, ZeddPreprocessing.image(rgb, g));
    }

    @Test
    void groundTruthIsResizedByNearestNeighbourAndCroppedLikeTheImage() {
        // 8 x 4 -> height 2: width 4, then cropped to 2 from left 1. Each value encodes its source column/row.
        float[] d = new float[8 * 4];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                d[y * 8 + x] = 10 * y + x;
            }
        }
        ZeddPreprocessing.Geometry g = ZeddPreprocessing.plan(8, 4, 2, 2);
        assertEquals(1, g.left());
        // Resized columns sample 1, 3, 5, 7 and rows 1, 3; the crop keeps resized columns 1, 2 -> source 3, 5.
        assertArrayEquals(new float[] {13, 15, 33, 35}, ZeddPreprocessing.groundTruth(d, g));
    }

    @Test
    void imagesAreResizedPerChannel() {
        int[] rgb = new int[12 * 6];
        java.util.Arrays.fill(rgb, 0x10_80_f0);
        ZeddPreprocessing.Geometry g = ZeddPreprocessing.plan(12, 6, 3, 4);
        int[] out = ZeddPreprocessing.image(rgb, g);
        assertEquals(4 * 3, out.length);
        for (int v : out) {
            assertEquals(0x10_80_f0, v);
        }
    }
}
