package org.defocusj.surface;

import java.util.List;
import java.util.Locale;

import org.defocusj.BadInputException;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * How a height map is prepared for measuring, and the declaration of the surface parameters (front ends make
 * their options and fields from these specs): pixels below a minimum confidence are left out, the form is
 * removed ({@link FormRemoval}, weighted by confidence), then the S-filter and the L-filter
 * ({@link GaussianFilter}) apply, in ISO 25178's order (F-operation, then S and L). Immutable.
 */
public final class SurfaceSettings {

    public static final ParameterSpec<java.nio.file.Path> CONFIDENCE = ParameterSpec.file("confidence",
            "Confidence map").placeholder("C.tif")
            .help("Confidence map of the height map (32-bit, same size, 0..1 as DefocusJ writes it): weights the "
                    + "form fit, and pixels below the minimum confidence are left out");
    public static final ParameterSpec<Double> MIN_CONFIDENCE = ParameterSpec.number("min-confidence",
            "Min confidence", 0.0).range(0, 1).step(0.05).placeholder("C")
            .help("Pixels whose confidence is below this (0..1) are left out of every measurement");
    public static final ParameterSpec<String> LEVEL = ParameterSpec.choice("level", "Form removal",
            FormRemoval.Level.PLANE).placeholder("FORM").spellings(SurfaceSettings::levelSpelling)
            .help("Form removed before measuring: none, a least-squares plane, or a polynomial of order 2 or 3 "
                    + "(weighted by confidence)");
    public static final ParameterSpec<Double> S_FILTER = ParameterSpec.number("s-filter", "S-filter cut-off", null)
            .range(0, Double.MAX_VALUE).placeholder("LAMBDA")
            .help("Cut-off of the Gaussian S-filter (ISO 16610-61) in the xy unit: removes wavelengths shorter than "
                    + "this (noise); none by default");
    public static final ParameterSpec<Double> L_FILTER = ParameterSpec.number("l-filter", "L-filter cut-off", null)
            .range(0, Double.MAX_VALUE).placeholder("LAMBDA")
            .help("Cut-off of the Gaussian L-filter (ISO 16610-61) in the xy unit: removes wavelengths longer than "
                    + "this (waviness); none by default");
    public static final ParameterSpec<Double> SMR_HEIGHT = ParameterSpec.number("smr-height", "Smr height c", 0.0)
            .placeholder("C")
            .help("Height c of the material ratio Smr(c), in the height unit above the mean plane");
    public static final ParameterSpec<String> PROFILE = ParameterSpec.text("profile", "Profile line", null)
            .placeholder("X0,Y0,X1,Y1")
            .help("Height profile along the line from pixel X0,Y0 to X1,Y1 (pixel centres at whole numbers)");
    public static final ParameterSpec<String> STEPS = ParameterSpec.text("steps", "Step regions", null)
            .placeholder("X,Y,W,H:X,Y,W,H")
            .help("Step height between two rectangles of pixels (left, top, width, height): median of the second "
                    + "minus median of the first");
    public static final ParameterSpec<Double> STEP_CORE = ParameterSpec.number("step-core", "Step core fraction",
            1.0 / 3).range(0.01, 1).step(0.05).placeholder("F")
            .help("Fraction of each step region's width and height that is measured, centred, away from the edges "
                    + "(ISO 5436-1 measures the middle third); 1 = the whole region");
    public static final ParameterSpec<Boolean> PARAMETERS = ParameterSpec.flag("parameters", "Areal parameters")
            .help("Compute the ISO 25178-2 areal parameters (Sa, Sq, Sp, Sv, Sz, Ssk, Sku, Sdq, Sdr, Smr, Sk, Spk, "
                    + "Svk, Smr1, Smr2)");

    /** The parameters of preparing a surface and of its areal parameters. */
    public static final List<ParameterSpec<?>> PREPARATION = List.of(MIN_CONFIDENCE, LEVEL, S_FILTER, L_FILTER,
            SMR_HEIGHT);

    /** Every surface parameter, in the order the command line lists them. */
    public static final List<ParameterSpec<?>> ALL = List.of(CONFIDENCE, MIN_CONFIDENCE, LEVEL, S_FILTER, L_FILTER,
            PARAMETERS, SMR_HEIGHT, PROFILE, STEPS, STEP_CORE);

    private final double minConfidence;
    private final FormRemoval.Level level;
    private final Double sFilter;
    private final Double lFilter;
    private final double smrHeight;
    private final double stepCore;

