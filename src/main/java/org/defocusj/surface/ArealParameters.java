package org.defocusj.surface;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.defocusj.BadInputException;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.OrderStatistics;

/**
 * The areal field parameters of ISO 25178-2 over the valid (finite) pixels of a height field, usually the
 * levelled and filtered one. Heights z are taken from the mean plane of the valid pixels: {@code z = h - mean(h)}
 * (after plane levelling the least-squares plane, whose residuals have mean zero). Over the n valid pixels:
 * <ul>
 * <li>Sa = mean |z|, Sq = sqrt(mean z^2): arithmetic mean and root mean square height;</li>
 * <li>Sp = max z, Sv = |min z|, Sz = Sp + Sv: maximum peak height, maximum pit depth, maximum height;</li>
 * <li>Ssk = mean z^3 / Sq^3, Sku = mean z^4 / Sq^4: skewness and kurtosis (reported as 0 on a flat surface,
 * where they are undefined);</li>
 * <li>Sdq = sqrt(mean(zx^2 + zy^2)), the root mean square gradient, and Sdr = mean(sqrt(1 + zx^2 + zy^2) - 1),
 * the developed interfacial area ratio (in %), over the 2 x 2 cells of valid pixels, whose gradient is the mean
 * of the cell's two differences in x (and in y) over the pixel size: exact for planes, and the area of the
 * cell's mean plane for Sdr. Slopes are height per xy distance with the height converted to the xy unit when
 * both are lengths (so dimensionless); in height unit per pixel when the xy size is not calibrated;</li>
 * <li>the material ratio curve h(mr), the height above which a fraction mr of the valid pixels lies (order
 * statistics interpolated linearly, as numpy's default quantile: h(mr) = quantile(z, 1 - mr)); Smr(c), the
 * fraction (%) of valid pixels with z &gt;= c (c given from the mean plane);</li>
 * <li>Sk, Spk, Svk, Smr1, Smr2 (ISO 25178-2 after ISO 13565-2): the secant of h over a 40 % span of mr with the
 * least slope, searched on the grid mr = 0, 0.05 %, ..., 60 %, is the equivalent line; its heights at mr = 0
 * and 100 % bound the core, Sk is their difference; Smr1 and Smr2 are the material ratios (fraction with z
 * &gt;= the bound) at the upper and lower bound; Spk = 2 A1 / Smr1 and Svk = 2 A2 / (1 - Smr2) are the heights
 * of the triangles with the areas A1 = mean(max(z - upper, 0)) of the peaks above the core and
 * A2 = mean(max(lower - z, 0)) of the valleys below it (0 when Smr1 = 0 or Smr2 = 100 %).</li>
 * </ul>
 * Computed in three linear passes over the heights, each split into bands of rows run in parallel: the count,
 * range, moments, gradients of the 2 x 2 cells and a histogram of up to 2^18 bins (its range and the moments'
 * reference guessed from a sample of rows first, and taken again in a second such pass only when the sample
 * was far off); a gather of the bins that hold the needed order statistics; Sa and the counts at c and at the
 * core bounds. So the material ratio curve is exact without sorting the surface.
 */
public final class ArealParameters {

    /** Material ratio grid of the Sk search: 0.05 %, so that 40 % is 800 steps. */
    static final int MR_STEPS = 2000;
    static final int SPAN_STEPS = 800;
    private static final int BINS = 1 << 18;
    /** Bands of rows the passes are split into (fixed, so the sums do not depend on the machine). */
    private static final int BANDS = 8;
    /** Rows the mean and range of the heights are first guessed from. */
    private static final int SAMPLE_ROWS = 64;
    /** More than 1 / OUTSIDE_SHARE of the heights outside the guessed range: the range is taken again. */
    private static final int OUTSIDE_SHARE = 64;

    /** What a parameter's value is in. */
    public enum Quantity { HEIGHT, SLOPE, PERCENT, NUMBER }

    /** A parameter's key, quantity and definition (the README's table). */
    public static final class Definition {
        private final String key;
        private final Quantity quantity;
        private final String name;
        private final String definition;

        public Definition(String key, Quantity quantity, String name, String definition) {
            this.key = key;
            this.quantity = quantity;
            this.name = name;
            this.definition = definition;
        }

        public String key() {
            return key;
        }

        public Quantity quantity() {
            return quantity;
        }

        public String name() {
            return name;
        }

        public String definition() {
            return definition;
        }
    }

