package org.defocusj.surface;

import java.util.Arrays;

import org.defocusj.BadInputException;

/**
 * The height of a step between two regions, robustly: the median of the valid heights in the central part of
 * each region (ISO 5436-1 measures a step away from its edges, over the middle third of each side), with
 * their spread. The step is {@code median(B) - median(A)}.
 */
public final class StepHeight {

    /** One region's statistics, heights in the height unit. */
    public static final class Side {
        private final PixelRegion region;
        private final PixelRegion core;
        private final long valid;
        private final double median;
        private final double mad;
        private final double iqr;

        public Side(PixelRegion region, PixelRegion core, long valid, double median, double mad, double iqr) {
            this.region = region;
            this.core = core;
            this.valid = valid;
            this.median = median;
            this.mad = mad;
            this.iqr = iqr;
        }

        public PixelRegion region() {
            return region;
        }

        public PixelRegion core() {
            return core;
        }

        public long valid() {
            return valid;
        }

        public double median() {
            return median;
        }

        public double mad() {
            return mad;
        }

        public double iqr() {
            return iqr;
        }
    }

    private final Side a;
    private final Side b;
    private final String heightUnit;

    private StepHeight(Side a, Side b, String heightUnit) {
        this.a = a;
        this.b = b;
        this.heightUnit = heightUnit;
    }

    /**
     * {@code A:B} or {@code XA,YA,WA,HA,XB,YB,WB,HB}: two regions as {@link PixelRegion}s.
     */
    public static PixelRegion[] parseRegions(String text, String parameter) {
        String t = text.trim();
        String[] parts = t.contains(":") ? t.split("\\s*:\\s*") : null;
        if (parts == null) {
            double[] v = PixelRegion.numbers(t, 8, parameter, "two regions X,Y,W,H:X,Y,W,H");
            parts = new String[] {fmt(v, 0), fmt(v, 4)};
        }
        if (parts.length != 2) {
            throw BadInputException.forParameter(parameter, "'" + t + "' (expected two regions X,Y,W,H:X,Y,W,H)");
        }
        return new PixelRegion[] {PixelRegion.parse(parts[0], parameter), PixelRegion.parse(parts[1], parameter)};
    }

    private static String fmt(double[] v, int from) {
        return v[from] + "," + v[from + 1] + "," + v[from + 2] + "," + v[from + 3];
    }

    /**
     * The step from region {@code ra} to region {@code rb}.
     *
     * @param core      the fraction of each region's width and height that is measured, centred (0 &lt; core &lt;= 1)
     * @param parameter the id of the parameter that gave the regions, for messages
     */
    public static StepHeight measure(HeightField f, PixelRegion ra, PixelRegion rb, double core, String parameter,
            String coreParameter) {
        if (!(core > 0 && core <= 1)) {
            throw BadInputException.forParameter(coreParameter, core + " (expected a fraction in (0, 1])");
        }
        return new StepHeight(side(f, ra, core, parameter), side(f, rb, core, parameter), f.heightUnit());
    }

    private static Side side(HeightField f, PixelRegion r, double core, String parameter) {
        r.requireInside(f.width(), f.height(), parameter);
        PixelRegion c = r.core(core);
        double[] v = new double[c.width() * c.height()];
        int n = 0;
        for (int y = c.y(); y < c.y() + c.height(); y++) {
            for (int x = c.x(); x < c.x() + c.width(); x++) {
                float z = f.at(x, y);
                if (Float.isFinite(z)) {
                    v[n++] = z;
                }
            }
        }
        if (n == 0) {
            throw BadInputException.forParameter(parameter, "region " + r + " (measured part " + c + ") has no valid "
                    + "height (expected a region with valid pixels)");
        }
        double[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        double median = quantile(s, 0.5);
        double[] dev = new double[n];
        for (int i = 0; i < n; i++) {
            dev[i] = Math.abs(s[i] - median);
        }
        Arrays.sort(dev);
        return new Side(r, c, n, median, quantile(dev, 0.5), quantile(s, 0.75) - quantile(s, 0.25));
    }

    /** Quantile p of sorted values, interpolated linearly between order statistics (numpy's default). */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    public Side first() {
        return a;
    }

    public Side second() {
        return b;
    }

    /** median(B) - median(A), in the height unit. */
    public double step() {
        return b.median() - a.median();
    }

    public String heightUnit() {
        return heightUnit;
    }
}
