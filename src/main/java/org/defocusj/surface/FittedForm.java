package org.defocusj.surface;

import java.util.ArrayList;
import java.util.List;

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
        if (scaled.length == 0) {
            return 0;
        }
        double u = (x * pixelWidth - cx) / scale;
        double v = (y * pixelHeight - cy) / scale;
        double s = 0;
        double[] mono = new double[terms.length];
        FormRemoval.monomials(u, v, terms, mono);
        for (int k = 0; k < terms.length; k++) {
            s += scaled[k] * mono[k];
        }
        return s;
    }

    /** {@code field} minus this form (NaN stays NaN). */
    public HeightField subtract(HeightField field) {
        float[] z = field.heights();
        float[] out = new float[z.length];
        int w = field.width();
        double[] mono = new double[terms.length];
        for (int y = 0; y < field.height(); y++) {
            double v = (y * pixelHeight - cy) / scale;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!Float.isFinite(z[i])) {
                    out[i] = Float.NaN;
                    continue;
                }
                double s = 0;
                if (scaled.length > 0) {
                    FormRemoval.monomials((x * pixelWidth - cx) / scale, v, terms, mono);
                    for (int k = 0; k < terms.length; k++) {
                        s += scaled[k] * mono[k];
                    }
                }
                out[i] = (float) (z[i] - s);
            }
        }
        return field.withHeights(out);
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