    /** Every parameter, in the order they are reported. */
    public static final List<Definition> DEFINITIONS = List.of(
            new Definition("Sa", Quantity.HEIGHT, "arithmetic mean height", "mean |z|"),
            new Definition("Sq", Quantity.HEIGHT, "root mean square height", "sqrt(mean z^2)"),
            new Definition("Sp", Quantity.HEIGHT, "maximum peak height", "max z"),
            new Definition("Sv", Quantity.HEIGHT, "maximum pit depth", "|min z|"),
            new Definition("Sz", Quantity.HEIGHT, "maximum height", "Sp + Sv"),
            new Definition("Ssk", Quantity.NUMBER, "skewness", "mean z^3 / Sq^3 (0 when Sq = 0)"),
            new Definition("Sku", Quantity.NUMBER, "kurtosis", "mean z^4 / Sq^4 (0 when Sq = 0)"),
            new Definition("Sdq", Quantity.SLOPE, "root mean square gradient",
                    "sqrt(mean(zx^2 + zy^2)) over 2x2 cells of valid pixels"),
            new Definition("Sdr", Quantity.PERCENT, "developed interfacial area ratio",
                    "100 mean(sqrt(1 + zx^2 + zy^2) - 1) over 2x2 cells"),
            new Definition("Smr", Quantity.PERCENT, "areal material ratio Smr(c)",
                    "100 x fraction of valid pixels with z >= c"),
            new Definition("Sk", Quantity.HEIGHT, "core height",
                    "height difference of the 40 % least-slope secant of the material ratio curve at 0 and 100 %"),
            new Definition("Spk", Quantity.HEIGHT, "reduced peak height", "2 A1 / Smr1, A1 = mean(max(z - upper, 0))"),
            new Definition("Svk", Quantity.HEIGHT, "reduced dale height",
                    "2 A2 / (1 - Smr2), A2 = mean(max(lower - z, 0))"),
            new Definition("Smr1", Quantity.PERCENT, "peak material ratio", "100 x fraction with z >= upper core bound"),
            new Definition("Smr2", Quantity.PERCENT, "dale material ratio", "100 x fraction with z >= lower core bound"));

    private final Map<String, Double> values;
    private final long validPixels;
    private final long gradientCells;
    private final double mean;
    private final double smrHeight;
    private final String heightUnit;
    private final String slopeUnit;
    private final String xyUnit;
    private final List<String> warnings;

    private ArealParameters(Map<String, Double> values, long validPixels, long gradientCells, double mean,
            double smrHeight, String heightUnit, String slopeUnit, String xyUnit, List<String> warnings) {
        this.values = Collections.unmodifiableMap(values);
        this.validPixels = validPixels;
        this.gradientCells = gradientCells;
        this.mean = mean;
        this.smrHeight = smrHeight;
        this.heightUnit = heightUnit;
        this.slopeUnit = slopeUnit;
        this.xyUnit = xyUnit;
        this.warnings = List.copyOf(warnings);
    }

    /** The parameters of {@code field} with Smr(c) at {@code c} = 0 (the mean plane). */
    public static ArealParameters of(HeightField field) {
        return of(field, 0);
    }

