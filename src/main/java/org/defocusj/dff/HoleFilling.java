package org.defocusj.dff;

import java.util.Arrays;

/**
 * Fills NaN pixels from their valid neighbours in breadth-first order: each hole pixel takes the mean of
 * its already-known 8-neighbours, so holes close from their rims inward in linear time.
 */
public final class HoleFilling {

    private HoleFilling() {
    }

    /** Fills every NaN in place; leaves the map unchanged if it has no finite pixel. */
    public static void fillNaN(float[] map, int w, int h) {
        int n = w * h;
        int[] queue = new int[n];
        boolean[] queued = new boolean[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (!Float.isNaN(map[i])) {
                queued[i] = true;
            }
        }
        // Seed with hole pixels that touch a known pixel.
        for (int i = 0; i < n; i++) {
            if (!queued[i] && hasKnownNeighbour(map, w, h, i)) {
                queued[i] = true;
                queue[tail++] = i;
            }
        }
        float[] pending = new float[n];
        Arrays.fill(pending, Float.NaN);
        while (head < tail) {
            // One ring at a time so a ring's values depend only on the previous rings.
            int ringEnd = tail;
            for (int q = head; q < ringEnd; q++) {
                pending[queue[q]] = neighbourMean(map, w, h, queue[q]);
            }
            for (int q = head; q < ringEnd; q++) {
                int i = queue[q];
                map[i] = pending[i];
                int x = i % w;
                int y = i / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && xx < w && yy >= 0 && yy < h && !queued[yy * w + xx]) {
                            queued[yy * w + xx] = true;
                            queue[tail++] = yy * w + xx;
                        }
                    }
                }
            }
            head = ringEnd;
        }
    }

    private static boolean hasKnownNeighbour(float[] map, int w, int h, int i) {
        return !Float.isNaN(neighbourMean(map, w, h, i));
    }

    private static float neighbourMean(float[] map, int w, int h, int i) {
        int x = i % w;
        int y = i / w;
        double s = 0;
        int k = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                if ((dx != 0 || dy != 0) && xx >= 0 && xx < w && yy >= 0 && yy < h) {
                    float v = map[yy * w + xx];
                    if (!Float.isNaN(v)) {
                        s += v;
                        k++;
                    }
                }
            }
        }
        return k == 0 ? Float.NaN : (float) (s / k);
    }
}
