package org.defocusj.surface;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.defocusj.BadInputException;
import org.defocusj.depth.Workers;
import org.defocusj.param.Keyed;
import org.defocusj.param.Keys;

/**
 * Form removal (ISO 25178's F-operation): the least-squares plane or polynomial of order 1 to 3 through the
 * valid heights, weighted by confidence, subtracted from the surface.
 *
 * <p>The fit is made in centred, scaled coordinates {@code u = (X - Xc) / s}, {@code v = (Y - Yc) / s} (X, Y
 * the pixel centre in the xy unit, Xc, Yc the image centre, s half the larger side), where the monomials up
 * to order 3 are of comparable size, so the normal equations stay well conditioned and a Cholesky solve in
 * double precision is exact to rounding; the fitted form is reported in real units ({@link FittedForm}).
 */
public final class FormRemoval {

    /** What is removed: nothing, a plane (order 1) or a polynomial of order 2 or 3. */
    public enum Level implements Keyed {
        NONE(0), PLANE(1), POLY2(2), POLY3(3);

        private final int order;

        Level(int order) {
            this.order = order;
        }

        /** The polynomial order, 0 for none. */
        public int order() {
            return order;
        }

        /** A level from its key ({@code none, plane, poly2, poly3}; {@code poly1} is the plane). */
        public static Level parse(String key) {
            return Keys.parse(Level.class, key, SurfaceSettings.LEVEL.id(), "form removal");
        }
    }

    /** Highest polynomial order supported. */
    public static final int MAX_ORDER = 3;

    /** Bands of rows the fit sums apart (a fixed count, not one per thread, so that the sums never change). */
    static final int BANDS = 64;

    private FormRemoval() {
    }

    /** Exponents (i of u, j of v) of the monomials of order up to {@code order}, by total degree. */
    static int[][] terms(int order) {
        List<int[]> t = new ArrayList<>();
        for (int d = 0; d <= order; d++) {
            for (int j = 0; j <= d; j++) {
                t.add(new int[] {d - j, j});
            }
        }
        return t.toArray(new int[0][]);
    }

