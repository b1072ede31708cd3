package org.defocusj.psf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.defocusj.BadInputException;

/**
 * Renders defocus by gathering, as FOSSA's training pipeline does: every output pixel averages its K x K
 * neighbourhood, each neighbour q weighted by the power-exponential PSF of q's own radius c,
 * {@code g = exp(-2 ((dx^2 + dy^2) / c^2)^(p/2)) / c^2}, counted only when c > 1; out-of-image neighbours
 * are skipped, and pixels whose own radius is at most 1 are copied. p = 2 is a Gaussian; large p tends to
 * a uniform disk.
 */
public final class GatherRenderer {

    private final double shape;
    private final int kernelSize;
    private final int threads;

    /**
     * @param shape      power-exponential shape p (> 0)
     * @param kernelSize odd neighbourhood size K >= 3 (FOSSA: 15)
     */
    public GatherRenderer(double shape, int kernelSize, int threads) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new BadInputException("--p: expected a positive PSF shape, got " + shape);
        }
        if (kernelSize < 3 || kernelSize % 2 == 0) {
            throw new BadInputException("--kernel-size: expected an odd number of at least 3, got " + kernelSize);
        }
        this.shape = shape;
        this.kernelSize = kernelSize;
        this.threads = Math.max(1, threads);
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
        int rowsPerTask = Math.max(1, h / (threads * 4));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int y0 = 0; y0 < h; y0 += rowsPerTask) {
                int from = y0;
                int to = Math.min(h, y0 + rowsPerTask);
                futures.add(pool.submit(() -> renderRows(channels, w, h, radius, out, from, to)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private void renderRows(float[][] in, int w, int h, float[] radius, float[][] out, int y0, int y1) {
        int half = kernelSize / 2;
        int nC = in.length;
        double[] acc = new double[nC];
        double halfP = shape / 2;
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
                for (int dy = -half; dy <= half; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) {
                        continue;
                    }
                    for (int dx = -half; dx <= half; dx++) {
                        int xx = x + dx;
                        if (xx < 0 || xx >= w) {
                            continue;
                        }
                        int q = yy * w + xx;
                        double c = radius[q];
                        if (!(c > 1)) {
                            continue;
                        }
                        double c2 = c * c;
                        double d2 = (dx * dx + dy * dy) / c2;
                        double g = Math.exp(-2 * (halfP == 1 ? d2 : Math.pow(d2, halfP))) / c2;
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
