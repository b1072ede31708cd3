package org.defocusj.align;

import java.io.Serializable;

/**
 * A similarity (scale, rotation, shift) that maps a pixel of the reference slice to where the same scene point
 * lies in another slice: {@code p_slice = c + s R (p_ref - c) + t}, with {@code c} the image centre. Focus
 * breathing is a scale about the optical axis, which for a crop lies anywhere; a scale about the centre plus a
 * shift is the same map, so the centre form loses nothing and keeps the parameters comparable between levels.
 */
public final class SliceTransform implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final SliceTransform IDENTITY = new SliceTransform(1, 0, 0, 0);

    /** s cos(theta), s sin(theta), shift x, shift y (pixels). */
    final double m;
    final double n;
    final double tx;
    final double ty;

    SliceTransform(double m, double n, double tx, double ty) {
        this.m = m;
        this.n = n;
        this.tx = tx;
        this.ty = ty;
    }

    /** The transform of scale {@code s}, rotation {@code degrees} and shift ({@code dx}, {@code dy}). */
    public static SliceTransform of(double s, double degrees, double dx, double dy) {
        double a = Math.toRadians(degrees);
        return new SliceTransform(s * Math.cos(a), s * Math.sin(a), dx, dy);
    }

    public double scale() {
        return Math.hypot(m, n);
    }

    public double rotationDegrees() {
        return Math.toDegrees(Math.atan2(n, m));
    }

    /** Where the image centre goes, relative to the centre: the shift in pixels. */
    public double dx() {
        return tx;
    }

    public double dy() {
        return ty;
    }

    /** {@code next} applied after this one. */
    public SliceTransform then(SliceTransform next) {
        return new SliceTransform(next.m * m - next.n * n, next.n * m + next.m * n,
                next.m * tx - next.n * ty + next.tx, next.n * tx + next.m * ty + next.ty);
    }

    public SliceTransform inverse() {
        double d = m * m + n * n;
        double im = m / d;
        double in = -n / d;
        return new SliceTransform(im, in, -(im * tx - in * ty), -(in * tx + im * ty));
    }

    /** x in the slice of the reference pixel (x, y), for an image centred at (cx, cy). */
    public double mapX(double x, double y, double cx, double cy) {
        return cx + m * (x - cx) - n * (y - cy) + tx;
    }

    public double mapY(double x, double y, double cx, double cy) {
        return cy + n * (x - cx) + m * (y - cy) + ty;
    }

    /** The same map on an image {@code factor} times smaller (centre form: only the shift changes). */
    SliceTransform shrunk(double factor) {
        return new SliceTransform(m, n, tx / factor, ty / factor);
    }

    /** The largest distance a pixel of a w x h image moves from where this transform and {@code o} put it. */
    public double maxDistance(SliceTransform o, int w, int h) {
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double worst = 0;
        for (double x : new double[] {0, w - 1}) {
            for (double y : new double[] {0, h - 1}) {
                worst = Math.max(worst, Math.hypot(mapX(x, y, cx, cy) - o.mapX(x, y, cx, cy),
                        mapY(x, y, cx, cy) - o.mapY(x, y, cx, cy)));
            }
        }
        return worst;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "scale %.6f, rotation %.4f deg, shift (%.3f, %.3f) px", scale(),
                rotationDegrees(), tx, ty);
    }
}