    /**
     * The parameters of {@code field}'s valid pixels.
     *
     * @param smrHeight c of Smr(c), in the height unit from the mean plane
     * @throws BadInputException when no pixel is valid
     */
    public static ArealParameters of(HeightField field, double smrHeight) {
        float[] h = field.heights();
        int w = field.width();
        int rows = field.height();
        // Bands of rows summed apart and then in order: parallel, yet the same sums on any machine.
        int bands = Math.min(BANDS, rows);
        List<String> warnings = new ArrayList<>();
        double[] slope = slopeScale(field, warnings);
        double fx = slope[0] / (2 * field.pixelWidth());
        double fy = slope[0] / (2 * field.pixelHeight());
        int bins = (int) Math.max(1, Math.min(BINS, (long) w * rows / 4));
        // The mean and the range are only known after a pass; a sample of rows stands in for them so that the
        // moments, the histogram and the gradients need one pass, not two. Moments are summed about the
        // sample's mean and moved to the true one; the histogram's range is the sample's, widened, with a bin
        // below and one above it for the heights outside.
        double[] guess = sampleRows(h, w, rows);
        Moments m = guess == null ? null : moments(h, w, rows, bands, bins, guess[0], guess[1], guess[2], fx, fy);
        if (m == null || m.outside > m.count / OUTSIDE_SHARE || m.shift * m.shift > m.m2) {
            // The sample missed too many heights or their mean: once more, on the exact mean and range.
            Moments first = m != null ? m : moments(h, w, rows, bands, bins, 0, 0, 0, fx, fy);
            if (first.count == 0) {
                throw new BadInputException("no valid height left (every pixel is NaN or below the minimum "
                        + "confidence; expected some valid pixels)");
            }
            m = moments(h, w, rows, bands, bins, first.mean, first.min, first.max, fx, fy);
        }
        long count = m.count;
        double mean = m.mean;
        Map<String, Double> out = new LinkedHashMap<>();
        double sq = Math.sqrt(m.m2);
        out.put("Sa", Double.NaN);
        out.put("Sq", sq);
        out.put("Sp", m.max - mean);
        out.put("Sv", mean - m.min);
        out.put("Sz", m.max - m.min);
        out.put("Ssk", sq > 0 ? m.m3 / (sq * sq * sq) : 0);
        out.put("Sku", sq > 0 ? m.m4 / (sq * sq * sq * sq) : 0);
        out.put("Sdq", m.cells > 0 ? Math.sqrt(m.gradSq / m.cells) : Double.NaN);
        out.put("Sdr", m.cells > 0 ? 100 * m.area / m.cells : Double.NaN);
        if (m.cells == 0) {
            warnings.add("no 2x2 cell of valid pixels: Sdq and Sdr are undefined (NaN)");
        }

        // The material ratio curve on its grid, from exact order statistics.
        double[] curve = materialRatioCurve(m);
        int best = 0;
        double bestDrop = Double.POSITIVE_INFINITY;
        for (int k = 0; k + SPAN_STEPS <= MR_STEPS; k++) {
            double drop = curve[k] - curve[k + SPAN_STEPS];
            if (drop < bestDrop) {
                bestDrop = drop;
                best = k;
            }
        }
        double gradient = -bestDrop / ((double) SPAN_STEPS / MR_STEPS);
        double upper = curve[best] - gradient * ((double) best / MR_STEPS);
        double lower = upper + gradient;
        // Sa, and the counts and areas at the core bounds and at c, in one pass; heights compared as h, not z.
        double c = smrHeight + mean;
        Partial[] third = inBands(bands, b -> {
            Partial p = new Partial();
            long atC = 0;
            long aboveUpper = 0;
            long aboveLower = 0;
            double sa = 0;
            double peakArea = 0;
            double daleArea = 0;
            for (int i = bandStart(b, bands, rows) * w, end = bandStart(b + 1, bands, rows) * w; i < end; i++) {
                float v = h[i];
                if (Float.isFinite(v)) {
                    sa += Math.abs(v - mean);
                    if (v >= c) {
                        atC++;
                    }
                    if (v >= upper) {
                        aboveUpper++;
                        peakArea += v - upper;
                    }
                    if (v >= lower) {
                        aboveLower++;
                    } else {
                        daleArea += lower - v;
                    }
                }
            }
            p.atC = atC;
            p.aboveUpper = aboveUpper;
            p.aboveLower = aboveLower;
            p.sa = sa;
            p.peakArea = peakArea;
            p.daleArea = daleArea;
            return p;
        });
        Partial t = new Partial();
        for (Partial p : third) {
            t.sa += p.sa;
            t.atC += p.atC;
            t.aboveUpper += p.aboveUpper;
            t.aboveLower += p.aboveLower;
            t.peakArea += p.peakArea;
            t.daleArea += p.daleArea;
        }
        double smr1 = (double) t.aboveUpper / count;
        double smr2 = (double) t.aboveLower / count;
        out.put("Sa", t.sa / count);
        out.put("Smr", 100.0 * t.atC / count);
        out.put("Sk", upper - lower);
        out.put("Spk", smr1 > 0 ? 2 * (t.peakArea / count) / smr1 : 0);
        out.put("Svk", smr2 < 1 ? 2 * (t.daleArea / count) / (1 - smr2) : 0);
        out.put("Smr1", 100 * smr1);
        out.put("Smr2", 100 * smr2);
        String slopeUnit = slope[1] == 1 ? "" : slope[1] == 2 ? field.heightUnit() + "/pixel"
                : field.heightUnit() + "/" + field.xyUnit();
        return new ArealParameters(out, count, m.cells, mean, smrHeight, field.heightUnit(), slopeUnit,
                field.xyUnit(), warnings);
    }

