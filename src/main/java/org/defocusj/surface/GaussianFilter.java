package org.defocusj.surface;

import org.defocusj.BadInputException;

/**
 * The areal Gaussian filter of ISO 16610-61 (as ISO 25178's S-filter and L-filter): weights
 * {@code s(r) = exp(-pi (r / (alpha lambda))^2)} with {@code alpha = sqrt(ln 2 / pi)}, so that a sinusoid of
 * wavelength equal to the cut-off {@code lambda} keeps half its amplitude. Separable, evaluated as a normalised
 * convolution (the weighted heights over the weights of the valid pixels), so invalid pixels and the image
 * border neither pull heights towards zero nor spread NaN; invalid pixels stay invalid. The kernel is cut at
 * 4 sigma (sigma = alpha lambda / sqrt(2 pi)), where its weight is below 4e-4 of the centre.
 */
public final class GaussianFilter {

    /** ISO 16610-61's constant. */
    public static final double ALPHA = Math.sqrt(Math.log(2) / Math.PI);

    private GaussianFilter() {
    }

    /**
     * The mean surface of {@code field} for cut-off {@code lambda} (in the xy unit): what an S-filter keeps, and
     * what an L-filter removes.
     *
     * @param parameter the id of the parameter that gave the cut-off, for messages
     */
    public static HeightField smooth(HeightField field, double lambda, String parameter) {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw BadInputException.forParameter(parameter, "cut-off " + lambda + " (expected a positive length in "
                    + field.xyUnit() + ")");
        }
        int w = field.width();
        int h = field.height();
        float[] z = field.heights();
        double[] kx = kernel(lambda / field.pixelWidth(), w);
        double[] ky = kernel(lambda / field.pixelHeight(), h);
        // Rows first: weighted heights and weights, then columns of both, then their ratio.
        double[] num = new double[w * h];
        double[] den = new double[w * h];
        double[] rowNum = new double[w];
        double[] rowDen = new double[w];
        int rx = kx.length - 1;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                float v = z[row + x];
                boolean ok = Float.isFinite(v);
                rowNum[x] = ok ? v : 0;
                rowDen[x] = ok ? 1 : 0;
            }
            for (int x = 0; x < w; x++) {
                double sn = 0;
                double sd = 0;
                int a = Math.max(0, x - rx);
                int b = Math.min(w - 1, x + rx);
                for (int t = a; t <= b; t++) {
                    double k = kx[Math.abs(t - x)];
                    sn += k * rowNum[t];
                    sd += k * rowDen[t];
                }
                num[row + x] = sn;
                den[row + x] = sd;
            }
        }
        float[] out = new float[w * h];
        double[] colNum = new double[h];
        double[] colDen = new double[h];
        int ry = ky.length - 1;
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                colNum[y] = num[y * w + x];
                colDen[y] = den[y * w + x];
            }
            for (int y = 0; y < h; y++) {
                int i = y * w + x;
                if (!Float.isFinite(z[i])) {
                    out[i] = Float.NaN;
                    continue;
                }
                double sn = 0;
                double sd = 0;
                int a = Math.max(0, y - ry);
                int b = Math.min(h - 1, y + ry);
                for (int t = a; t <= b; t++) {
                    double k = ky[Math.abs(t - y)];
                    sn += k * colNum[t];
                    sd += k * colDen[t];
                }
                out[i] = (float) (sn / sd);
            }
        }
        return field.withHeights(out);
    }

    /** The L-filtered surface: {@code field} minus its mean surface for cut-off {@code lambda}. */
    public static HeightField highPass(HeightField field, double lambda, String parameter) {
        float[] mean = smooth(field, lambda, parameter).heights();
        float[] z = field.heights();
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = Float.isFinite(z[i]) ? (float) ((double) z[i] - mean[i]) : Float.NaN;
        }
        return field.withHeights(out);
    }

    /** Half a kernel (weights at 0..r pixels) for a cut-off of {@code lambdaPx} pixels, r at most n - 1. */
    static double[] kernel(double lambdaPx, int n) {
        double sigma = ALPHA * lambdaPx / Math.sqrt(2 * Math.PI);
        int r = (int) Math.min(Math.max(1, n - 1), Math.ceil(4 * sigma));
        double[] k = new double[r + 1];
        double al = ALPHA * lambdaPx;
        for (int i = 0; i <= r; i++) {
            double q = i / al;
            k[i] = Math.exp(-Math.PI * q * q);
        }
        return k;
    }
}
