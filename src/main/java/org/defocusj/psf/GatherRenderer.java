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
 * squared distance, for the band of rows a worker renders, and the gather reads them from that table.
 */
public final class GatherRenderer implements DefocusRenderer {

    private final Psf psf;
    private final int kernelSize;
    private final int threads;
    /** Distinct squared distances in the kernel, their logarithms, and each offset's index among them. */
    private final double[] r2Values;
    private final double[] lnR2;
    private final int[] offsetClass;

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

    private void renderRows(float[][] in, int w, int h, float[] radius, float[][] out, int y0, int y1) {
        int half = kernelSize / 2;
        int nC = in.length;
        int classes = r2Values.length;
        int top = Math.max(0, y0 - half);
        int bottom = Math.min(h, y1 + half);
        // Weight table of every source pixel the band reads: classes floats per pixel, NaN-free;
        // a source with radius <= 1 gets no table and is skipped below.
        float[] table = new float[(bottom - top) * w * classes];
        float[] scratch = new float[classes];
        for (int y = top; y < bottom; y++) {
            for (int x = 0; x < w; x++) {
                double c = radius[y * w + x];
                if (c > 1) {
                    psf.weights(c, r2Values, lnR2, scratch);
                    System.arraycopy(scratch, 0, table, ((y - top) * w + x) * classes, classes);
                }
            }
        }
        double[] acc = new double[nC];
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!(radius[i] > 1)) {
                    for (int c = 0; c < nC; c++) {
                        out[c][i] = in[c][i];
                    }
                    continue;
                }
                java.util.Arrays.fill(acc, 0);
                double wsum = 0;
                int yStart = Math.max(0, y - half);
                int yEnd = Math.min(h - 1, y + half);
                int xStart = Math.max(0, x - half);
                int xEnd = Math.min(w - 1, x + half);
                for (int yy = yStart; yy <= yEnd; yy++) {
                    int krow = (yy - y + half) * kernelSize - x + half;
                    int trow = (yy - top) * w;
                    for (int xx = xStart; xx <= xEnd; xx++) {
                        int q = yy * w + xx;
                        if (!(radius[q] > 1)) {
                            continue;
                        }
                        double g = table[(trow + xx) * classes + offsetClass[krow + xx]];
                        wsum += g;
                        for (int ch = 0; ch < nC; ch++) {
                            acc[ch] += g * in[ch][q];
                        }
                    }
                }
                for (int c = 0; c < nC; c++) {
                    out[c][i] = (float) (acc[c] / wsum);
                }
            }
        }
    }
}
