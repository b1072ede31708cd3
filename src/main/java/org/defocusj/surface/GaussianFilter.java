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
        double[] lineNum = new double[Math.max(w, h)];
        double[] lineDen = new double[Math.max(w, h)];
        double[] sumNum = new double[Math.max(w, h)];
        double[] sumDen = new double[Math.max(w, h)];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                float v = z[row + x];
                boolean ok = Float.isFinite(v);
                lineNum[x] = ok ? v : 0;
                lineDen[x] = ok ? 1 : 0;
            }
            convolve(kx, lineNum, lineDen, w, sumNum, sumDen);
            System.arraycopy(sumNum, 0, num, row, w);
            System.arraycopy(sumDen, 0, den, row, w);
        }
        float[] out = new float[w * h];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                lineNum[y] = num[y * w + x];
                lineDen[y] = den[y * w + x];
            }
            convolve(ky, lineNum, lineDen, h, sumNum, sumDen);
            for (int y = 0; y < h; y++) {
                int i = y * w + x;
                out[i] = Float.isFinite(z[i]) ? (float) (sumNum[y] / sumDen[y]) : Float.NaN;
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

    /** The symmetric half-kernel {@code k} over the first {@code n} values of two lines, cut at the ends. */
    private static void convolve(double[] k, double[] num, double[] den, int n, double[] outNum, double[] outDen) {
        int r = k.length - 1;
        for (int i = 0; i < n; i++) {
            double sn = 0;
            double sd = 0;
            for (int t = Math.max(0, i - r), end = Math.min(n - 1, i + r); t <= end; t++) {
                double kt = k[Math.abs(t - i)];
                sn += kt * num[t];
                sd += kt * den[t];
            }
            outNum[i] = sn;
            outDen[i] = sd;
        }
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
