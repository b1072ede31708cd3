package org.defocusj.psf;

import java.util.List;
import java.util.Locale;

import org.defocusj.BadInputException;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * A radially symmetric defocus PSF of radius c (pixels), as an unnormalised weight at squared distance r2.
 * The gather renderer normalises by the sum of weights, so only the shape and the 1/c^2 energy scaling
 * (a larger blur spreads the same light thinner) matter.
 */
public abstract class Psf {

    /** Weight of a neighbour at squared distance {@code r2} (pixels^2) whose PSF radius is {@code c} (> 1). */
    public abstract double weight(double r2, double c);

    /**
     * The squared distances a renderer evaluates again and again (a kernel's distinct ones), with whatever this
     * family precomputes from them; see {@link #weights(double, Table, float[], int)}.
     */
    public Table table(double[] r2) {
        return new Table(r2, r2.clone());
    }

    /** Squared distances and a family's per-distance precomputation. */
    public static final class Table {
        final double[] r2;
        final double[] pre;

        Table(double[] r2, double[] pre) {
            this.r2 = r2.clone();
            this.pre = pre;
        }

        public int size() {
            return r2.length;
        }
    }

    /**
     * Weights of the first {@code count} distances of {@code table} for one radius: {@code out[k] =
     * weight(r2[k], c)}. Renderers call this once per source pixel, so families override it with a cheaper exact
     * form.
     */
    public void weights(double c, Table table, float[] out, int count) {
        for (int k = 0; k < count; k++) {
            out[k] = (float) weight(table.r2[k], c);
        }
    }

    /**
     * Distance in pixels beyond which the weight is below 1e-9 of the weight at the centre, for radius c:
     * renderers may skip neighbours farther away without a visible difference.
     */
    public abstract double support(double c);

    /** Family name as used on the command line. */
    public abstract String family();

    /** Shape parameter (p for power-exponential; 2 for Gaussian; NaN for the disk). */
    public abstract double shape();

    /**
     * FOSSA's generalized PSF {@code exp(-2 (r^2 / c^2)^(p/2)) / c^2}: p = 2 is a Gaussian with standard
     * deviation c/2; large p approaches a uniform disk of radius c.
     */
    public static Psf powerExponential(double p) {
        if (!(p > 0) || Double.isInfinite(p)) {
            throw BadInputException.forParameter("p", "expected a positive PSF shape, got " + p);
        }
        return new PowerExponential(p);
    }

    /** The power-exponential PSF with p = 2. */
    public static Psf gaussian() {
        return new PowerExponential(2) {
            @Override
            public String family() {
                return "gaussian";
            }
        };
    }

    /** A uniform disk (pillbox) of radius c with an anti-aliased rim one pixel wide. */
    public static Psf disk() {
        return new Disk();
    }

    public static final ParameterSpec<String> FAMILY = ParameterSpec.choice("psf", "PSF", "gaussian",
            List.of("gaussian", "disk", "power-exp")).placeholder("FAMILY").spellings(Psf::familyKey)
            .help("PSF family: gaussian, disk (pillbox) or power-exp (FOSSA's generalized PSF, shape p)");
    public static final ParameterSpec<Double> SHAPE = ParameterSpec.number("p", "PSF shape p", 2.0).range(0, 1e6)
            .placeholder("P").help("Power-exponential shape: 2 = Gaussian, large = disk");

    /** The PSF's parameters, in the order front ends show them. */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(FAMILY, SHAPE);

    /** The PSF from harvested values; absent parameters take their declared defaults. */
    public static Psf from(ParameterValues v) {
        return parse(v.get(FAMILY), v.get(SHAPE));
    }

    /* Every spelling parse knows, as the family's key; parse's message for the others. */
    private static String familyKey(String text) {
        return parse(text, 2).family();
    }

    /** Parses {@code gaussian}, {@code disk} or {@code power-exp} (with shape {@code p}). */
    public static Psf parse(String family, double p) {
        switch (family.trim().toLowerCase(Locale.ROOT)) {
            case "gaussian":
                return gaussian();
            case "disk":
            case "pillbox":
                return disk();
            case "power-exp":
            case "power-exponential":
            case "generalized":
                return powerExponential(p);
            default:
                throw BadInputException.forParameter(FAMILY.id(), "unknown PSF family '" + family
                        + "' (expected gaussian, disk or power-exp)");
        }
    }

    private static class PowerExponential extends Psf {
        private final double halfP;
        private final double p;

        /** exp(-2 d^p) < 1e-9  <=>  d > (ln(1e9) / 2)^(1/p), with d = r / c. */
        private final double supportPerRadius;

        PowerExponential(double p) {
            this.p = p;
            this.halfP = p / 2;
            this.supportPerRadius = Math.pow(0.5 * Math.log(1e9), 1 / p);
        }

        @Override
        public double weight(double r2, double c) {
            double c2 = c * c;
            double d2 = r2 / c2;
            return Math.exp(-2 * (halfP == 1 ? d2 : Math.pow(d2, halfP))) / c2;
        }

        /** Precomputes {@code r2^(p/2)}, so that a weight costs one exp: (r2 / c^2)^(p/2) = r2^(p/2) c^-p. */
        @Override
        public Table table(double[] r2) {
            double[] pre = new double[r2.length];
            for (int k = 0; k < r2.length; k++) {
                pre[k] = halfP == 1 ? r2[k] : Math.pow(r2[k], halfP);
            }
            return new Table(r2, pre);
        }

        @Override
        public void weights(double c, Table table, float[] out, int count) {
            double inv = 1 / (c * c);
            double scale = halfP == 1 ? inv : Math.pow(c, -p);
            double[] pre = table.pre;
            for (int k = 0; k < count; k++) {
                out[k] = (float) (Math.exp(-2 * pre[k] * scale) * inv);
            }
        }

        @Override
        public double support(double c) {
            return c * supportPerRadius;
        }

        @Override
        public String family() {
            return "power-exp";
        }

        @Override
        public double shape() {
            return p;
        }
    }

    private static final class Disk extends Psf {
        @Override
        public double weight(double r2, double c) {
            double coverage = c + 0.5 - Math.sqrt(r2);
            if (coverage <= 0) {
                return 0;
            }
            return Math.min(1, coverage) / (c * c);
        }

        @Override
        public double support(double c) {
            return c + 0.5;
        }

        @Override
        public String family() {
            return "disk";
        }

        @Override
        public double shape() {
            return Double.NaN;
        }
    }
}
