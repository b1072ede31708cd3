package org.defocusj.align;

/**
 * Fits the transform that maps one slice's features onto its neighbour's, coarse to fine, by Gauss-Newton on
 * {@code I(W(x; p)) - (gain T(x) + bias)}: the gain and bias absorb the change of gradient contrast between
 * two blur levels and any exposure drift, so only the geometry has to explain what is left.
 */
final class PairFit {

    /** Samples per level at most; more add time, not precision. */
    static final int MAX_SAMPLES = 60_000;
    static final int MAX_ITERATIONS = 30;
    /** Coarser levels only have to bring the fit into the next level's reach. */
    static final int COARSE_ITERATIONS = 8;
    static final double COARSE_CONVERGED_PX = 0.02;
    /** Stop when an update moves no pixel by more than this (pixels of the level). */
    static final double CONVERGED_PX = 1e-3;
    /** Share of the shorter side left out at each border. */
    static final double BORDER_SHARE = 0.04;

    /** The outcome of one fit. */
    static final class Result {
        /** Maps template (slice z + 1) pixels to image (slice z) pixels, at the slice's resolution. */
        final SliceTransform transform;
        /** Normalised cross-correlation of template and warped image at the finest level; NaN if none. */
        final double correlation;
        /** Samples used at the finest level. */
        final int samples;
        /** Spread of the template's features; 0 for a uniform slice. */
        final double contrast;
        /** The correlation at the finest level with no motion at all, to tell whether the fit explains anything. */
        final double unmovedCorrelation;

        Result(SliceTransform transform, double correlation, int samples, double contrast, double unmoved) {
            this.transform = transform;
            this.correlation = correlation;
            this.samples = samples;
            this.contrast = contrast;
            this.unmovedCorrelation = unmoved;
        }
    }

    private PairFit() {
    }

    /**
     * @param template the features of the slice whose pixels are mapped
     * @param image    the features of the slice they are mapped into
     * @param initial  a first guess at the slice's resolution
     */
    static Result fit(FeaturePyramid template, FeaturePyramid image, SliceTransform initial, AlignModel model) {
        SliceTransform t = initial;
        double correlation = Double.NaN;
        int samples = 0;
        double contrast = 0;
        double unmoved = Double.NaN;
        for (int l = template.levels.size() - 1; l >= 0; l--) {
            FeaturePyramid.Level tl = template.levels.get(l);
            FeaturePyramid.Level il = image.levels.get(l);
            Level fit = new Level(tl, il, model, l == 0);
            SliceTransform at = fit.run(t.shrunk(tl.factor));
            if (at == null) {
                return new Result(t, Double.NaN, 0, fit.contrast, Double.NaN);
            }
            if (l == 0) {
                unmoved = fit.correlation(SliceTransform.IDENTITY);
            }
            t = new SliceTransform(at.m, at.n, at.tx * tl.factor, at.ty * tl.factor);
            correlation = fit.correlation;
            samples = fit.samples;
            contrast = fit.contrast;
        }
        return new Result(t, correlation, samples, contrast, unmoved);
    }

    /** Gauss-Newton on one level. */
    private static final class Level {
        final FeaturePyramid.Level tl;
        final FeaturePyramid.Level il;
        final AlignModel model;
        final int stride;
        final double cx;
        final double cy;
        final double radius;
        double correlation = Double.NaN;
        int samples;
        double contrast;

        final int iterations;
        final double converged;

        Level(FeaturePyramid.Level tl, FeaturePyramid.Level il, AlignModel model, boolean finest) {
            this.iterations = finest ? MAX_ITERATIONS : COARSE_ITERATIONS;
            this.converged = finest ? CONVERGED_PX : COARSE_CONVERGED_PX;
            this.tl = tl;
            this.il = il;
            this.model = model;
            this.stride = Math.max(1, (int) Math.ceil(Math.sqrt((double) tl.w * tl.h / MAX_SAMPLES)));
            this.cx = (tl.w - 1) / 2.0;
            this.cy = (tl.h - 1) / 2.0;
            this.radius = Math.max(1, Math.max(cx, cy));
        }

