package org.defocusj.psf;

/**
 * The gather renderer written as directly as the reference describes it, one PSF evaluation per
 * (pixel, neighbour), single-threaded: the yardstick for the optimised renderer in tests and benchmarks.
 */
public final class NaiveGather {

    private NaiveGather() {
    }

    public static float[][] render(Psf psf, int kernelSize, float[][] in, int w, int h, float[] radius) {
        int half = kernelSize / 2;
        float[][] out = new float[in.length][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!(radius[i] > 1)) {
                    for (int c = 0; c < in.length; c++) {
                        out[c][i] = in[c][i];
                    }
                    continue;
                }
                double[] acc = new double[in.length];
                double wsum = 0;
                for (int dy = -half; dy <= half; dy++) {
                    for (int dx = -half; dx <= half; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx < 0 || yy < 0 || xx >= w || yy >= h) {
                            continue;
                        }
                        double c = radius[yy * w + xx];
                        if (!(c > 1)) {
                            continue;
                        }
                        double g = psf.weight(dx * dx + dy * dy, c);
                        wsum += g;
                        for (int ch = 0; ch < in.length; ch++) {
                            acc[ch] += g * in[ch][yy * w + xx];
                        }
                    }
                }
                for (int ch = 0; ch < in.length; ch++) {
                    out[ch][i] = (float) (acc[ch] / wsum);
                }
            }
        }
        return out;
    }
}
