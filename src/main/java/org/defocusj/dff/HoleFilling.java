package org.defocusj.dff;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills NaN pixels with the smooth (harmonic) surface that meets the valid pixels around each hole, solved
 * coarse to fine. A pyramid of weighted 2 x 2 means is pulled up until every pixel of a level has data; going
 * back down, each level's pixels lacking full weight start from the bilinearly upsampled coarser level
 * (push-pull, Gortler et al., "The Lumigraph", 1996) and are then relaxed towards the mean of their four
 * neighbours, with the fully known pixels held fixed. Push-pull alone is smooth but starts a hole at its
 * rim's regional mean, a visible step; the relaxation makes the fill continuous at the rim, and starting it
 * from the coarser level's solution makes a few sweeps per level enough. Valid pixels keep their values exactly;
 * every filled value is a convex combination of valid ones (so within their range); the cost is linear.
 */
public final class HoleFilling {

    /** Gauss-Seidel sweeps per pyramid level. */
    static final int SWEEPS = 24;

    private HoleFilling() {
    }

    /** One pyramid level: data values and weights in [0, 1] (0 where there is no data). */
    private static final class Level {
        final int w;
        final int h;
        final float[] value;
        final float[] weight;

        Level(int w, int h) {
            this.w = w;
            this.h = h;
            value = new float[w * h];
            weight = new float[w * h];
        }

        boolean complete() {
            for (float x : weight) {
                if (x <= 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Fills every NaN in place; leaves the map unchanged if it has no finite pixel. */
    public static void fillNaN(float[] map, int w, int h) {
        Level base = new Level(w, h);
        boolean anyHole = false;
        boolean anyData = false;
        for (int i = 0; i < map.length; i++) {
            boolean known = !Float.isNaN(map[i]);
            base.value[i] = known ? map[i] : 0f;
            base.weight[i] = known ? 1f : 0f;
            anyHole |= !known;
            anyData |= known;
        }
        if (!anyHole || !anyData) {
            return;
        }
        List<Level> pyramid = new ArrayList<>();
        pyramid.add(base);
        Level top = base;
        while (!top.complete()) {
            top = pull(top);
            pyramid.add(top);
        }
        relax(top);
        for (int l = pyramid.size() - 2; l >= 0; l--) {
            push(pyramid.get(l + 1), pyramid.get(l));
            relax(pyramid.get(l));
        }
        for (int i = 0; i < map.length; i++) {
            if (Float.isNaN(map[i])) {
                map[i] = base.value[i];
            }
        }
    }

    /** Moves every pixel lacking full weight to the mean of its 4-neighbours, {@link #SWEEPS} times in place. */
    private static void relax(Level level) {
        int w = level.w;
        int h = level.h;
        float[] v = level.value;
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (level.weight[i] >= 1) {
                        continue;
                    }
                    double s = 0;
                    int k = 0;
                    if (x > 0) {
                        s += v[i - 1];
                        k++;
                    }
                    if (x < w - 1) {
                        s += v[i + 1];
                        k++;
                    }
                    if (y > 0) {
                        s += v[i - w];
                        k++;
                    }
                    if (y < h - 1) {
                        s += v[i + w];
                        k++;
                    }
                    if (k > 0) {
                        v[i] = (float) (s / k);
                    }
                }
            }
        }
    }

    /** The next coarser level: weighted means of 2 x 2 blocks, weights summed and capped at 1. */
    private static Level pull(Level fine) {
        Level coarse = new Level((fine.w + 1) / 2, (fine.h + 1) / 2);
        for (int y = 0; y < coarse.h; y++) {
            for (int x = 0; x < coarse.w; x++) {
                double sw = 0;
                double sv = 0;
                for (int yy = 2 * y; yy < Math.min(fine.h, 2 * y + 2); yy++) {
                    for (int xx = 2 * x; xx < Math.min(fine.w, 2 * x + 2); xx++) {
                        float wt = fine.weight[yy * fine.w + xx];
                        sw += wt;
                        sv += wt * fine.value[yy * fine.w + xx];
                    }
                }
                int i = y * coarse.w + x;
                coarse.weight[i] = (float) Math.min(1, sw);
                coarse.value[i] = sw > 0 ? (float) (sv / sw) : 0f;
            }
        }
        return coarse;
    }

    /** Blends each pixel of {@code fine} lacking full weight with the bilinearly upsampled {@code coarse}. */
    private static void push(Level coarse, Level fine) {
        for (int y = 0; y < fine.h; y++) {
            // Pixel centres: fine y sits at coarse (y + 0.5) / 2 - 0.5.
            double cy = Math.max(0, Math.min(coarse.h - 1, (y + 0.5) / 2 - 0.5));
            int y0 = (int) cy;
            int y1 = Math.min(coarse.h - 1, y0 + 1);
            double fy = cy - y0;
            for (int x = 0; x < fine.w; x++) {
                int i = y * fine.w + x;
                float wt = fine.weight[i];
                if (wt >= 1) {
                    continue;
                }
                double cx = Math.max(0, Math.min(coarse.w - 1, (x + 0.5) / 2 - 0.5));
                int x0 = (int) cx;
                int x1 = Math.min(coarse.w - 1, x0 + 1);
                double fx = cx - x0;
                double up = (1 - fy) * ((1 - fx) * coarse.value[y0 * coarse.w + x0] + fx * coarse.value[y0 * coarse.w + x1])
                        + fy * ((1 - fx) * coarse.value[y1 * coarse.w + x0] + fx * coarse.value[y1 * coarse.w + x1]);
                fine.value[i] = (float) (wt * fine.value[i] + (1 - wt) * up);
            }
        }
    }
}
