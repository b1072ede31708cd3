package org.defocusj.dff;

/**
 * Edge-aware, confidence-weighted aggregation of a raw depth-from-focus map: a weighted guided filter (He et
 * al., "Guided Image Filtering", 2013, with per-pixel data weights) whose guide is the gray value each pixel
 * has in its own sharpest slice, and whose weights are the squared raw confidences.
 *
 * <p>In every window the depth is modelled as {@code a * guide + b}, fitted by weighted least squares with
 * the ridge {@code epsilon * a^2}: confident pixels decide the fit, so speckle in weak texture (low confidence)
 * is replaced by what its textured neighbours say, and the model can change only where the guide does, so a
 * depth step stays where the image has its edge instead of spreading as far as the focus window. The models
 * of all windows covering a pixel are averaged, weighted by the confidence each window held. The residual (raw
 * depth - fit) is then fitted the same way and added back, with each raw depth's weight discounted by its misfit
 * to the first fit ({@code s^2 / (s^2 + e^2)}): confident but wrong raw depths (halo rims, stray peaks) stop
 * pulling on their neighbours, and what the first fit flattened of a curved surface returns.
 *
 * <p>The fit then replaces a raw depth only where the two disagree: each pixel becomes
 * {@code k * raw + (1 - k) * fit} with {@code k = exp(-(e / s)^2) * min(1, c / c0)}, e the raw depth's misfit,
 * s the typical slice step and c its raw confidence ({@code c0 = } {@link #KEEP_CONFIDENCE}). Raw depths within
 * a slice step of the fit are measured focus and better than any average of them: where the texture does not
 * follow the depth the guided filter is a box mean, which flattens curved surfaces (the bumps of
 * sample-stacks/surface-um lost 0.3 of 4 um), biases tilts at the image border and moves pixels off the slice
 * where they are sharpest. Speckle and halo rims are off by several steps, so there the fit stands. (The step
 * between the two slices around each pixel in place of s kept less of the boundary F1 gain on rendered scenes:
 * 0.25 against 0.31 clean on dead leaves, scripts/eval-dff-aggregation.)
 *
 * <p>Where the texture runs on evenly across a depth step, the guide has no edge there and the fit is a box mean
 * that spreads the step over its window (issue 12: sample-stacks/plane-step's step over 6 pixels, boundary F1
 * 0.06 against the raw map's 0.17). There a final step, {@link StepRestore}, puts back the raw step: a weighted
 * median of nearby raw depths where they form two tight groups more than a slice apart, both near the fit, and
 * the guide's local contrast is even (where it is not, the blur of the stronger texture makes halo rims that
 * look like steps, and the fit stands).
 *
 * <p>The result's confidence is the RMS raw confidence in the pixel's own window (how much the result there
 * rests on measured focus rather than on depth carried in from further away) times {@code s^2 / (s^2 + M)},
 * where M is the raw-confidence-weighted mean of (raw depth - fit)^2 in that window and {@code s} the
 * typical spacing of the slices: where confident raw depths disagree with the result (halo rims, ambiguous
 * peaks, occlusion edges), confidence drops.
 *
 * <p>All sums are box filters by running sums, so the cost is linear in the pixels and independent of the
 * radius; memory is a few whole-image float maps (the stack is never revisited). Every pass runs in bands of rows
 * or columns on the estimator's threads.
 */
final class GuidedRefinement {

    private GuidedRefinement() {
    }

