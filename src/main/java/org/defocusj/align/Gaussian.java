package org.defocusj.align;

/** Separable Gaussian blur with edge replication. */
final class Gaussian {

    private Gaussian() {
    }

    static float[] blur(float[] img, int w, int h, double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                if (x == r && w - r > r) {
                    // Away from the borders no tap needs clamping: tap by tap over the row, a loop the JIT
                    // vectorizes, summing in the same order as the clamped loop.
                    for (int i = -r; i <= r; i++) {
                        float kk = k[i + r];
                        int from = row + i;
                        for (int xx = r; xx < w - r; xx++) {
                            tmp[row + xx] += kk * img[from + xx];
                        }
                    }
                    x = w - r;
                    if (x >= w) {
                        break;
                    }
                }
                float acc = 0;
                for (int i = -r; i <= r; i++) {
                    int xx = Math.min(w - 1, Math.max(0, x + i));
                    acc += k[i + r] * img[row + xx];
                }
                tmp[row + x] = acc;
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int i = -r; i <= r; i++) {
                int yy = Math.min(h - 1, Math.max(0, y + i)) * w;
                float kk = k[i + r];
                int row = y * w;
                for (int x = 0; x < w; x++) {
                    out[row + x] += kk * tmp[yy + x];
                }
            }
        }
        return out;
    }
}
