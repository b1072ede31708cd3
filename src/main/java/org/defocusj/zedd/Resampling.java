package org.defocusj.zedd;

/**
 * The three resamplings the ZEDD protocol needs, on row-major single-channel planes:
 * <ul>
 * <li>{@link #lanczos8bit}: Lanczos-3 with the semantics of Pillow's {@code Image.resize(..., LANCZOS)}, which
 * the reference applies to the 8-bit focus images: a separable filter whose support widens with the
 * reduction factor (antialiasing), evaluated at pixel centres, weights normalised to sum 1, the horizontal
 * pass first, and each pass rounded and clamped to 0..255 as Pillow stores 8-bit intermediates.</li>
 * <li>{@link #nearest}: nearest neighbour as Pillow samples it (source pixel {@code floor((x + 0.5) * in / out)},
 * the coordinate accumulated in steps of {@code in / out}),
 * used for the ground truth so that depth is never blended across edges.</li>
 * <li>{@link #bilinear}: bilinear with pixel centres aligned ({@code align_corners=False}), used to bring a
 * prediction to the test server's 1216 x 1824 when it was computed at another size.</li>
 * </ul>
 */
public final class Resampling {

    /** Lanczos-3: the filter's half-width in (output-scaled) pixels. */
    static final double LANCZOS_SUPPORT = 3;

    private Resampling() {
    }

    /** Lanczos-3 resize of an 8-bit plane (values 0..255), rounded to integers after each pass. */
    public static float[] lanczos8bit(float[] src, int w, int h, int outW, int outH) {
        return lanczos(src, w, h, outW, outH, true);
    }

    /**
     * Lanczos-3 resize; with {@code quantise} every pass is rounded half up and clamped to 0..255 (8-bit
     * images), otherwise values are kept exact (for tests of the filter itself).
     */
    static float[] lanczos(float[] src, int w, int h, int outW, int outH, boolean quantise) {
        if (src.length != (long) w * h || outW < 1 || outH < 1) {
            throw new IllegalArgumentException(w + "x" + h + " -> " + outW + "x" + outH);
        }
        float[] horizontal = src;
        if (outW != w) {
            Coefficients cx = Coefficients.lanczos(w, outW);
            horizontal = new float[outW * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < outW; x++) {
                    double s = 0;
                    double[] k = cx.weights[x];
                    int base = y * w + cx.first[x];
                    for (int t = 0; t < k.length; t++) {
                        s += k[t] * src[base + t];
                    }
                    horizontal[y * outW + x] = store(s, quantise);
                }
            }
        }
        if (outH == h) {
            return horizontal;
        }
        Coefficients cy = Coefficients.lanczos(h, outH);
        float[] out = new float[outW * outH];
        double[] row = new double[outW];
        for (int y = 0; y < outH; y++) {
            java.util.Arrays.fill(row, 0);
            double[] k = cy.weights[y];
            for (int t = 0; t < k.length; t++) {
                int base = (cy.first[y] + t) * outW;
                double kt = k[t];
                for (int x = 0; x < outW; x++) {
                    row[x] += kt * horizontal[base + x];
                }
            }
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = store(row[x], quantise);
            }
        }
        return out;
    }

    private static float store(double v, boolean quantise) {
        if (!quantise) {
            return (float) v;
        }
        double r = Math.floor(v + 0.5);
        return (float) (r < 0 ? 0 : r > 255 ? 255 : r);
    }

    /** The normalised Lanczos-3 taps of every output sample along one axis. */
    static final class Coefficients {
        final int[] first;
        final double[][] weights;

        private Coefficients(int[] first, double[][] weights) {
            this.first = first;
            this.weights = weights;
        }

        static Coefficients lanczos(int in, int out) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1);
            double support = LANCZOS_SUPPORT * filterScale;
            int[] first = new int[out];
            double[][] weights = new double[out][];
            for (int o = 0; o < out; o++) {
                double centre = (o + 0.5) * scale;
                // Truncation toward zero, then clamping, as the reference implementation computes the window.
                int lo = Math.max(0, (int) (centre - support + 0.5));
                int hi = Math.min(in, (int) (centre + support + 0.5));
                double[] k = new double[Math.max(0, hi - lo)];
                double sum = 0;
                for (int i = 0; i < k.length; i++) {
                    k[i] = lanczos3((lo + i - centre + 0.5) / filterScale);
                    sum += k[i];
                }
                if (sum != 0) {
                    for (int i = 0; i < k.length; i++) {
                        k[i] /= sum;
                    }
                }
                first[o] = lo;
                weights[o] = k;
            }
            return new Coefficients(first, weights);
        }
    }

    /** The Lanczos-3 kernel sinc(x) sinc(x / 3) on [-3, 3), 0 outside. */
    static double lanczos3(double x) {
        if (x < -LANCZOS_SUPPORT || x >= LANCZOS_SUPPORT) {
            return 0;
        }
        return sinc(x) * sinc(x / LANCZOS_SUPPORT);
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Nearest-neighbour resize: output pixel x takes source pixel {@code floor((x + 0.5) * in / out)}. */
    public static float[] nearest(float[] src, int w, int h, int outW, int outH) {
        int[] sx = nearestIndex(w, outW);
        int[] sy = nearestIndex(h, outH);
        float[] out = new float[outW * outH];
        for (int y = 0; y < outH; y++) {
            int row = sy[y] * w;
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = src[row + sx[x]];
            }
        }
        return out;
    }

    private static int[] nearestIndex(int in, int out) {
        double scale = (double) in / out;
        int[] idx = new int[out];
        // The coordinate is accumulated step by step, as the reference does: (o + 0.5) * scale computed directly
        // can round to the other side of an integer and pick the neighbouring row.
        double at = 0.5 * scale;
        for (int o = 0; o < out; o++) {
            idx[o] = Math.min(in - 1, (int) at);
            at += scale;
        }
        return idx;
    }

    /**
     * Bilinear resize with pixel centres aligned: output pixel x samples source coordinate
     * {@code (x + 0.5) * in / out - 0.5}, clamped to the image.
     */
    public static float[] bilinear(float[] src, int w, int h, int outW, int outH) {
        int[] x0 = new int[outW];
        float[] fx = new float[outW];
        axis(w, outW, x0, fx);
        int[] y0 = new int[outH];
        float[] fy = new float[outH];
        axis(h, outH, y0, fy);
        float[] out = new float[outW * outH];
        for (int y = 0; y < outH; y++) {
            int r0 = y0[y] * w;
            int r1 = Math.min(y0[y] + 1, h - 1) * w;
            float b = fy[y];
            for (int x = 0; x < outW; x++) {
                int c0 = x0[x];
                int c1 = Math.min(c0 + 1, w - 1);
                float a = fx[x];
                float top = src[r0 + c0] + a * (src[r0 + c1] - src[r0 + c0]);
                float bottom = src[r1 + c0] + a * (src[r1 + c1] - src[r1 + c0]);
                out[y * outW + x] = top + b * (bottom - top);
            }
        }
        return out;
    }

    private static void axis(int in, int out, int[] index, float[] frac) {
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double s = Math.max(0, Math.min(in - 1, (o + 0.5) * scale - 0.5));
            int i = Math.min((int) s, in - 1);
            index[o] = i;
            frac[o] = (float) (s - i);
        }
    }
}