    /**
     * Refines {@code depth} and {@code confidence} in place.
     *
     * @param guide      per-pixel guide values (any scale; non-finite ones take no part)
     * @param radius     window radius in pixels
     * @param epsilon    ridge on the slope, for a guide normalised to its 1st..99th percentile range
     * @param focus      the slices' focus distances in ascending order (same unit as depth); the result stays
     *                   within their range
     */
    static void apply(float[] depth, float[] confidence, float[] guide, int w, int h, int radius, double epsilon,
            double[] focus, Bands bands) {
        double lo = focus[0];
        double hi = focus[focus.length - 1];
        double spacing = typicalStep(focus);
        int n = w * h;
        double g1 = Percentile.of(guide, 0.01);
        double g99 = Percentile.of(guide, 0.99);
        float gScale = (float) (g99 > g1 ? 1.0 / (g99 - g1) : 1.0);
        float gOff = (float) g1;
        float[] gi = new float[n];
        float[] raw = new float[n];
        float[] prior = new float[n];
        bands.run(h, (y0, y1) -> {
            for (int i = y0 * w; i < y1 * w; i++) {
                boolean ok = Float.isFinite(depth[i]) && Float.isFinite(guide[i]);
                gi[i] = ok ? (guide[i] - gOff) * gScale : 0f;
                raw[i] = ok ? depth[i] : 0f;
                prior[i] = ok ? confidence[i] * confidence[i] : 0f;
            }
        });
        Fit fit = new Fit(w, h, radius, bands);
        float[] weight = prior.clone();
        float[] base = new float[n];
        float[] residual = new float[n];
        float s2 = (float) (spacing * spacing);
        for (int pass = 0; pass <= REWEIGHTS; pass++) {
            if (pass > 0) {
                // Raw depths the previous fit cannot explain (halo rims, stray peaks) lose their say.
                bands.run(h, (y0, y1) -> {
                    for (int i = y0 * w; i < y1 * w; i++) {
                        float e = raw[i] - fit.model[i];
                        weight[i] = prior[i] * s2 / (s2 + e * e);
                    }
                });
            }
            if (pass == 0) {
                fit.run(raw, weight, gi, w, h, (float) epsilon);
                continue;
            }
            // The re-fits filter what the previous fit left out and add it back (Tukey's twicing), rather than
            // filtering the raw depths afresh: a smooth surface's curvature, which the box-like first fit
            // flattens, comes back, while isolated misfits, weighted down, stay out.
            bands.run(h, (y0, y1) -> {
                for (int i = y0 * w; i < y1 * w; i++) {
                    base[i] = fit.model[i];
                    residual[i] = raw[i] - fit.model[i];
                }
            });
            fit.run(residual, weight, gi, w, h, (float) epsilon);
            bands.run(h, (y0, y1) -> {
                for (int i = y0 * w; i < y1 * w; i++) {
                    fit.model[i] += base[i];
                }
            });
        }
        fit.agreement(raw, prior, w, h, radius);
        // The twicing's planes are free now: one holds the guide's contrast evenness, one is scratch.
        float[] even = contrastEvenness(gi, w, h, 2 * radius, base, residual, fit.tmp, bands);
        bands.run(h, (y0, y1) -> {
            StepRestore steps = new StepRestore(raw, prior, w, h, spacing, focus);
            for (int y = y0; y < y1; y++) {
                int cy = Math.min(h - 1, y + radius) - Math.max(0, y - radius) + 1;
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (!Float.isFinite(depth[i]) || !Float.isFinite(guide[i])) {
                        // No depth, or no guide value to place the pixel on the model: left as it was.
                        continue;
                    }
                    if (!(fit.windowWeight[i] > 1e-12f)) {
                        // No confident pixel within reach: the raw depth is all there is, and it is not trusted.
                        confidence[i] = 0f;
                        continue;
                    }
                    int cx = Math.min(w - 1, x + radius) - Math.max(0, x - radius) + 1;
                    double m = fit.model[i];
                    double e = raw[i] - m;
                    m += e * Math.exp(-(e * e) / s2) * Math.min(1.0, confidence[i] / KEEP_CONFIDENCE);
                    if (Math.abs(m - raw[i]) > 0.1 * spacing && even[i] > 0f) {
                        // The blend moved the raw depth: a step the guide does not show may have been spread.
                        m += even[i] * steps.shift(x, y, fit.model[i], m);
                    }
                    depth[i] = (float) Math.max(lo, Math.min(hi, m));
                    double support = Math.sqrt(Math.min(1.0, fit.ownWeight[i] / ((double) cx * cy)));
                    confidence[i] = (float) Math.max(0, Math.min(1, support * s2 / (s2 + fit.misfit[i])));
                }
            }
        });
    }

    /**
     * How evenly textured the guide is around each pixel, 0..1, written into {@code out}: 1 where the local
     * contrast (root of the guide's gradient energy over a 5 x 5 window) varies little over the pixel's
     * {@code (2 * radius + 1)^2} window (coefficient of variation up to {@link #EVEN_CV}), falling to 0 at
     * {@link #UNEVEN_CV}. The caller takes twice the fit's radius: with the fit's own, pixels 6 to 8 px inside a
     * striped square still counted as even and got steps back from its rim (scripts/eval-dff-synth's scene 5,
     * disk f/2.8: boundary F1 0.114 against 0.122 with twice and 0.131 without the step test). Where contrast changes (an object's boundary, a textured patch beside a faint one),
     * the blur of the stronger texture lends its peak to the fainter pixels next to it, and their raw depths
     * form halo rims that the guided fit is right to override; where the texture runs on evenly, a raw depth
     * step is the scene's own.
     */
    static float[] contrastEvenness(float[] gi, int w, int h, int radius, float[] out, float[] energy, float[] tmp,
            Bands bands) {
        double[] col = new double[w];
        bands.run(h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    float gx = x + 1 < w ? gi[i + 1] - gi[i] : 0f;
                    float gy = y + 1 < h ? gi[i + w] - gi[i] : 0f;
                    energy[i] = gx * gx + gy * gy;
                }
            }
        });
        BoxSum.apply(energy, tmp, w, h, 2, col, bands);
        bands.run(h, (y0, y1) -> {
            for (int i = y0 * w; i < y1 * w; i++) {
                out[i] = (float) Math.sqrt(energy[i]);
            }
        });
        BoxSum.apply(energy, tmp, w, h, radius, col, bands);
        BoxSum.apply(out, tmp, w, h, radius, col, bands);
        bands.run(h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int cy = Math.min(h - 1, y + radius) - Math.max(0, y - radius) + 1;
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    int cx = Math.min(w - 1, x + radius) - Math.max(0, x - radius) + 1;
                    double r = out[i];
                    double cv = r > 0 ? Math.sqrt(Math.max(0, energy[i] * (double) (cx * cy) / (r * r) - 1)) : 0;
                    out[i] = (float) ramp(UNEVEN_CV - cv, UNEVEN_CV - EVEN_CV);
                }
            }
        });
        return out;
    }

    /** Coefficient of variation of the local contrast up to which the texture counts as even. */
    static final double EVEN_CV = 0.3;
    /** Coefficient of variation of the local contrast from which no raw step is restored. */
    static final double UNEVEN_CV = 0.45;

    /** {@code v / span} clamped to 0..1. */
    private static double ramp(double v, double span) {
        return Math.max(0, Math.min(1, v / span));
    }

    /**
     * Puts back a depth step of the raw map that the guided fit spread because the guide has no edge there (the
     * texture runs on across it). Around a pixel the blend moved, 25 raw depths (a 5 x 5 grid of step
     * {@link #STEP_STRIDE} centred on it), weighted by their prior and by their closeness to the pixel's fit
     * ({@code exp(-((raw - fit) / 2s)^2)}), give a weighted median: one of the raw depths, so a step comes back
     * as a one-pixel jump where the raw map has it. It is taken, scaled by the caller's contrast evenness, only
     * where the raw depths there form a step: most of the prior lies within about 2 s of the fit (not a halo rim
     * or a stray patch several steps off), their RMS confidence reaches {@link #STEP_CONFIDENCE}, the weight sits
     * in two tight groups (within s / 4 of the median and of the other side's median: not the scatter of noise
     * in weak texture), and the two groups lie at least 1.1 to 1.4 slices apart (not the one-slice terraces of a
     * smooth slope, which the fit is right to smooth).
     */
    private static final class StepRestore {
        private final float[] raw;
        private final float[] prior;
        private final int w;
        private final int h;
        private final double band;
        private final double tight;
        private final double[] focus;
        private final float[] vals;
        private final float[] wts;

        StepRestore(float[] raw, float[] prior, int w, int h, double spacing, double[] focus) {
            this.raw = raw;
            this.prior = prior;
            this.w = w;
            this.h = h;
            this.band = 2 * spacing;
            this.tight = 0.25 * spacing;
            this.focus = focus;
            int side = 2 * (STEP_RADIUS / STEP_STRIDE) + 1;
            vals = new float[side * side];
            wts = new float[side * side];
        }

        /** How much to add to {@code current} at (x, y), whose fit is {@code fit}: 0 where no step is found. */
        double shift(int x, int y, float fit, double current) {
            int k = 0;
            double all = 0;
            double near = 0;
            int count = 0;
            double inv = 1.0 / (band * band);
            for (int yy = y - STEP_RADIUS; yy <= y + STEP_RADIUS; yy += STEP_STRIDE) {
                if (yy < 0 || yy >= h) {
                    continue;
                }
                for (int xx = x - STEP_RADIUS; xx <= x + STEP_RADIUS; xx += STEP_STRIDE) {
                    if (xx < 0 || xx >= w) {
                        continue;
                    }
                    int j = yy * w + xx;
                    count++;
                    float pj = prior[j];
                    if (!(pj > 0f)) {
                        continue;
                    }
                    double e = raw[j] - fit;
                    double g = pj * Math.exp(-e * e * inv);
                    all += pj;
                    near += g;
                    // Kept sorted by depth (insertion of at most 25 values).
                    int t = k++;
                    while (t > 0 && vals[t - 1] > raw[j]) {
                        vals[t] = vals[t - 1];
                        wts[t] = wts[t - 1];
                        t--;
                    }
                    vals[t] = raw[j];
                    wts[t] = (float) g;
                }
            }
            if (k == 0 || !(near > 0)) {
                return 0;
            }
            double a = ramp(near / all - 0.3, 0.3) * Math.min(1.0, Math.sqrt(near / count) / STEP_CONFIDENCE);
            if (a <= 0) {
                return 0;
            }
            float med = median(k, near, 0, 0f);
            double below = 0;
            double above = 0;
            double mode = 0;
            for (int t = 0; t < k; t++) {
                if (vals[t] < med - tight) {
                    below += wts[t];
                } else if (vals[t] > med + tight) {
                    above += wts[t];
                } else {
                    mode += wts[t];
                }
            }
            double side = Math.max(below, above);
            if (!(side > 0)) {
                // One group only: no step in the window (the fit may be right to differ, as on a terrace).
                return 0;
            }
            float other = median(k, side, below >= above ? -1 : 1, med);
            for (int t = 0; t < k; t++) {
                if (Math.abs(vals[t] - other) <= tight && Math.abs(vals[t] - med) > tight) {
                    mode += wts[t];
                }
            }
            a *= ramp(mode / near - 0.8, 0.15);
            a *= ramp(Math.abs(sliceIndex(focus, med) - sliceIndex(focus, other)) - 1.1, 0.3);
            return a * (med - current);
        }

        /**
         * The weighted median of the first {@code k} sorted values: of all of them ({@code side} 0), or of those
         * more than {@link #tight} below ({@code side} -1) or above (+1) {@code pivot}; {@code total} is the
         * weight of those taken.
         */
        private float median(int k, double total, int side, float pivot) {
            double acc = 0;
            float last = vals[k - 1];
            for (int t = 0; t < k; t++) {
                boolean in = side == 0 || (side < 0 ? vals[t] < pivot - tight : vals[t] > pivot + tight);
                if (in) {
                    acc += wts[t];
                    last = vals[t];
                    if (acc >= total * 0.5) {
                        return vals[t];
                    }
                }
            }
            return last;
        }
    }

    /**
     * Radius of the window in which a spread raw step is looked for ({@link StepRestore}), sampled every
     * {@link #STEP_STRIDE} pixels (25 raw depths) on a grid centred on the pixel, so a straight step still
     * falls where the raw map has it. Radius 2 at stride 1 left the outer part of the fit's spread (rows 3 to 8
     * from the step) a ramp whose own first jump was an edge; radius 4 leaves only the part the blend keeps.
     */
    static final int STEP_RADIUS = 4;
    static final int STEP_STRIDE = 2;

    /**
     * Root-mean-square raw confidence (times closeness to the fit) from which a window's raw depths can restore a
     * step; below it in proportion. Under noise, weak texture's raw depths form patches a slice or two off that
     * pass the other tests: at 0.05 (the keep threshold) noisy rendered steps lost boundary F1 (0.073 to 0.068 on
     * scene 2 of scripts/eval-dff-aggregation's Gaussian set); at 0.3 they keep it.
     */
    static final double STEP_CONFIDENCE = 0.3;

    /** Fractional slice index of a depth, linear between the ascending focus distances. */
    static double sliceIndex(double[] focus, double d) {
        int n = focus.length;
        if (d <= focus[0]) {
            return 0;
        }
        if (d >= focus[n - 1]) {
            return n - 1;
        }
        int lo = 0;
        int hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (focus[mid] <= d) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double span = focus[hi] - focus[lo];
        return lo + (span > 0 ? (d - focus[lo]) / span : 0);
    }

    /** The median step between neighbouring slices (1 when all coincide). */
    static double typicalStep(double[] sorted) {
        double[] steps = new double[Math.max(1, sorted.length - 1)];
        for (int i = 1; i < sorted.length; i++) {
            steps[i - 1] = sorted[i] - sorted[i - 1];
        }
        java.util.Arrays.sort(steps);
        double s = steps[steps.length / 2];
        return s > 0 ? s : 1;
    }

    /**
     * Robust re-fits of the residual after the first fit, each with weights discounted by the previous fit's
     * misfit. One lowers abs_rel on noisy rendered stacks by 5-10 % over none (scripts/eval-dff-aggregation).
     */
    static final int REWEIGHTS = 1;

    /**
     * Raw confidence from which a raw depth that agrees with the fit is kept whole (below, in proportion): under
     * it the raw peak is mostly noise even where it happens to land near the fit.
     */
    static final double KEEP_CONFIDENCE = 0.05;

    /**
     * Grid step of the fits' window sums (He and Sun's "fast guided filter", 2015): the weighted moments are summed
     * over blocks of this many pixels square, the models fitted and averaged on that coarse grid, and the averaged
     * model, interpolated bilinearly, is applied to each pixel's own guide value, so edges stay where the
     * full-resolution guide has them while the box sums touch a quarter of the pixels. Only for radii of at least
     * twice the step (the coarse windows keep a radius of 2 or more); smaller radii fit at full resolution.
     */
    static final int SUBSAMPLE = 2;

    /** One weighted guided fit: its per-pixel model value and summed window weight, and its agreement maps. */
    private static final class Fit {
        final float[] model;
        /** After {@link #agreement}: the prior-weighted mean squared misfit in the pixel's own window. */
        final float[] misfit;
        final float[] windowWeight;

        /** After {@link #agreement}: the summed prior weight of the pixel's own window. */
        final float[] ownWeight;
        final float[] tmp;
        private final double[] col;
        /** The coarse grid: its step, width, height, radius and maps. */
        private final int step;
        private final int cw;
        private final int ch;
        private final int cr;
        private final float[] sw;
        private final float[] si;
        private final float[] sp;
        private final float[] sii;
        private final float[] sip;
        private final float[] spp;
        private final float[] ctmp;
        private final double[] ccol;
        private final Bands bands;

        Fit(int w, int h, int radius, Bands bands) {
            this.bands = bands;
            int n = w * h;
            model = new float[n];
            misfit = new float[n];
            windowWeight = new float[n];

            ownWeight = new float[n];
            tmp = new float[n];
            col = new double[w];
            step = radius >= 2 * SUBSAMPLE ? SUBSAMPLE : 1;
            cw = (w + step - 1) / step;
            ch = (h + step - 1) / step;
            cr = radius / step;
            int cn = cw * ch;
            sw = new float[cn];
            si = new float[cn];
            sp = new float[cn];
            sii = new float[cn];
            sip = new float[cn];
            spp = new float[cn];
            ctmp = new float[cn];

            ccol = new double[cw];
        }

        /**
         * Replaces {@link #misfit} by the prior-weighted mean of (raw - model)^2 over each pixel's own window, and
         * fills {@link #ownWeight}: how strongly the confident raw depths around a pixel disagree with the result,
         * whatever the re-fits made of them (a halo rim the fit discounted still shows here).
         */
        void agreement(float[] raw, float[] prior, int w, int h, int radius) {
            bands.run(h, (y0, y1) -> {
                for (int i = y0 * w; i < y1 * w; i++) {
                    float e = raw[i] - model[i];
                    ownWeight[i] = prior[i];
                    misfit[i] = prior[i] * e * e;
                }
            });
            BoxSum.apply(ownWeight, tmp, w, h, radius, col, bands);
            BoxSum.apply(misfit, tmp, w, h, radius, col, bands);
            bands.run(h, (y0, y1) -> {
                for (int i = y0 * w; i < y1 * w; i++) {
                    misfit[i] = ownWeight[i] > 1e-12f ? misfit[i] / ownWeight[i] : 0f;
                }
            });
        }

        void run(float[] p, float[] wt, float[] gi, int w, int h, float eps) {
            int s = step;
            bands.run(ch, (cy0, cy1) -> {
                for (int cy = cy0; cy < cy1; cy++) {
                    int yEnd = Math.min(h, cy * s + s);
                    for (int cx = 0; cx < cw; cx++) {
                        int xEnd = Math.min(w, cx * s + s);
                        float m0 = 0f;
                        float m1 = 0f;
                        float m2 = 0f;
                        float m3 = 0f;
                        float m4 = 0f;
                        float m5 = 0f;
                        for (int y = cy * s; y < yEnd; y++) {
                            for (int i = y * w + cx * s; i < y * w + xEnd; i++) {
                                float c = wt[i];
                                float x = gi[i];
                                float d = p[i];
                                m0 += c;
                                m1 += c * x;
                                m2 += c * d;
                                m3 += c * x * x;
                                m4 += c * x * d;
                                m5 += c * d * d;
                            }
                        }
                        int j = cy * cw + cx;
                        sw[j] = m0;
                        si[j] = m1;
                        sp[j] = m2;
                        sii[j] = m3;
                        sip[j] = m4;
                        spp[j] = m5;
                    }
                }
            });
            for (float[] m : new float[][] {sw, si, sp, sii, sip, spp}) {
                BoxSum.apply(m, ctmp, cw, ch, cr, ccol, bands);
            }
            // Per window: the model (a, b), each times the window's weight, so that the second box filter gives
            // weight-averaged models. sw stays the window weight.
            bands.run(ch, (cy0, cy1) -> {
                for (int j = cy0 * cw; j < cy1 * cw; j++) {
                    float s0 = sw[j];
                    if (!(s0 > 1e-12f)) {
                        sw[j] = 0f;
                        si[j] = 0f;
                        sp[j] = 0f;
                        continue;
                    }
                    float mI = si[j] / s0;
                    float mp = sp[j] / s0;
                    float vI = Math.max(0f, sii[j] / s0 - mI * mI);
                    float cIp = sip[j] / s0 - mI * mp;
                    float a = cIp / (vI + eps);
                    float b = mp - a * mI;
                    si[j] = s0 * a;
                    sp[j] = s0 * b;
                }
            });
            BoxSum.apply(sw, ctmp, cw, ch, cr, ccol, bands);
            BoxSum.apply(si, ctmp, cw, ch, cr, ccol, bands);
            BoxSum.apply(sp, ctmp, cw, ch, cr, ccol, bands);
            // Back to pixels: the weighted sums interpolated between the centres of the coarse cells around the
            // pixel (at step 1, the pixel's own), their ratio the averaged model. Bilinear is separable: each
            // band blends two coarse rows once per row, then each pixel two neighbours of that row.
            float half = (s - 1) * 0.5f;
            int[] left = new int[w];
            float[] frac = new float[w];
            for (int x = 0; x < w; x++) {
                float fx = Math.max(0f, (x - half) / s);
                left[x] = Math.min(cw - 1, (int) fx);
                frac[x] = Math.min(1f, fx - (int) fx);
            }
            bands.run(h, (y0, y1) -> {
                float[] rw = new float[cw];
                float[] ri = new float[cw];
                float[] rp = new float[cw];

                for (int y = y0; y < y1; y++) {
                    float fy = Math.max(0f, (y - half) / s);
                    int ya = Math.min(ch - 1, (int) fy) * cw;
                    int yb = Math.min(ch - 1, (int) fy + 1) * cw;
                    float ty = Math.min(1f, fy - (int) fy);
                    for (int c = 0; c < cw; c++) {
                        rw[c] = sw[ya + c] + ty * (sw[yb + c] - sw[ya + c]);
                        ri[c] = si[ya + c] + ty * (si[yb + c] - si[ya + c]);
                        rp[c] = sp[ya + c] + ty * (sp[yb + c] - sp[ya + c]);
                    }
                    for (int x = 0; x < w; x++) {
                        int xa = left[x];
                        int xb = Math.min(cw - 1, xa + 1);
                        float tx = frac[x];
                        float s0 = rw[xa] + tx * (rw[xb] - rw[xa]);
                        int i = y * w + x;
                        windowWeight[i] = s0;

                        if (s0 > 1e-12f) {
                            model[i] = ((ri[xa] + tx * (ri[xb] - ri[xa])) * gi[i] + rp[xa] + tx * (rp[xb] - rp[xa]))
                                    / s0;
                        } else {
                            model[i] = p[i];
                        }
                    }
                }
            });
        }
    }
}