    private SurfaceSettings(double minConfidence, FormRemoval.Level level, Double sFilter, Double lFilter,
            double smrHeight, double stepCore) {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw BadInputException.forParameter(MIN_CONFIDENCE.id(), "expected a value from 0 to 1, got "
                    + minConfidence);
        }
        checkCutOff(sFilter, S_FILTER);
        checkCutOff(lFilter, L_FILTER);
        if (sFilter != null && lFilter != null && !(sFilter < lFilter)) {
            throw BadInputException.forParameter(S_FILTER.id(), sFilter + " is not below " + BadInputException.ref(
                    L_FILTER.id()) + " " + lFilter + " (expected the S-filter's cut-off below the L-filter's)");
        }
        if (!Double.isFinite(smrHeight)) {
            throw BadInputException.forParameter(SMR_HEIGHT.id(), "expected a finite height, got " + smrHeight);
        }
        if (!(stepCore > 0 && stepCore <= 1)) {
            throw BadInputException.forParameter(STEP_CORE.id(), "expected a fraction in (0, 1], got " + stepCore);
        }
        this.minConfidence = minConfidence;
        this.level = level;
        this.sFilter = sFilter;
        this.lFilter = lFilter;
        this.smrHeight = smrHeight;
        this.stepCore = stepCore;
    }

    private static void checkCutOff(Double v, ParameterSpec<Double> p) {
        if (v != null && !(v > 0 && Double.isFinite(v))) {
            throw BadInputException.forParameter(p.id(), "expected a positive cut-off length, got " + v);
        }
    }

    /** Plane levelling, no filters, every pixel with a height kept. */
    public static SurfaceSettings defaults() {
        return from(ParameterValues.DEFAULTS);
    }

    /** Settings from harvested values; absent parameters take their declared defaults. */
    public static SurfaceSettings from(ParameterValues v) {
        return new SurfaceSettings(v.get(MIN_CONFIDENCE), FormRemoval.Level.parse(v.get(LEVEL)), v.get(S_FILTER),
                v.get(L_FILTER), v.get(SMR_HEIGHT), v.get(STEP_CORE));
    }

    public SurfaceSettings withLevel(FormRemoval.Level l) {
        return new SurfaceSettings(minConfidence, l, sFilter, lFilter, smrHeight, stepCore);
    }

    public SurfaceSettings withFilters(Double s, Double l) {
        return new SurfaceSettings(minConfidence, level, s, l, smrHeight, stepCore);
    }

    public SurfaceSettings withMinConfidence(double c) {
        return new SurfaceSettings(c, level, sFilter, lFilter, smrHeight, stepCore);
    }

    /** polyN and orders as numbers; an order above 3 is refused by name rather than as an unknown word. */
    private static String levelSpelling(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace(" ", "");
        String digits = t.startsWith("poly") ? t.substring(4) : t.matches("\\d+") ? t : null;
        if (digits == null || !digits.matches("\\d+")) {
            return null;
        }
        int order = Integer.parseInt(digits.length() > 3 ? "999" : digits);
        if (order > FormRemoval.MAX_ORDER) {
            throw BadInputException.forParameter("level", "polynomial order " + digits + " is above "
                    + FormRemoval.MAX_ORDER + " (expected none, plane, poly2 or poly3)");
        }
        return order == 0 ? "none" : order == 1 ? "plane" : "poly" + order;
    }

    /** A surface ready to measure, and the form that was removed from it. */
    public static final class Prepared {
        private final HeightField surface;
        private final FittedForm form;
        private final long leftOut;

        public Prepared(HeightField surface, FittedForm form, long leftOut) {
            this.surface = surface;
            this.form = form;
            this.leftOut = leftOut;
        }

        public HeightField surface() {
            return surface;
        }

        public FittedForm form() {
            return form;
        }

        public long leftOut() {
            return leftOut;
        }
    }

    /**
     * Masks, levels and filters {@code field}.
     *
     * @param confidence the confidence map (same size), or null
     * @throws BadInputException when the confidence map has another size or nothing valid is left
     */
    public Prepared prepare(HeightField field, float[] confidence) {
        HeightField masked = field;
        long leftOut = 0;
        float[] weights = null;
        if (confidence != null) {
            if (confidence.length != field.heights().length) {
                throw BadInputException.forParameter(CONFIDENCE.id(), "has " + confidence.length + " pixels, the "
                        + "height map " + field.width() + " x " + field.height() + " (expected the same size)");
            }
            float[] z = field.heights();
            float[] kept = new float[z.length];
            weights = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                float c = confidence[i];
                boolean keep = Float.isFinite(z[i]) && c >= minConfidence;
                if (Float.isFinite(z[i]) && !keep) {
                    leftOut++;
                }
                kept[i] = keep ? z[i] : Float.NaN;
                weights[i] = keep && c > 0 ? c : 0;
            }
            masked = field.withHeights(kept);
        }
        requireValid(masked);
        FittedForm form = FormRemoval.fit(masked, weights, level);
        HeightField s = level == FormRemoval.Level.NONE ? masked : form.subtract(masked);
        if (sFilter != null) {
            s = GaussianFilter.smooth(s, sFilter, S_FILTER.id());
        }
        if (lFilter != null) {
            s = GaussianFilter.highPass(s, lFilter, L_FILTER.id());
        }
        return new Prepared(s, form, leftOut);
    }

    private static void requireValid(HeightField f) {
        for (float v : f.heights()) {
            if (Float.isFinite(v)) {
                return;
            }
        }
        throw new BadInputException("no valid height (every pixel is NaN" + " or below "
                + BadInputException.ref(MIN_CONFIDENCE.id()) + "; expected some valid pixels)");
    }

    /** The areal parameters of a prepared surface with this Smr height. */
    public ArealParameters parameters(Prepared p) {
        return ArealParameters.of(p.surface(), smrHeight);
    }

    public double minConfidence() {
        return minConfidence;
    }

    public FormRemoval.Level level() {
        return level;
    }

    /** The S-filter's cut-off in the xy unit, or null. */
    public Double sFilter() {
        return sFilter;
    }

    public Double lFilter() {
        return lFilter;
    }

    public double smrHeight() {
        return smrHeight;
    }

    public double stepCore() {
        return stepCore;
    }

    @Override
    public String toString() {
        return "level=" + level.key() + " min_confidence=" + minConfidence + " s_filter=" + sFilter + " l_filter="
                + lFilter + " smr_height=" + smrHeight;
    }
}