    /**
     * The least-squares form of {@code field}'s valid heights, on one thread per processor.
     *
     * @see #fit(HeightField, float[], Level, int)
     */
    public static FittedForm fit(HeightField field, float[] weights, Level level) {
        return fit(field, weights, level, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The least-squares form of {@code field}'s valid heights. The normal equations are built from the weighted
     * moments {@code sum w u^k v^l} (k + l up to twice the order) and {@code sum w u^k v^l z}: per row only the
     * powers of u are summed (a running product, a few multiply-adds a pixel), and each row's sums are scaled
     * by the powers of its v once. Rows are summed in {@value #BANDS} fixed bands, in parallel, and the bands'
     * sums added in band order, so the form is the same to the last bit on any number of threads.
     *
     * @param weights per-pixel weights (confidence), or null for equal weights; pixels with weight 0 or NaN are
     *                left out
     * @param level   what to fit; {@link Level#NONE} gives a form that is zero everywhere
     * @param threads how many threads sum the bands (1: the caller's)
     * @throws BadInputException when too few pixels are valid to fit the form
     */
    public static FittedForm fit(HeightField field, float[] weights, Level level, int threads) {
        int order = level.order();
        int[][] terms = terms(order);
        double scale = 0.5 * Math.max(field.width() * field.pixelWidth(), field.height() * field.pixelHeight());
        double cx = 0.5 * (field.width() - 1) * field.pixelWidth();
        double cy = 0.5 * (field.height() - 1) * field.pixelHeight();
        if (order == 0) {
            return new FittedForm(level, terms, new double[0], cx, cy, scale, field);
        }
        int m = terms.length;
        float[] z = field.heights();
        int w = field.width();
        int rows = field.height();
        double[] us = new double[w];
        for (int x = 0; x < w; x++) {
            us[x] = coordinate(x, field.pixelWidth(), cx, scale);
        }
        // Heights are fitted relative to a valid one, so a large offset does not cost precision in the sums.
        double offset = firstValid(z, weights);
        int bands = Math.min(BANDS, rows);
        Moments[] parts = new Moments[bands];
        Workers.forBands(threads, bands, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                parts[b] = new Moments(order);
                for (int y = bandStart(b, bands, rows), end = bandStart(b + 1, bands, rows); y < end; y++) {
                    parts[b].addRow(z, weights, y * w, us, offset, coordinate(y, field.pixelHeight(), cy, scale));
                }
            }
        }, "form removal");
        Moments all = new Moments(order);
        for (Moments p : parts) {
            all.add(p);
        }
        if (all.used < m) {
            throw new BadInputException("the height map has " + all.used + " valid pixel(s) with positive weight "
                    + "(expected at least " + m + " to fit " + describe(level) + ")");
        }
        double[] ata = new double[m * m];
        double[] atz = new double[m];
        for (int a = 0; a < m; a++) {
            atz[a] = all.zm[terms[a][0]][terms[a][1]];
            for (int b = 0; b <= a; b++) {
                ata[a * m + b] = all.wm[terms[a][0] + terms[b][0]][terms[a][1] + terms[b][1]];
            }
        }
        double[] c = solveSymmetric(ata, atz, m);
        if (c == null) {
            throw new BadInputException("the valid pixels of the height map do not determine " + describe(level)
                    + " (they lie on a line or curve; expected a spread of valid pixels, or a lower "
                    + BadInputException.ref("level") + ")");
        }
        c[0] += offset;
        return new FittedForm(level, terms, c, cx, cy, scale, field);
    }

    /** The scaled coordinate of pixel {@code index}: its centre in the xy unit from the image centre, over the scale. */
    static double coordinate(double index, double pixel, double centre, double scale) {
        return (index * pixel - centre) / scale;
    }

    private static int bandStart(int band, int bands, int rows) {
        return (int) ((long) band * rows / bands);
    }

    private static boolean used(float z, double weight) {
        return Float.isFinite(z) && weight > 0;
    }

    /** The first used height in pixel order, NaN when there is none. */
    private static double firstValid(float[] z, float[] weights) {
        for (int i = 0; i < z.length; i++) {
            if (used(z[i], weights == null ? 1 : weights[i])) {
                return z[i];
            }
        }
        return Double.NaN;
    }

    /**
     * Weighted moments of the used pixels of some rows: {@code wm[k][l] = sum w u^k v^l} for k + l up to twice
     * the order, {@code zm[k][l] = sum w u^k v^l (z - offset)} for k + l up to the order.
     */
    private static final class Moments {
        final int order;
        final double[][] wm;
        final double[][] zm;
        final double[] rowW;
        final double[] rowZ;
        long used;

        Moments(int order) {
            this.order = order;
            wm = new double[2 * order + 1][2 * order + 1];
            zm = new double[order + 1][order + 1];
            rowW = new double[2 * order + 1];
            rowZ = new double[order + 1];
        }

        /** Adds the row of pixels from {@code start}, whose scaled y coordinate is {@code v}. */
        void addRow(float[] z, float[] weights, int start, double[] us, double offset, double v) {
            int top = 2 * order;
            Arrays.fill(rowW, 0);
            Arrays.fill(rowZ, 0);
            long n = 0;
            for (int x = 0; x < us.length; x++) {
                float zi = z[start + x];
                double wi = weights == null ? 1 : weights[start + x];
                if (!used(zi, wi)) {
                    continue;
                }
                double u = us[x];
                double p = wi;
                double q = wi * (zi - offset);
                rowW[0] += p;
                rowZ[0] += q;
                for (int k = 1; k <= order; k++) {
                    p *= u;
                    q *= u;
                    rowW[k] += p;
                    rowZ[k] += q;
                }
                for (int k = order + 1; k <= top; k++) {
                    p *= u;
                    rowW[k] += p;
                }
                n++;
            }
            if (n == 0) {
                return;
            }
            used += n;
            double vl = 1;
            for (int l = 0; l <= top; l++) {
                for (int k = 0; k + l <= top; k++) {
                    wm[k][l] += vl * rowW[k];
                }
                for (int k = 0; k + l <= order; k++) {
                    zm[k][l] += vl * rowZ[k];
                }
                vl *= v;
            }
        }

        void add(Moments other) {
            used += other.used;
            for (int k = 0; k < wm.length; k++) {
                for (int l = 0; l < wm[k].length; l++) {
                    wm[k][l] += other.wm[k][l];
                }
            }
            for (int k = 0; k < zm.length; k++) {
                for (int l = 0; l < zm[k].length; l++) {
                    zm[k][l] += other.zm[k][l];
                }
            }
        }
    }

    private static String describe(Level level) {
        return level == Level.PLANE ? "a plane" : "a polynomial of order " + level.order();
    }

    /**
     * Solves A c = r for a symmetric positive definite A given by its lower triangle (Cholesky); null when A
     * is singular to working precision.
     */
    static double[] solveSymmetric(double[] a, double[] r, int m) {
        double[] l = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * m + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * m + k] * l[j * m + k];
                }
                if (i == j) {
                    // Relative to the diagonal, a pivot this small means the monomials are dependent on the data.
                    if (!(s > 1e-12 * Math.abs(a[i * m + i])) || a[i * m + i] == 0) {
                        return null;
                    }
                    l[i * m + i] = Math.sqrt(s);
                } else {
                    l[i * m + j] = s / l[j * m + j];
                }
            }
        }
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double s = r[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * m + k] * y[k];
            }
            y[i] = s / l[i * m + i];
        }
        double[] c = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < m; k++) {
                s -= l[k * m + i] * c[k];
            }
            c[i] = s / l[i * m + i];
        }
        return c;
    }
}
