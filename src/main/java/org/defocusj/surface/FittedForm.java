package org.defocusj.surface;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.defocusj.depth.Workers;

/**
 * The form {@link FormRemoval} fitted: {@code z(X, Y) = sum c_ij (X - Xc)^i (Y - Yc)^j} with X, Y the pixel
 * centre in the xy unit and (Xc, Yc) the image centre, so each coefficient is in height unit per xy unit to
 * the power i + j. Immutable.
 */
public final class FittedForm {

    private final FormRemoval.Level level;
    private final int[][] terms;
    /** Coefficients of the scaled monomials u^i v^j. */
    private final double[] scaled;
    private final double cx;
    private final double cy;
    private final double scale;
    private final double pixelWidth;
    private final double pixelHeight;
    private final String xyUnit;
    private final String heightUnit;

    FittedForm(FormRemoval.Level level, int[][] terms, double[] scaled, double cx, double cy, double scale,
            HeightField field) {
        this.level = level;
        this.terms = terms;
        this.scaled = scaled;
        this.cx = cx;
        this.cy = cy;
        this.scale = scale;
        this.pixelWidth = field.pixelWidth();
        this.pixelHeight = field.pixelHeight();
        this.xyUnit = field.xyUnit();
        this.heightUnit = field.heightUnit();
    }

    public FormRemoval.Level level() {
        return level;
    }

    /** The form's height at pixel (x, y), in the height unit. */
    public double at(double x, double y) {
        double[] poly = new double[level.order() + 1];
        rowPolynomial(FormRemoval.coordinate(y, pixelHeight, cy, scale), poly);
        return horner(poly, FormRemoval.coordinate(x, pixelWidth, cx, scale));
    }

    /** {@code field} minus this form (NaN stays NaN), on one thread per processor. */
    public HeightField subtract(HeightField field) {
        return subtract(field, Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code field} minus this form (NaN stays NaN). Along a row the form is a polynomial in u alone, evaluated by
     * Horner's rule; each pixel depends on nothing else, so the result is the same on any number of threads.
     *
     * @param threads how many threads subtract bands of rows (1: the caller's)
     */
    public HeightField subtract(HeightField field, int threads) {
        float[] z = field.heights();
        float[] out = new float[z.length];
        int w = field.width();
        double[] us = new double[w];
        for (int x = 0; x < w; x++) {
            us[x] = FormRemoval.coordinate(x, pixelWidth, cx, scale);
        }
        Workers.forBands(threads, field.height(), 16, (from, to) -> {
            double[] poly = new double[level.order() + 1];
            for (int y = from; y < to; y++) {
                rowPolynomial(FormRemoval.coordinate(y, pixelHeight, cy, scale), poly);
                for (int x = 0, i = y * w; x < w; x++, i++) {
                    out[i] = Float.isFinite(z[i]) ? (float) (z[i] - horner(poly, us[x])) : Float.NaN;
                }
            }
        }, "form removal");
        return field.withHeights(out);
    }

    /** The form along the row at scaled coordinate v, as a polynomial in u: {@code poly[i]} multiplies u^i. */
    private void rowPolynomial(double v, double[] poly) {
        Arrays.fill(poly, 0);
        for (int k = 0; k < scaled.length; k++) {
            double c = scaled[k];
            for (int j = 0; j < terms[k][1]; j++) {
                c *= v;
            }
            poly[terms[k][0]] += c;
        }
    }

    private static double horner(double[] poly, double u) {
        double s = poly[poly.length - 1];
        for (int i = poly.length - 2; i >= 0; i--) {
            s = s * u + poly[i];
        }
        return s;
    }

    /** One coefficient in real units: its name (e.g. {@code c10}, the term {@code X}), value and unit. */
    public static final class Coefficient {
        private final String name;
        private final String term;
        private final double value;
        private final String unit;

        public Coefficient(String name, String term, double value, String unit) {
            this.name = name;
            this.term = term;
            this.value = value;
            this.unit = unit;
        }

        public String name() {
            return name;
        }

        public String term() {
            return term;
        }

        public double value() {
            return value;
        }

        public String unit() {
            return unit;
        }
    }

    /** The coefficients in real units, constant first; empty for no levelling. */
    public List<Coefficient> coefficients() {
        List<Coefficient> out = new ArrayList<>();
        for (int k = 0; k < scaled.length; k++) {
            int i = terms[k][0];
            int j = terms[k][1];
            int degree = i + j;
            double value = scaled[k] / Math.pow(scale, degree);
            String unit = degree == 0 ? heightUnit : heightUnit + "/" + xyUnit + (degree > 1 ? "^" + degree : "");
            out.add(new Coefficient("c" + i + j, term(i, j), value, unit));
        }
        return out;
    }

    private static String term(int i, int j) {
        if (i == 0 && j == 0) {
            return "1";
        }
        StringBuilder sb = new StringBuilder();
        if (i > 0) {
            sb.append('X').append(i > 1 ? "^" + i : "");
        }
        if (j > 0) {
            sb.append(i > 0 ? "*" : "").append('Y').append(j > 1 ? "^" + j : "");
        }
        return sb.toString();
    }

    /** X and Y of the origin of the coefficients (the image centre), in the xy unit. */
    public double[] origin() {
        return new double[] {cx, cy};
    }

    /** A one-line description, e.g. {@code plane z = 3.1 um + 0.07 um/um*X - 0.001 um/um*Y}. */
    public String describe() {
        if (scaled.length == 0) {
            return "none (no form removed)";
        }
        StringBuilder sb = new StringBuilder(level == FormRemoval.Level.PLANE ? "plane" : "polynomial of order "
                + level.order());
        sb.append(" z =");
        boolean first = true;
        for (Coefficient c : coefficients()) {
            double v = c.value();
            sb.append(first ? " " : v < 0 ? " - " : " + ").append(SurfaceReport.short6(first ? v : Math.abs(v))).append(' ').append(c.unit());
            if (!"1".equals(c.term())) {
                sb.append('*').append(c.term());
            }
            first = false;
        }
        sb.append(" (X, Y from the image centre ").append(SurfaceReport.short6(cx)).append(", ")
                .append(SurfaceReport.short6(cy)).append(' ').append(xyUnit).append(')');
        return sb.toString();
    }
}
