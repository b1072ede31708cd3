package org.defocusj.align;

import java.util.ArrayList;
import java.util.List;

/**
 * One slice as alignment sees it: band-limited gradient magnitude, coarse to fine. Gradients of a
 * Gaussian-smoothed image keep what two neighbouring focus slices share (where edges are) and drop what
 * defocus changes most (fine texture, absolute contrast), so slices of different blur still match; the
 * pyramid gives the fit a wide capture range at coarse levels and its precision at the finest.
 */
final class FeaturePyramid {

    /** Levels stop halving below this side (pixels). */
    static final int MIN_SIDE = 24;
    static final double SMOOTH_SIGMA = 1.0;

    /** Finest first. */
    final List<Level> levels;
    /** How many times the finest level is smaller than the slice (1, 2, 4, ...). */
    final int finestFactor;

    FeaturePyramid(List<Level> levels, int finestFactor) {
        this.levels = levels;
        this.finestFactor = finestFactor;
    }

    /** One level: features and their gradients. */
    static final class Level {
        final int w;
        final int h;
        final float[] f;
        final float[] gx;
        final float[] gy;
        /** The level is this many times smaller than the slice. */
        final int factor;

        Level(int w, int h, float[] f, int factor) {
            this.w = w;
            this.h = h;
            this.f = f;
            this.factor = factor;
            gx = new float[w * h];
            gy = new float[w * h];
            gradients(f, w, h, gx, gy);
        }
    }

    /**
     * The pyramid of a grey image; levels finer than {@code maxSide} are skipped (the image is halved first),
     * which bounds the cost on large images at a precision still well below a pixel of the slice.
     */
    static FeaturePyramid of(float[] gray, int w, int h, int maxSide) {
        return of(gray, w, h, maxSide, 1);
    }

    /** As {@link #of(float[], int, int, int)}, for a grey image already {@code grayFactor} times smaller than the slice. */
    static FeaturePyramid of(float[] gray, int w, int h, int maxSide, int grayFactor) {
        int factor = grayFactor;
        float[] img = gray;
        int cw = w;
        int ch = h;
        while (halves(cw, ch, maxSide)) {
            img = halve(img, cw, ch);
            cw /= 2;
            ch /= 2;
            factor *= 2;
        }
        List<Level> levels = new ArrayList<>();
        int finest = factor;
        while (true) {
            levels.add(new Level(cw, ch, features(img, cw, ch), factor));
            if (Math.min(cw, ch) / 2 < MIN_SIDE) {
                break;
            }
            img = halve(img, cw, ch);
            cw /= 2;
            ch /= 2;
            factor *= 2;
        }
        return new FeaturePyramid(levels, finest);
    }

    /** Whether {@link #of} halves a {@code w} x {@code h} image before its finest level. */
    static boolean halves(int w, int h, int maxSide) {
        return Math.max(w, h) > maxSide && Math.min(w, h) / 2 >= MIN_SIDE;
    }

    static float[] halve(float[] img, int w, int h) {
        int hw = w / 2;
        int hh = h / 2;
        float[] out = new float[hw * hh];
        for (int y = 0; y < hh; y++) {
            halveRows(img, 2 * y * w, img, (2 * y + 1) * w, out, y * hw, hw);
        }
        return out;
    }

    /** One row of the half-size image: the mean of each 2 x 2 block of two image rows (at a0 in a, b0 in b). */
    static void halveRows(float[] a, int a0, float[] b, int b0, float[] out, int offset, int hw) {
        for (int x = 0; x < hw; x++) {
            out[offset + x] = 0.25f * (a[a0 + 2 * x] + a[a0 + 2 * x + 1] + b[b0 + 2 * x] + b[b0 + 2 * x + 1]);
        }
    }

    /** Gradient magnitude of the smoothed image, smoothed again so that the fit's basin is wider than an edge. */
    static float[] features(float[] img, int w, int h) {
        float[] s = Gaussian.blur(img, w, h, SMOOTH_SIGMA);
        float[] gx = new float[w * h];
        float[] gy = new float[w * h];
        gradients(s, w, h, gx, gy);
        for (int i = 0; i < gx.length; i++) {
            gx[i] = (float) Math.sqrt(gx[i] * gx[i] + gy[i] * gy[i]);
        }
        return Gaussian.blur(gx, w, h, SMOOTH_SIGMA);
    }

    /** Central differences, replicated at the borders. */
    static void gradients(float[] f, int w, int h, float[] gx, float[] gy) {
        for (int y = 0; y < h; y++) {
            int ym = Math.max(0, y - 1) * w;
            int yp = Math.min(h - 1, y + 1) * w;
            for (int x = 0; x < w; x++) {
                int xm = Math.max(0, x - 1);
                int xp = Math.min(w - 1, x + 1);
                gx[y * w + x] = 0.5f * (f[y * w + xp] - f[y * w + xm]);
                gy[y * w + x] = 0.5f * (f[yp + x] - f[ym + x]);
            }
        }
    }
}
