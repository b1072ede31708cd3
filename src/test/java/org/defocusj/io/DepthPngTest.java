package org.defocusj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

class DepthPngTest {

    @Test
    void mapsRangeToViridisAndDrawsABar() {
        int w = 50;
        int h = 40;
        float[] d = new float[w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = 1 + (i % w) / (float) (w - 1);
        }
        d[0] = Float.NaN;
        BufferedImage img = DepthPng.render(d, w, h, "depth (m)");
        assertTrue(img.getWidth() > w + 40, "room for the colour bar and labels");
        assertTrue(img.getHeight() >= 200);
        assertEquals(0x303030, img.getRGB(0, 0) & 0xffffff, "no-data pixels are dark grey");
        assertEquals(DepthPng.viridis(0) & 0xffffff, img.getRGB(0, 5) & 0xffffff);
        assertEquals(DepthPng.viridis(1) & 0xffffff, img.getRGB(w - 1, 5) & 0xffffff);
        assertNotEquals(0xffffff, img.getRGB(w + 12 + 9, 100) & 0xffffff, "bar is drawn");
    }

    @Test
    void viridisEndsAreMatplotlibs() {
        assertEquals(0x440154, DepthPng.viridis(0) & 0xffffff);
        assertEquals(0xfde725, DepthPng.viridis(1) & 0xffffff);
    }
}
