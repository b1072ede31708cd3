package org.defocusj.eval;

import java.util.Locale;

import org.defocusj.BadInputException;
import org.defocusj.stack.DepthMap;

/**
 * Which pixels the metrics use. A pixel is valid where the ground truth is finite and within
 * {@code [minDepth, maxDepth]}, the optional mask is nonzero, and the prediction is finite and positive.
 * A prediction that is NaN, infinite or {@code <= 0} where the ground truth is valid is bad input, unless
 * the caller asked to exclude such pixels ({@code ignoreInvalidPrediction}); they are then counted.
 */
public final class ValidMask {

    /** FOSSA's valid depth range, in metres. */
    public static final double DEFAULT_MIN_DEPTH = 0.01;
    public static final double DEFAULT_MAX_DEPTH = 1000;

    private final boolean[] valid;
    private final long count;
    private final long excludedPredictions;

    private ValidMask(boolean[] valid, long count, long excludedPredictions) {
        this.valid = valid;
        this.count = count;
        this.excludedPredictions = excludedPredictions;
    }

    /**
     * Checks a depth range: min finite and positive, max not NaN and greater than min.
     *
     * @param minParameter id of the parameter that gave {@code min} (e.g. {@code min-depth})
     * @param maxParameter id of the parameter that gave {@code max} (e.g. {@code max-depth})
     * @throws BadInputException naming {@code minParameter} or {@code maxParameter}
     */
    public static void checkRange(double min, double max, String minParameter, String maxParameter) {
        if (!(min > 0) || Double.isInfinite(min)) {
            throw BadInputException.forParameter(minParameter, fmt(min) + " (expected a finite depth > 0)");
        }
        if (Double.isNaN(max)) {
            throw BadInputException.forParameter(maxParameter, "NaN (expected a depth greater than "
                    + BadInputException.ref(minParameter) + ")");
        }
        if (min >= max) {
            throw new BadInputException(BadInputException.ref(minParameter) + " " + fmt(min) + " is not below "
                    + BadInputException.ref(maxParameter) + " " + fmt(max) + " (expected min < max)");
        }
    }

    /**
     * Builds the mask. The three maps must have the same size (the caller checks and names the files).
     *
     * @param mask optional; nonzero (and not NaN) = valid
     * @param ignoreInvalidPrediction exclude pixels whose prediction is not finite and positive instead of failing
     * @throws BadInputException when no pixel is valid, or when a prediction is invalid inside the valid region
     */
    public static ValidMask of(DepthMap prediction, DepthMap groundTruth, DepthMap mask, double minDepth,
            double maxDepth, boolean ignoreInvalidPrediction) {
        checkRange(minDepth, maxDepth, "min-depth", "max-depth");
        float[] p = prediction.data();
        float[] t = groundTruth.data();
        float[] m = mask == null ? null : mask.data();
        int n = t.length;
        if (p.length != n || (m != null && m.length != n)) {
            throw new IllegalArgumentException("maps of different sizes");
        }
        // Maps hold float32, and NumPy/PyTorch compare a float32 array with a Python float in float32: so do we,
        // or a ground truth of exactly 0.01f (just below the double 0.01) would be dropped.
        float lo = (float) minDepth;
        float hi = (float) maxDepth;
        boolean[] valid = new boolean[n];
        long count = 0;
        long nan = 0;
        long infinite = 0;
        long nonPositive = 0;
        for (int i = 0; i < n; i++) {
            float gt = t[i];
            // NaN fails the comparisons; +Infinity passes them only when max is infinite.
            if (!(gt >= lo && gt <= hi) || Float.isInfinite(gt) || (m != null && (m[i] == 0 || Float.isNaN(m[i])))) {
                continue;
            }
            float pr = p[i];
            if (pr > 0 && pr < Float.POSITIVE_INFINITY) {
                valid[i] = true;
                count++;
            } else if (Float.isNaN(pr)) {
                nan++;
            } else if (pr > 0) {
                infinite++;
            } else {
                nonPositive++;
            }
        }
        long bad = nan + infinite + nonPositive;
        if (bad > 0 && !ignoreInvalidPrediction) {
            throw new BadInputException(prediction.source() + ": " + bad + " pixel(s) inside the valid ground-truth "
                    + "region are not a positive finite depth (" + breakdown(nan, infinite, nonPositive)
                    + "; expected depth > 0 wherever the ground truth is valid, or pass "
                    + BadInputException.ref("ignore-invalid-pred") + " to exclude them)");
        }
        if (count == 0) {
            if (bad > 0) {
                throw new BadInputException(prediction.source() + ": every one of the " + bad + " pixel(s) where "
                        + groundTruth.source() + " is valid has an invalid prediction (" + breakdown(nan, infinite,
                        nonPositive) + "; expected some depth > 0 to evaluate)");
            }
            throw new BadInputException(groundTruth.source() + ": no valid ground-truth pixel (none of its " + n
                    + " pixels is finite and within [" + fmt(minDepth) + ", " + fmt(maxDepth) + "]"
                    + (mask == null ? "" : " where " + mask.source() + " is nonzero")
                    + "; expected depth in that range, see " + BadInputException.ref("min-depth") + "/"
                    + BadInputException.ref("max-depth") + ")");
        }
        return new ValidMask(valid, count, bad);
    }

    private static String breakdown(long nan, long infinite, long nonPositive) {
        StringBuilder sb = new StringBuilder();
        if (nan > 0) {
            sb.append(nan).append(" NaN");
        }
        if (infinite > 0) {
            sb.append(sb.length() > 0 ? ", " : "").append(infinite).append(" infinite");
        }
        if (nonPositive > 0) {
            sb.append(sb.length() > 0 ? ", " : "").append(nonPositive).append(" <= 0");
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.0f", v) : Double.toString(v);
    }

    /** One flag per pixel, row-major (not copied). */
    public boolean[] valid() {
        return valid;
    }

    /** Number of valid pixels (at least 1). */
    public long count() {
        return count;
    }

    /** Pixels with a valid ground truth excluded because their prediction was not finite and positive. */
    public long excludedPredictions() {
        return excludedPredictions;
    }
}
