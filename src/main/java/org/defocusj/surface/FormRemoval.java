package org.defocusj.surface;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.defocusj.BadInputException;

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
    public enum Level {
        NONE(0), PLANE(1), POLY2(2), POLY3(3);

        private final int order;

        Level(int order) {
            this.order = order;
        }

        /** The polynomial order, 0 for none. */
        public int order() {
            return order;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A level from its key ({@code none, plane, poly2, poly3}; {@code poly1} is the plane). */
        public static Level parse(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    /** Highest polynomial order supported. */
    public static final int MAX_ORDER = 3;

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
     * The least-squares form of {@code field}'s valid heights.
     *
     * @param weights per-pixel weights (confidence), or null for equal weights; pixels with weight 0 or NaN are
     *                left out
     * @param level   what to fit; {@link Level#NONE} gives a form that is zero everywhere
     * @throws BadInputException when too few pixels are valid to fit the form
     */
    public static FittedForm fit(HeightField field, float[] weights, Level level) {
        int order = level.order();
        int[][] terms = terms(order);
        double scale = 0.5 * Math.max(field.width() * field.pixelWidth(), field.height() * field.pixelHeight());
        double cx = 0.5 * (field.width() - 1) * field.pixelWidth();
        double cy = 0.5 * (field.height() - 1) * field.pixelHeight();
        if (order == 0) {
            return new FittedForm(level, terms, new double[0], cx, cy, scale, field);
        }
        int m = terms.length;
        double[] ata = new double[m * m];
        double[] atz = new double[m];
        double[] mono = new double[m];
        float[] z = field.heights();
        int w = field.width();
        long used = 0;
        // Heights are fitted relative to a valid one, so a large offset does not cost precision in the sums.
        double offset = Double.NaN;
        for (int y = 0; y < field.height(); y++) {
            double v = (y * field.pixelHeight() - cy) / scale;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float zi = z[i];
                double wi = weights == null ? 1 : weights[i];
                if (!Float.isFinite(zi) || !(wi > 0)) {
                    continue;
                }
                if (Double.isNaN(offset)) {
                    offset = zi;
                }
                double u = (x * field.pixelWidth() - cx) / scale;
                monomials(u, v, terms, mono);
                double r = zi - offset;
                for (int a = 0; a < m; a++) {
                    double wa = wi * mono[a];
                    atz[a] += wa * r;
                    for (int b = 0; b <= a; b++) {
                        ata[a * m + b] += wa * mono[b];
                    }
                }
                used++;
            }
        }
        if (used < m) {
            throw new BadInputException("the height map has " + used + " valid pixel(s) with positive weight "
                    + "(expected at least " + m + " to fit " + describe(level) + ")");
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

    private static String describe(Level level) {
        return level == Level.PLANE ? "a plane" : "a polynomial of order " + level.order();
    }

    static void monomials(double u, double v, int[][] terms, double[] out) {
        for (int k = 0; k < terms.length; k++) {
            out[k] = pow(u, terms[k][0]) * pow(v, terms[k][1]);
        }
    }

    private static double pow(double b, int e) {
        double r = 1;
        for (int i = 0; i < e; i++) {
            r *= b;
        }
        return r;
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
