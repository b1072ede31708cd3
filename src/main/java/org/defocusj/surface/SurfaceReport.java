package org.defocusj.surface;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Surface results as text with their units: CSV files, a markdown table and console lines. Numbers are written
 * with 9 significant digits (CSV) or 6 (tables), always in the root locale.
 */
public final class SurfaceReport {

    private SurfaceReport() {
    }

    /** {@code parameter,value,unit,name,definition}, one row a parameter; {@code #} lines give the context. */
    public static String parametersCsv(ArealParameters p, String source) {
        StringBuilder sb = new StringBuilder();
        sb.append("# source: ").append(source).append('\n');
        sb.append("# valid_pixels: ").append(p.validPixels()).append(", xy unit: ").append(p.xyUnit())
                .append(", height unit: ").append(p.heightUnit()).append(", Smr at c = ").append(num(p.smrHeight()))
                .append(' ').append(p.heightUnit()).append(" above the mean plane\n");
        for (String w : p.warnings()) {
            sb.append("# warning: ").append(w).append('\n');
        }
        sb.append("parameter,value,unit,name,definition\n");
        for (ArealParameters.Definition d : ArealParameters.DEFINITIONS) {
            sb.append(d.key()).append(',').append(num(p.get(d.key()))).append(',').append(csv(p.unit(d.key())))
                    .append(',').append(csv(d.name())).append(',').append(csv(d.definition())).append('\n');
        }
        return sb.toString();
    }

    /** A markdown table of the parameters with units and definitions. */
    public static String parametersMarkdown(ArealParameters p, String source) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Areal parameters (ISO 25178-2)\n\n");
        sb.append("Source: `").append(source).append("`; ").append(p.validPixels()).append(" valid pixels; xy unit ")
                .append(p.xyUnit()).append(", height unit ").append(p.heightUnit()).append(".\n\n");
        for (String w : p.warnings()) {
            sb.append("**Warning:** ").append(w).append(".\n\n");
        }
        sb.append("| parameter | value | unit | name | definition |\n|---|---|---|---|---|\n");
        for (ArealParameters.Definition d : ArealParameters.DEFINITIONS) {
            sb.append("| ").append(d.key()).append(" | ").append(short6(p.get(d.key()))).append(" | ")
                    .append(p.unit(d.key())).append(" | ").append(d.name()).append(" | ")
                    .append(d.definition().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /** Aligned console lines: key, value and unit, name. */
    public static List<String> parametersLines(ArealParameters p) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "areal parameters (ISO 25178-2) over %d valid pixels, heights in %s "
                + "from the mean plane, xy in %s:", p.validPixels(), p.heightUnit(), p.xyUnit()));
        for (ArealParameters.Definition d : ArealParameters.DEFINITIONS) {
            String key = d.key().equals("Smr") ? "Smr(" + short6(p.smrHeight()) + ")" : d.key();
            lines.add(String.format(Locale.ROOT, "  %-10s %14s %-8s %s", key, short6(p.get(d.key())),
                    p.unit(d.key()), d.name()));
        }
        for (String w : p.warnings()) {
            lines.add("warning: " + w);
        }
        return lines;
    }

    /** {@code coefficient,term,value,unit} of a fitted form. */
    public static String formCsv(FittedForm f) {
        StringBuilder sb = new StringBuilder();
        double[] o = f.origin();
        sb.append("# form removed: ").append(f.level().key()).append("; X, Y in the xy unit from the image centre (")
                .append(num(o[0])).append(", ").append(num(o[1])).append(")\n");
        sb.append("coefficient,term,value,unit\n");
        for (FittedForm.Coefficient c : f.coefficients()) {
            sb.append(c.name()).append(',').append(csv(c.term())).append(',').append(num(c.value())).append(',')
                    .append(csv(c.unit())).append('\n');
        }
        return sb.toString();
    }

    /** {@code distance,x,y,height} with the units in the header; NaN heights as empty cells. */
    public static String profileCsv(HeightProfile p) {
        StringBuilder sb = new StringBuilder();
        sb.append("distance_").append(p.xyUnit()).append(",x_px,y_px,height_").append(p.heightUnit()).append('\n');
        double[] d = p.distance();
        double[] x = p.x();
        double[] y = p.y();
        double[] z = p.heights();
        for (int i = 0; i < d.length; i++) {
            sb.append(num(d[i])).append(',').append(num(x[i])).append(',').append(num(y[i])).append(',')
                    .append(Double.isNaN(z[i]) ? "" : num(z[i])).append('\n');
        }
        return sb.toString();
    }

    /** One line summing up a profile. */
    public static String profileLine(HeightProfile p) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int valid = 0;
        for (double v : p.heights()) {
            if (!Double.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                valid++;
            }
        }
        return String.format(Locale.ROOT, "profile: length %s %s, %d samples (%d valid), height %s .. %s %s",
                short6(p.length()), p.xyUnit(), p.size(), valid, short6(valid > 0 ? lo : Double.NaN),
                short6(valid > 0 ? hi : Double.NaN), p.heightUnit());
    }

    /** {@code region,x,y,width,height,measured,valid,median,mad,iqr} and the step, units in the header. */
    public static String stepsCsv(StepHeight s) {
        String u = s.heightUnit();
        StringBuilder sb = new StringBuilder();
        sb.append("# step = median(B) - median(A) = ").append(num(s.step())).append(' ').append(u).append('\n');
        sb.append("region,x,y,width,height,measured_x,measured_y,measured_width,measured_height,valid,median_")
                .append(u).append(",mad_").append(u).append(",iqr_").append(u).append('\n');
        side(sb, "A", s.first());
        side(sb, "B", s.second());
        sb.append("step,,,,,,,,,,").append(num(s.step())).append(",,\n");
        return sb.toString();
    }

    private static void side(StringBuilder sb, String name, StepHeight.Side s) {
        PixelRegion r = s.region();
        PixelRegion c = s.core();
        sb.append(name).append(',').append(r.x()).append(',').append(r.y()).append(',').append(r.width()).append(',')
                .append(r.height()).append(',').append(c.x()).append(',').append(c.y()).append(',').append(c.width())
                .append(',').append(c.height()).append(',').append(s.valid()).append(',').append(num(s.median()))
                .append(',').append(num(s.mad())).append(',').append(num(s.iqr())).append('\n');
    }

    /** Console lines of a step height. */
    public static List<String> stepLines(StepHeight s) {
        String u = s.heightUnit();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "step height: %s %s (median of B - median of A)", short6(s.step()), u));
        for (String name : new String[] {"A", "B"}) {
            StepHeight.Side d = name.equals("A") ? s.first() : s.second();
            lines.add(String.format(Locale.ROOT, "  %s %s (measured %s): median %s %s, MAD %s %s, IQR %s %s, %d valid",
                    name, d.region(), d.core(), short6(d.median()), u, short6(d.mad()), u, short6(d.iqr()), u,
                    d.valid()));
        }
        return lines;
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : trim(String.format(Locale.ROOT, "%.9g", v));
    }

    /** Without the trailing zeros of a fraction: 0.650000 is 0.65, 2.50000e-07 is 2.5e-07. */
    private static String trim(String s) {
        return s.replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1");
    }

    /** Six significant digits for tables. */
    public static String short6(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return v == 0 ? "0" : trim(String.format(Locale.ROOT, "%.6g", v));
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
