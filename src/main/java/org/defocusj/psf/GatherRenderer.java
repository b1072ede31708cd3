package org.defocusj.psf;

import java.util.Arrays;
import java.util.TreeMap;

import org.defocusj.BadInputException;
import org.defocusj.depth.Workers;

/**
 * Renders defocus by gathering, as FOSSA's training pipeline does: every output pixel averages its K x K
 * neighbourhood, each neighbour q weighted by the PSF of q's own radius c (FOSSA: power-exponential,
 * {@code g = exp(-2 ((dx^2 + dy^2) / c^2)^(p/2)) / c^2}), counted only when c > 1; out-of-image neighbours
 * are skipped, and pixels whose own radius is at most 1 are copied. Gathering leaks background colour into
 * the blurred rims of in-focus foreground objects; {@link LayeredRenderer} avoids that.
 *
 * <p>Speed: a neighbour's weight depends only on its radius and on dx^2 + dy^2, which takes few distinct
 * values in a K x K kernel (37 for K = 15). So each source pixel's weights are computed once per distinct
 * squared distance within its PSF support (a disk: beyond it the weight is below 1e-9 of the centre's, and is
 * left out; the square's corners hold about half the distinct distances) and scattered to the outputs in that
 * disk; the sums are those of the gather, up to float rounding and those left-out weights.
 */
public final class GatherRenderer implements DefocusRenderer {

    private final Psf psf;
    private final int kernelSize;
    private final int threads;
    /** Distinct squared distances in the kernel, their logarithms, and each offset's index among them. */
    private final double[] r2Values;
    private final Psf.Table table;
    private final int[] offsetClass;
    /** For a square extent e, how many distinct squared distances (in ascending order) it contains. */
    private final int[] classesWithin;
    /** floor(sqrt(n)) for every squared distance n of the kernel: a row's half-width inside a disk. */
    private final int[] isqrt;

    /**
     * @param psf        the PSF family (FOSSA: power-exponential)
     * @param kernelSize odd neighbourhood size K >= 3 (FOSSA: 15)
     */
    public GatherRenderer(Psf psf, int kernelSize, int threads) {
        if (kernelSize < 3 || kernelSize % 2 == 0) {
            throw BadInputException.forParameter("kernel-size",
                    "expected an odd number of at least 3, got " + kernelSize);
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
        int k = 0;
        for (Integer r2 : classes.keySet()) {
            classes.put(r2, k);
            r2Values[k] = r2;
            k++;
        }
        table = psf.table(r2Values);
        classesWithin = new int[half + 1];
        for (int e = 0; e <= half; e++) {
            int n = 0;
            while (n < r2Values.length && r2Values[n] <= 2.0 * e * e) {
                n++;
            }
            classesWithin[e] = n;
        }
        isqrt = new int[2 * half * half + 1];
        for (int n = 0, r = 0; n < isqrt.length; n++) {
            while ((r + 1) * (r + 1) <= n) {
                r++;
            }
            isqrt[n] = r;
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
        Workers.forBands(threads, h, 8, (from, to) -> renderRows(channels, w, h, radius, out, from, to), "defocusj render");
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
        float[] value = new float[nC];
        for (int yq = Math.max(0, y0 - half); yq < Math.min(h, y1 + half); yq++) {
            for (int xq = 0; xq < w; xq++) {
                int q = yq * w + xq;
                double c = radius[q];
                if (!(c > 1)) {
                    continue;
                }
                double support = psf.support(c);
                int ext = (int) Math.min(half, Math.ceil(support));
                int ya = Math.max(y0, yq - ext);
                int yb = Math.min(y1 - 1, yq + ext);
                if (ya > yb) {
                    continue;
                }
                double reach2 = support * support;
                // Offsets are integers: dx^2 + dy^2 <= reach2 exactly when it is <= floor(reach2).
                int reach = (int) Math.min(2 * ext * ext, Math.floor(reach2));
                int classes = classesWithin[ext];
                int used = Math.min(classes, classesUpTo(reach));
                psf.weights(c, table, weights, used);
                Arrays.fill(weights, used, classes, 0f);
                for (int ch = 0; ch < nC; ch++) {
                    value[ch] = in[ch][q];
                }
                for (int yy = ya; yy <= yb; yy++) {
                    int dy = yy - yq;
                    int across2 = reach - dy * dy;
                    if (across2 < 0) {
                        continue; // the row misses the support disk
                    }
                    int hx = Math.min(ext, isqrt[across2]);
                    int xa = Math.max(0, xq - hx);
                    int len = Math.min(w - 1, xq + hx) - xa + 1;
                    // The weights of this row's offsets, read through their distance classes as they are added.
                    int k = (dy + half) * kernelSize + xa - xq + half;
                    int o = ((yy - y0) * w + xa) * lanes;
                    if (nC == 3) {
                        scatterRgb(acc, o, weights, offsetClass, k, len, value[0], value[1], value[2]);
                    } else {
                        scatter(acc, o, weights, offsetClass, k, len, value, lanes);
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

    /** How many distinct squared distances are at most {@code r2} (they are sorted). */
    private int classesUpTo(double r2) {
        int i = Arrays.binarySearch(r2Values, r2);
        return i >= 0 ? i + 1 : -i - 1;
    }

    private static void scatterRgb(float[] acc, int o, float[] weights, int[] cls, int k, int len, float r, float g,
            float b) {
        for (int i = 0; i < len; i++) {
            float weight = weights[cls[k + i]];
            int a = o + 4 * i;
            acc[a] += weight;
            acc[a + 1] += weight * r;
            acc[a + 2] += weight * g;
            acc[a + 3] += weight * b;
        }
    }

    private static void scatter(float[] acc, int o, float[] weights, int[] cls, int k, int len, float[] value,
            int lanes) {
        for (int i = 0; i < len; i++) {
            float weight = weights[cls[k + i]];
            int a = o + lanes * i;
            acc[a] += weight;
            for (int ch = 0; ch < value.length; ch++) {
                acc[a + 1 + ch] += weight * value[ch];
            }
        }
    }
}