    /**
     * The mean, minimum and maximum of the valid heights in about {@link #SAMPLE_ROWS} rows spread over the
     * map, or null when none of them holds a valid height.
     */
    private static double[] sampleRows(float[] h, int w, int rows) {
        int stride = Math.max(1, rows / SAMPLE_ROWS);
        long n = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int y = stride / 2; y < rows; y += stride) {
            for (int i = y * w, end = i + w; i < end; i++) {
                float v = h[i];
                if (Float.isFinite(v)) {
                    n++;
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (n == 0) {
            return null;
        }
        double margin = (max - min) / 4;
        return new double[] {sum / n, min - margin, max + margin};
    }

    /**
     * One pass: count, range, moments about {@code ref} moved to the mean, the histogram of the heights over
     * [lo, hi] (bin 0 below, bin {@code bins + 1} above) and the gradients of the 2 x 2 cells whose top-left
     * pixel is in the band.
     */
    private static Moments moments(float[] h, int w, int rows, int bands, int bins, double ref, double lo,
            double hi, double fx, double fy) {
        OrderStatistics stats = new OrderStatistics(h, w, rows, bands, lo, hi, bins);
        Partial[] parts = inBands(bands, b -> {
            Partial p = new Partial();
            int[] hist = stats.band(b);
            long count = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double s4 = 0;
            double gradSq = 0;
            double area = 0;
            long cells = 0;
            for (int y = bandStart(b, bands, rows), yEnd = bandStart(b + 1, bands, rows); y < yEnd; y++) {
                int row = y * w;
                int cellEnd = y + 1 < rows ? w - 1 : 0;
                for (int x = 0; x < w; x++) {
                    float v = h[row + x];
                    if (!Float.isFinite(v)) {
                        continue;
                    }
                    count++;
                    if (v < min) {
                        min = v;
                    }
                    if (v > max) {
                        max = v;
                    }
                    double a = v - ref;
                    double a2 = a * a;
                    s1 += a;
                    s2 += a2;
                    s3 += a2 * a;
                    s4 += a2 * a2;
                    hist[stats.bin(v)]++;
                    if (x < cellEnd) {
                        float r = h[row + x + 1];
                        float c = h[row + w + x];
                        float e = h[row + w + x + 1];
                        if (Float.isFinite(r) && Float.isFinite(c) && Float.isFinite(e)) {
                            double zx = ((double) r - v + e - c) * fx;
                            double zy = ((double) c - v + e - r) * fy;
                            double g2 = zx * zx + zy * zy;
                            gradSq += g2;
                            // sqrt(1 + g2) - 1 without the cancellation that loses small slopes.
                            area += g2 / (Math.sqrt(1 + g2) + 1);
                            cells++;
                        }
                    }
                }
            }
            p.count = count;
            p.min = min;
            p.max = max;
            p.sum = s1;
            p.s2 = s2;
            p.s3 = s3;
            p.s4 = s4;
            p.gradSq = gradSq;
            p.area = area;
            p.cells = cells;
            return p;
        });
        Moments m = new Moments();
        m.stats = stats;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        for (int b = 0; b < bands; b++) {
            Partial p = parts[b];
            m.count += p.count;
            m.min = Math.min(m.min, p.min);
            m.max = Math.max(m.max, p.max);
            s1 += p.sum;
            s2 += p.s2;
            s3 += p.s3;
            s4 += p.s4;
            m.gradSq += p.gradSq;
            m.area += p.area;
            m.cells += p.cells;
        }
        m.outside = stats.outside();
        if (m.count > 0) {
            long n = m.count;
            double d = s1 / n;
            double e2 = s2 / n;
            double e3 = s3 / n;
            double e4 = s4 / n;
            m.shift = d;
            m.mean = ref + d;
            m.m2 = Math.max(0, e2 - d * d);
            m.m3 = e3 - 3 * d * e2 + 2 * d * d * d;
            m.m4 = Math.max(0, e4 - 4 * d * e3 + 6 * d * d * e2 - 3 * d * d * d * d);
        }
        return m;
    }

    /** What the first pass gives: counts, range, central moments, gradients and the histogram. */
    private static final class Moments {
        long count;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean;
        /** The mean less the reference the moments were summed about. */
        double shift;
        double m2;
        double m3;
        double m4;
        double gradSq;
        double area;
        long cells;
        OrderStatistics stats;
        /** Heights outside the histogram's range. */
        long outside;
    }

    /** Sums of one band of rows. */
    private static final class Partial {
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sa;
        double s2;
        double s3;
        double s4;
        double gradSq;
        double area;
        long cells;
        long atC;
        long aboveUpper;
        long aboveLower;
        double peakArea;
        double daleArea;
    }

    /** {@code work} of every band, run in parallel, in band order. */
    private static Partial[] inBands(int bands, IntFunction<Partial> work) {
        Partial[] out = new Partial[bands];
        IntStream.range(0, bands).parallel().forEach(b -> out[b] = work.apply(b));
        return out;
    }

    private static int bandStart(int band, int bands, int rows) {
        return (int) ((long) band * rows / bands);
    }

    /**
     * What multiplies height differences to make them xy distances, and how slopes are expressed: 1 when
     * heights and xy are both lengths (dimensionless), 2 for height per pixel (xy not calibrated), 3 for height
     * unit per xy unit (units that do not convert).
     */
    static double[] slopeScale(HeightField field, List<String> warnings) {
        if (!field.xyCalibrated()) {
            warnings.add("the xy pixel size is not calibrated: Sdq and Sdr are computed with xy in pixels "
                    + "(slopes in " + field.heightUnit() + " per pixel)");
            return new double[] {1, 2};
        }
        DistanceUnit hu = DistanceUnit.tryParse(field.heightUnit());
        DistanceUnit xu = DistanceUnit.tryParse(field.xyUnit());
        if (hu != null && xu != null && !hu.isRelative() && !xu.isRelative()) {
            return new double[] {hu.convert(1, xu), 1};
        }
        warnings.add("the height unit '" + field.heightUnit() + "' and the xy unit '" + field.xyUnit()
                + "' are not both lengths: Sdq is in " + field.heightUnit() + "/" + field.xyUnit()
                + " and Sdr mixes the two units");
        return new double[] {1, 3};
    }

    /**
     * h(mr) for mr = k / MR_STEPS, k = 0..MR_STEPS: quantile(h, 1 - mr) with linear interpolation between
     * order statistics, exact from the first pass's histogram.
     */
    private static double[] materialRatioCurve(Moments m) {
        long count = m.count;
        long[] ranks = new long[2 * (MR_STEPS + 1)];
        double[] frac = new double[MR_STEPS + 1];
        for (int k = 0; k <= MR_STEPS; k++) {
            double pos = (1 - (double) k / MR_STEPS) * (count - 1);
            long l = Math.min((long) Math.floor(pos), count - 1);
            frac[k] = pos - l;
            ranks[2 * k] = l;
            ranks[2 * k + 1] = Math.min(l + 1, count - 1);
        }
        double[] v = m.stats.at(ranks);
        double[] curve = new double[MR_STEPS + 1];
        for (int k = 0; k <= MR_STEPS; k++) {
            double a = v[2 * k];
            curve[k] = frac[k] > 0 ? a + frac[k] * (v[2 * k + 1] - a) : a;
        }
        return curve;
    }

    /** The value of parameter {@code key} (see {@link #DEFINITIONS}). */
    public double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no areal parameter " + key);
        }
        return v;
    }

    /** Every value by key, in {@link #DEFINITIONS} order. */
    public Map<String, Double> values() {
        return values;
    }

    /** The unit of parameter {@code key}'s value ("" for a number). */
    public String unit(String key) {
        for (Definition d : DEFINITIONS) {
            if (d.key().equals(key)) {
                switch (d.quantity()) {
                    case HEIGHT:
                        return heightUnit;
                    case SLOPE:
                        return slopeUnit;
                    case PERCENT:
                        return "%";
                    default:
                        return "";
                }
            }
        }
        throw new IllegalArgumentException("no areal parameter " + key);
    }

    public long validPixels() {
        return validPixels;
    }

    /** The 2x2 cells of valid pixels Sdq and Sdr are taken over. */
    public long gradientCells() {
        return gradientCells;
    }

    /** The mean height of the valid pixels (the reference of z), in the height unit. */
    public double mean() {
        return mean;
    }

    /** c of Smr(c), from the mean plane. */
    public double smrHeight() {
        return smrHeight;
    }

    public String heightUnit() {
        return heightUnit;
    }

    public String xyUnit() {
        return xyUnit;
    }

    /** What the user should know about the units (xy not calibrated, units that do not convert). */
    public List<String> warnings() {
        return warnings;
    }
}
