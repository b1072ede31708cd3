package org.defocusj.align;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.ProgressListener;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusStack;

/**
 * A depth method's session whose estimators align every stack first: the method sees the slices warped onto
 * the reference slice, and its depth is NaN outside the region all slices cover (or cropped to the largest
 * rectangle inside it). The alignment is recorded in the result's properties, so every front end logs it and
 * writes it into the outputs' info.
 */
public final class AligningSession implements DepthSession {

    /**
     * Transforms that move no pixel by more than this are not worth a resampling (auto only): chained fits on a
     * stack that does not move find up to ~0.35 px at the far, most blurred slices, and half a pixel changes
     * a focus measure summed over a window less than the resampling does.
     */
    static final double NEGLIGIBLE_PX = 0.5;
    /**
     * Below this motion auto also wants the fit to raise the neighbours' correlation by {@link #MIN_CORRELATION_GAIN}:
     * on registered 256-pixel stacks under a wide disk PSF (f/1.4) chained fits wandered 1.8-9 px with gains of
     * 0.008-0.018 (3 of 12 scenes of scripts/eval-dff-synth were warped for nothing, leaving NaN borders), while
     * the real-like degraded scenes (about 4 px of real motion) gain 0.19-0.35 and the real stacks in
     * ../shared/real-stacks 0.05 at 25 px and 0.47 at 136 px.
     */
    static final double UNEXPLAINED_PX = 10;
    static final double MIN_CORRELATION_GAIN = 0.03;

    private final DepthSession inner;
    private final AlignSettings settings;
    private final int threads;

    public AligningSession(DepthSession inner, AlignSettings settings, int threads) {
        this.inner = inner;
        this.settings = settings;
        this.threads = threads;
    }

    /** The alignment an estimator of an aligning session found for its stack, or null (none, or not aligning). */
    public static Alignment alignmentOf(DepthEstimator estimator) {
        return estimator instanceof Estimator ? ((Estimator) estimator).alignment : null;
    }

    /**
     * {@code stack} as {@code estimator} saw it in its last estimate, which was of {@code stack}: the stack it
     * warped when it was aligned (no second warp), else {@code stack} as it is.
     */
    public static FocusStack seenBy(DepthEstimator estimator, FocusStack stack) {
        return alignmentOf(estimator) == null ? stack : ((Estimator) estimator).aligned;
    }

    @Override
    public DepthEstimator estimator() {
        return new Estimator(inner.estimator());
    }

    @Override
    public String describe() {
        return inner.describe() + ", align " + settings;
    }

    @Override
    public void close() {
        inner.close();
    }

    private final class Estimator implements DepthEstimator {
        private final DepthEstimator method;
        /** Set by {@link #estimate}: used to warp the stack, null when it was processed unaligned. */
        Alignment alignment;
        /** The stack the method saw when it was aligned. */
        FocusStack aligned;

        Estimator(DepthEstimator method) {
            this.method = method;
        }

        @Override
        public String name() {
            return method.name();
        }

        @Override
        public DepthResult estimate(FocusStack stack, ProgressListener progress) {
            alignment = null;
            aligned = null;
            Map<String, String> props = new LinkedHashMap<>();
            if (settings.model() == AlignModel.AUTO
                    && Math.min(stack.width(), stack.height()) < StackAligner.MIN_SIDE) {
                // Too small to align, and too small for breathing or jitter to matter: no warning.
                props.put(Alignment.PROPERTY, "auto: not aligned (slices smaller than " + StackAligner.MIN_SIDE
                        + " pixels)");
                return withProperties(method.estimate(stack, progress), props);
            }
            Alignment a = new StackAligner(settings.model(), threads).estimate(stack, progress);
            if (a.failed()) {
                String why = stack.name() + ": cannot align the slices: " + a.failure();
                if (settings.model() != AlignModel.AUTO) {
                    throw BadInputException.forParameter(AlignSettings.ALIGN.id(), why + " (expected slices of one "
                            + "scene with some texture; " + BadInputException.usage(AlignSettings.ALIGN.id(), "off")
                            + " processes them unaligned)");
                }
                props.put(Alignment.PROPERTY, a.summary());
                props.put(Alignment.WARNING, why + "; processed unaligned");
                return withProperties(method.estimate(stack, progress), props);
            }
            props.putAll(a.properties());
            if (settings.model() == AlignModel.AUTO && negligible(a)) {
                props.put(Alignment.PROPERTY, a.summary() + ": negligible, processed unaligned");
                return withProperties(method.estimate(stack, progress), props);
            }
            alignment = a;
            // Every slice warped once: the method reads each about three times (focus measure, fusion).
            aligned = a.warpOnce(stack, threads, progress);
            DepthResult r = method.estimate(aligned, progress);
            ValidRegion region = a.validRegion();
            if (region.count() == 0) {
                throw new BadInputException(stack.name() + ": no pixel is covered by every aligned slice (the "
                        + "slices moved too far apart; " + BadInputException.usage(AlignSettings.ALIGN.id(), "off")
                        + " processes them unaligned)");
            }
            if (settings.crop()) {
                int[] rect = region.largestRectangle();
                props.put(Alignment.VALID_REGION, String.format(Locale.ROOT, "cropped to x %d, y %d, %d x %d",
                        rect[0], rect[1], rect[2], rect[3]));
                return new DepthResult(crop(r.depth(), rect), crop(r.confidence(), rect), crop(r.allInFocus(), rect),
                        r.unit(), merged(r, props));
            }
            float[] depth = FloatMaps.data(r.depth());
            region.fillOutside(depth, Float.NaN);
            if (r.confidence() != null) {
                region.fillOutside(FloatMaps.data(r.confidence()), 0f);
            }
            long outside = (long) stack.width() * stack.height() - region.count();
            props.put(Alignment.VALID_REGION, String.format(Locale.ROOT, "%s covered by every slice; depth NaN at "
                    + "the other %d", region, outside));
            return withProperties(r, props);
        }
    }

    /**
     * Whether auto leaves the stack unwarped: it barely moves, or the fit explains almost nothing that leaving
     * it unmoved does not (the few tenths of a pixel chained fits find on a still, strongly blurred stack).
     */
    static boolean negligible(Alignment a) {
        double d = a.largestDisplacement();
        return d < NEGLIGIBLE_PX || d < UNEXPLAINED_PX && a.correlationGain() < MIN_CORRELATION_GAIN;
    }

    private static DepthResult withProperties(DepthResult r, Map<String, String> props) {
        return new DepthResult(r.depth(), r.confidence(), r.allInFocus(), r.unit(), merged(r, props));
    }

    private static Map<String, String> merged(DepthResult r, Map<String, String> props) {
        Map<String, String> all = new LinkedHashMap<>(r.properties());
        all.putAll(props);
        return all;
    }

    /** The rectangle {x, y, w, h} of an image with axes X, Y and any further ones; null stays null. */
    static Img<FloatType> crop(Img<FloatType> img, int[] rect) {
        if (img == null) {
            return null;
        }
        int w = (int) img.dimension(0);
        int h = (int) img.dimension(1);
        int planes = (int) (img.size() / ((long) w * h));
        float[] src = FloatMaps.data(img);
        float[] dst = new float[rect[2] * rect[3] * planes];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < rect[3]; y++) {
                System.arraycopy(src, p * w * h + (rect[1] + y) * w + rect[0], dst, (p * rect[3] + y) * rect[2],
                        rect[2]);
            }
        }
        long[] dims = new long[img.numDimensions()];
        img.dimensions(dims);
        dims[0] = rect[2];
        dims[1] = rect[3];
        return ArrayImgs.floats(dst, dims);
    }
}