        /** The refined transform at this level, or null when the template has no structure. */
        SliceTransform run(SliceTransform start) {
            contrast = templateSpread();
            if (!(contrast > 1e-6)) {
                return null;
            }
            boolean similarity = model == AlignModel.SIMILARITY;
            int np = similarity ? 6 : 4;
            double m = start.m;
            double n = start.n;
            double tx = start.tx;
            double ty = start.ty;
            double[] h = new double[np * np];
            double[] g = new double[np];
            double[] j = new double[np];
            int w = tl.w;
            int hh = tl.h;
            // Borders are left out: content that entered or left the frame between two slices (replicated
            // edge pixels in a warped one) would pull the fit towards no motion.
            int margin = margin(w, hh);
            for (int it = 0; it < iterations; it++) {
                java.util.Arrays.fill(h, 0);
                java.util.Arrays.fill(g, 0);
                int count = 0;
                for (int y = margin; y < hh - margin; y += stride) {
                    double v = y - cy;
                    for (int x = margin; x < w - margin; x += stride) {
                        double u = x - cx;
                        double xs = cx + m * u - n * v + tx;
                        double ys = cy + n * u + m * v + ty;
                        if (xs < 0 || ys < 0 || xs > il.w - 1.001 || ys > il.h - 1.001) {
                            continue;
                        }
                        int x0 = (int) xs;
                        int y0 = (int) ys;
                        double fx = xs - x0;
                        double fy = ys - y0;
                        int i0 = y0 * il.w + x0;
                        double iv = bilinear(il.f, i0, il.w, fx, fy);
                        double ix = bilinear(il.gx, i0, il.w, fx, fy);
                        double iy = bilinear(il.gy, i0, il.w, fx, fy);
                        double tv = tl.f[y * w + x];
                        int k = 0;
                        if (similarity) {
                            j[k++] = (ix * u + iy * v) / radius;
                            j[k++] = (-ix * v + iy * u) / radius;
                        }
                        j[k++] = ix;
                        j[k++] = iy;
                        j[k++] = -tv;
                        j[k] = -1;
                        for (int a = 0; a < np; a++) {
                            g[a] += j[a] * iv;
                            for (int b = a; b < np; b++) {
                                h[a * np + b] += j[a] * j[b];
                            }
                        }
                        count++;
                    }
                }
                if (count < 16) {
                    return null;
                }
                for (int a = 0; a < np; a++) {
                    for (int b = 0; b < a; b++) {
                        h[a * np + b] = h[b * np + a];
                    }
                }
                // The residual is iv - gain tv - bias with gain and bias as unknowns at 0 here, so the gradient is
                // J^T iv; the solve gives the geometric step and the gain and bias (negated) in one.
                double[] d = solve(h, g, np);
                if (d == null) {
                    return null;
                }
                double dm = 0;
                double dn = 0;
                int k = 0;
                if (similarity) {
                    dm = -d[k++] / radius;
                    dn = -d[k++] / radius;
                }
                double dtx = -d[k++];
                double dty = -d[k];
                // Only the geometric part of the step is taken: gain and bias are re-solved next iteration.
                m += dm;
                n += dn;
                tx += dtx;
                ty += dty;
                samples = count;
                if (!Double.isFinite(m + n + tx + ty)) {
                    return null;
                }
                double moved = (Math.abs(dm) + Math.abs(dn)) * radius + Math.abs(dtx) + Math.abs(dty);
                if (moved < converged) {
                    break;
                }
            }
            SliceTransform out = new SliceTransform(m, n, tx, ty);
            correlation = correlation(out);
            return out;
        }

        static int margin(int w, int h) {
            return Math.max(2, (int) Math.ceil(BORDER_SHARE * Math.min(w, h)));
        }

        private double templateSpread() {
            double s = 0;
            double s2 = 0;
            int c = 0;
            for (int i = 0; i < tl.f.length; i += stride) {
                s += tl.f[i];
                s2 += (double) tl.f[i] * tl.f[i];
                c++;
            }
            double mean = s / c;
            return Math.sqrt(Math.max(0, s2 / c - mean * mean));
        }

        private double correlation(SliceTransform t) {
            double st = 0;
            double si = 0;
            double stt = 0;
            double sii = 0;
            double sti = 0;
            int c = 0;
            int margin = margin(tl.w, tl.h);
            for (int y = margin; y < tl.h - margin; y += stride) {
                for (int x = margin; x < tl.w - margin; x += stride) {
                    double xs = t.mapX(x, y, cx, cy);
                    double ys = t.mapY(x, y, cx, cy);
                    if (xs < 0 || ys < 0 || xs > il.w - 1.001 || ys > il.h - 1.001) {
                        continue;
                    }
                    int x0 = (int) xs;
                    int y0 = (int) ys;
                    double iv = bilinear(il.f, y0 * il.w + x0, il.w, xs - x0, ys - y0);
                    double tv = tl.f[y * tl.w + x];
                    st += tv;
                    si += iv;
                    stt += tv * tv;
                    sii += iv * iv;
                    sti += tv * iv;
                    c++;
                }
            }
            if (c < 16) {
                return Double.NaN;
            }
            double vt = stt - st * st / c;
            double vi = sii - si * si / c;
            return vt > 0 && vi > 0 ? (sti - st * si / c) / Math.sqrt(vt * vi) : 0;
        }
    }

    static double bilinear(float[] f, int i0, int w, double fx, double fy) {
        double a = f[i0] + fx * (f[i0 + 1] - f[i0]);
        double b = f[i0 + w] + fx * (f[i0 + w + 1] - f[i0 + w]);
        return a + fy * (b - a);
    }

    /** Solves the symmetric system {@code h d = g}; null when it is singular. */
    static double[] solve(double[] h, double[] g, int n) {
        double[] a = h.clone();
        double[] b = g.clone();
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) {
                    p = r;
                }
            }
            if (Math.abs(a[p * n + c]) < 1e-12 * Math.max(1, Math.abs(a[c * n + c]))) {
                return null;
            }
            if (p != c) {
                for (int k = 0; k < n; k++) {
                    double t = a[c * n + k];
                    a[c * n + k] = a[p * n + k];
                    a[p * n + k] = t;
                }
                double t = b[c];
                b[c] = b[p];
                b[p] = t;
            }
            for (int r = c + 1; r < n; r++) {
                double f = a[r * n + c] / a[c * n + c];
                for (int k = c; k < n; k++) {
                    a[r * n + k] -= f * a[c * n + k];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r * n + k] * x[k];
            }
            x[r] = s / a[r * n + r];
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return x;
    }
}
