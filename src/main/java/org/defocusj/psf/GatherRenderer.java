package org.defocusj.psf;

import java.util.TreeMap;

import org.defocusj.BadInputException;

/**
 * Renders defocus by gathering, as FOSSA's training pipeline does: every output pixel averages its K x K
 * neighbourhood, each neighbour q weighted by the PSF of q's own radius c (FOSSA: power-exponential,
 * {@code g = exp(-2 ((dx^2 + dy^2) / c^2)^(p/2)) / c^2}), counted only when c > 1; out-of-image neighbours
 * are skipped, and pixels whose own radius is at most 1 are copied. Gathering leaks background colour into
 * the blurred rims of in-focus foreground objects; {@link LayeredRenderer} avoids that.
 *
 * <p>Speed: a neighbour's weight depends only on its radius and on dx^2 + dy^2, which takes few distinct
 * values in a K x K kernel (37 for K = 15). So each source pixel's weights are computed once per distinct
 * squared distance and scattered to the outputs within its PSF support (weights below 1e-9 of the centre's
 * are skipped); the sums are those of the gather, up to float rounding.
 */
public final class GatherRenderer implements DefocusRenderer {

    private final Psf psf;
    private final int kernelSize;
    private final int threads;
    /** Distinct squared distances in the kernel, their logarithms, and each offset's index among them. */
    private final double[] r2Values;
    private final double[] lnR2;
    private final int[] offsetClass;
    /** For a square extent e, how many distinct squared distances (in ascending order) it contains. */
    private final int[] classesWithin;

    /**
     * @param psf        the PSF family (FOSSA: power-exponential)
     * @param kernelSize odd neighbourhood size K >= 3 (FOSSA: 15)
     */
    public GatherRenderer(Psf psf, int kernelSize, int threads) {
        if (kernelSize < 3 || kernelSize % 2 == 0) {
            throw new BadInputException("--kernel-size: expected an odd number of at least 3, got " + kernelSize);
        }
        this.psf = psf;
        this.kernelSize = kernelSize;
        this.threads = Math.max(1, threads);
        int half = kernelSize / 2;
        TreeMap<Integer, Integer> classes = new TreeMap<>();
        for (int dy = -half; dy <= half; dy++) {
            for (int dx = -half; dx <= half; dx++) {
                classes.putIfAbsent(dx * dx + dy * dy, 0);
            }
        }
        r2Values = new double[classes.size()];
        lnR2 = new double[classes.size()];
        int k = 0;
        for (Integer r2 : classes.keySet()) {
            classes.put(r2, k);
            r2Values[k] = r2;
            lnR2[k] = r2 == 0 ? Double.NEGATIVE_INFINITY : Math.log(r2);
            k++;
        }
        classesWithin = new int[half + 1];
        for (int e = 0; e <= half; e++) {
            int n = 0;
            while (n < r2Values.length && r2Values[n] <= 2.0 * e * e) {
                n++;
            }
            classesWithin[e] = n;
        }
        offsetClass = new int[kernelSize * kernelSize];
        for (int dy = -half; dy <= half; dy++) {
            for (int dx = -half; dx <= half; dx++) {
                offsetClass[(dy + half) * kernelSize + dx + half] = classes.get(dx * dx + dy * dy);
            }
        }
    }

    public Psf psf() {
        return psf;
    }

    public int kernelSize() {
        return kernelSize;
    }

    @Override
    public float[][] render(float[][] channels, int w, int h, float[] depth, DefocusModel model, double focus) {
        return render(channels, w, h, model.radiusMap(depth, focus));
    }

    /**
     * Blurs each channel with the per-pixel radius map.
     *
     * @param channels one row-major plane per channel, each w * h
     * @param radius   PSF radius in pixels per pixel, w * h
     * @return blurred planes
     */
    public float[][] render(float[][] channels, int w, int h, float[] radius) {
        float[][] out = new float[channels.length][w * h];
        ParallelRows.run(h, threads, 8, (from, to) -> renderRows(channels, w, h, radius, out, from, to));
        return out;
    }

    /**
     * Renders output rows [y0, y1). Equivalent to gathering, computed by scattering: each source pixel with
     * radius > 1 adds its weighted value to the outputs within its PSF support (at most the kernel), so its
     * weights are computed once, small blurs touch few pixels, and the inner loops run over contiguous
     * rows (which the JIT vectorises).
     */
    private void renderRows(float[][] in, int w, int h, float[] radius, float[][] out, int y0, int y1) {
        int half = kernelSize / 2;
        int nC = in.length;
        int rows = y1 - y0;
        // One interleaved accumulator per output pixel: the weight sum, then each channel's weighted sum, so a
        // source's contribution to a pixel is one contiguous run of nC + 1 floats.
        int lanes = nC + 1;
        float[] acc = new float[rows * w * lanes];
        float[] weights = new float[r2Values.length];
        float[] kernel = new float[kernelSize * kernelSize];
        float[] value = new float[nC];
        for (int yq = Math.max(0, y0 - half); yq < Math.min(h, y1 + half); yq++) {
            for (int xq = 0; xq < w; xq++) {
                int q = yq * w + xq;
                double c = radius[q];
                if (!(c > 1)) {
                    continue;
                }
                int ext = (int) Math.min(half, Math.ceil(psf.support(c)));
                int ya = Math.max(y0, yq - ext);
                int yb = Math.min(y1 - 1, yq + ext);
                if (ya > yb) {
                    continue;
                }
                psf.weights(c, r2Values, lnR2, weights, classesWithin[ext]);
                int side = 2 * ext + 1;
                for (int dy = -ext; dy <= ext; dy++) {
                    int from = (dy + half) * kernelSize + half - ext;
                    int to = (dy + ext) * side;
                    for (int dx = 0; dx < side; dx++) {
                        kernel[to + dx] = weights[offsetClass[from + dx]];
                    }
                }
                for (int ch = 0; ch < nC; ch++) {
                    value[ch] = in[ch][q];
                }
                int xa = Math.max(0, xq - ext);
                int len = Math.min(w - 1, xq + ext) - xa + 1;
                for (int yy = ya; yy <= yb; yy++) {
                    int k = (yy - yq + ext) * side + xa - xq + ext;
                    int o = ((yy - y0) * w + xa) * lanes;
                    if (nC == 3) {
                        scatterRgb(acc, o, kernel, k, len, value[0], value[1], value[2]);
                    } else {
                        scatter(acc, o, kernel, k, len, value, lanes);
                    }
                }
            }
        }
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int o = ((y - y0) * w + x) * lanes;
                for (int ch = 0; ch < nC; ch++) {
                    out[ch][i] = radius[i] > 1 ? acc[o + 1 + ch] / acc[o] : in[ch][i];
                }
            }
        }
    }

    private static void scatterRgb(float[] acc, int o, float[] kernel, int k, int len, float r, float g, float b) {
        for (int i = 0; i < len; i++) {
            float weight = kernel[k + i];
            int a = o + 4 * i;
            acc[a] += weight;
            acc[a + 1] += weight * r;
            acc[a + 2] += weight * g;
            acc[a + 3] += weight * b;
        }
    }

    private static void scatter(float[] acc, int o, float[] kernel, int k, int len, float[] value, int lanes) {
        for (int i = 0; i < len; i++) {
            float weight = kernel[k + i];
            int a = o + lanes * i;
            acc[a] += weight;
            for (int ch = 0; ch < value.length; ch++) {
                acc[a + 1 + ch] += weight * value[ch];
            }
        }
    }
}
