package org.defocusj.fossa;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

import net.imglib2.img.array.ArrayImgs;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthMethods;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.ProgressListener;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffMethod;
import org.defocusj.stack.CameraIntrinsics;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.PlaneReader;

/**
 * FOSSA depth from defocus. Preprocesses the stack as the reference does (RGB in [0, 1]; gray replicated
 * to three channels; the network itself normalises and resizes), converts focus distances to metres and
 * to FOSSA's canonical depth {@code fd * W / f_px}, runs the network, and converts its output back with
 * {@code depth = out * f_px / W} into the stack's unit, at the stack's resolution.
 */
public final class FossaEstimator implements DepthEstimator {

    private final FossaModel model;
    private final DepthFromFocus companions;

    /**
     * The focal length comes from the stack ({@link FocusStack#intrinsics()}).
     *
     * @param companions if not null, run alongside to supply what FOSSA itself does not output: the
     *                   all-in-focus composite and a (focus-measure) confidence map
     */
    public FossaEstimator(FossaModel model, DepthFromFocus companions) {
        this.model = model;
        this.companions = companions;
    }

    @Override
    public String name() {
        return "fossa";
    }

    @Override
    public DepthResult estimate(FocusStack stack, ProgressListener progress) {
        ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
        int n = stack.slices();
        int w = stack.width();
        int h = stack.height();
        if (stack.unit().isRelative()) {
            throw new BadInputException(stack.name() + ": FOSSA needs metric focus distances (m, mm, ...); these are "
                    + "slice indices (" + BadInputException.ref(FocusSource.FOCUS.id()) + " " + FocusSource.INDEX
                    + "). Give the distances with " + BadInputException.ref(FocusSource.FOCUS.id()) + " and "
                    + BadInputException.ref(FocusSource.UNIT.id()));
        }
        if (n > model.info().maxStack()) {
            throw new BadInputException(stack.name() + ": has " + n + " focus slices but model " + model.name()
                    + " accepts at most " + model.info().maxStack());
        }
        if (stack.channels() != 1 && stack.channels() != 3) {
            throw new BadInputException(stack.name() + ": has " + stack.channels() + " channels (expected gray or RGB "
                    + "for FOSSA)");
        }
        CameraIntrinsics k = stack.intrinsics();
        if (k == null) {
            throw FocalLength.missing("FOSSA");
        }
        double fPx = k.focalLengthPx();
        double toMetres = stack.unit().convert(1, DistanceUnit.M);
        float[] fd = new float[n];
        for (int i = 0; i < n; i++) {
            fd[i] = (float) (stack.focus().get(i) * toMetres * w / fPx);
        }
        pl.progress(0, 3, "FOSSA: reading stack");
        float[] rgb = rgbInUnitRange(stack);
        if (!model.info().normalisedInside()) {
            normalise(rgb, n, w * h, model.info().mean(), model.info().std());
        }
        if (pl.isCancelled()) {
            throw new CancellationException("cancelled");
        }
        pl.progress(1, 3, "FOSSA: inference");
        float[] out;
        synchronized (model) { // one forward pass at a time bounds memory by one stack's activations
            out = model.predict(rgb, fd, n, h, w);
        }
        pl.progress(2, 3, "FOSSA: depth");
        double back = fPx / w / toMetres;
        float[] depth = new float[out.length];
        for (int i = 0; i < depth.length; i++) {
            depth[i] = (float) (out[i] * back);
        }
        pl.progress(3, 3, "FOSSA: done");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("method", name());
        props.put("model", model.name());
        props.put("encoder", model.info().encoder());
        props.put("focal_length_px", String.format(Locale.ROOT, "%.4f (%s)", fPx, k.origin()));
        props.put("depth_unit", stack.unit().symbol());
        props.put("relative", "false");
        if (companions == null) {
            return new DepthResult(ArrayImgs.floats(depth, w, h), null, null, stack.unit(), props);
        }
        DepthResult dff = companions.estimate(stack, pl);
        props.put("confidence_and_all_in_focus", "depth from focus (" + companions.parameters() + ")");
        return new DepthResult(ArrayImgs.floats(depth, w, h), dff.confidence(), dff.allInFocus(), stack.unit(), props);
    }

    /** ImageNet-style per-channel normalisation, for exports that do not normalise inside the network. */
    static void normalise(float[] rgb, int n, int plane, float[] mean, float[] std) {
        for (int z = 0; z < n; z++) {
            for (int c = 0; c < 3; c++) {
                int offset = (z * 3 + c) * plane;
                for (int i = 0; i < plane; i++) {
                    rgb[offset + i] = (rgb[offset + i] - mean[c]) / std[c];
                }
            }
        }
    }

    /**
     * The stack as N x 3 x H x W floats in [0, 1]. 8-bit data is divided by 255. 16-bit data by the full
     * scale of the bit depth it actually uses (4095 for 12-bit, 16383 for 14-bit, 65535), since cameras store
     * 12- and 14-bit raw values in 16-bit files. Float data is scaled from its own min..max; a NaN or
     * infinite sample is bad input (see {@link #nonFinite}).
     */
    static float[] rgbInUnitRange(FocusStack stack) {
        int n = stack.slices();
        int w = stack.width();
        int h = stack.height();
        int nC = stack.channels();
        int plane = w * h;
        float[] out = new float[n * 3 * plane];
        PlaneReader reader = stack.reader();
        for (int z = 0; z < n; z++) {
            for (int c = 0; c < 3; c++) {
                int offset = (z * 3 + c) * plane;
                if (c < nC) {
                    reader.readRows(c, z, 0, h, out, offset);
                } else {
                    System.arraycopy(out, (z * 3) * plane, out, offset, plane);
                }
            }
        }
        double lo = 0;
        double scale;
        double white = stack.whiteLevel();
        if (white == 255) {
            scale = 1 / 255.0;
        } else {
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            long nonFinite = 0;
            for (float v : out) {
                if (Float.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                } else {
                    nonFinite++;
                }
            }
            if (nonFinite > 0) {
                // Gray was replicated to three channels above: each of its samples was counted three times.
                throw nonFinite(stack, nonFinite * nC / 3);
            }
            if (white == 65535) {
                int bits = 8;
                while (bits < 16 && max > (1 << bits) - 1) {
                    bits++;
                }
                scale = 1.0 / ((1 << bits) - 1);
            } else {
                lo = min;
                scale = max > min ? 1.0 / (max - min) : 1;
            }
        }
        for (int i = 0; i < out.length; i++) {
            float v = (float) ((out[i] - lo) * scale);
            out[i] = Math.max(0f, Math.min(1f, v));
        }
        return out;
    }

    /**
     * Refusal of a stack with NaN or infinite pixels. The network has no notion of a missing pixel, and its
     * attention spans the whole image, so any stand-in value (0, the mean, an inpainting) would change depth far
     * from the bad pixels without saying so; depth from focus can leave them out, so it is offered instead.
     *
     * @param count the non-finite samples of the stack as read (before gray is replicated to RGB)
     */
    private static BadInputException nonFinite(FocusStack stack, long count) {
        return new BadInputException(stack.name() + ": " + count + " pixel values are NaN or infinite, which FOSSA "
                + "cannot leave out; replace them first (in Fiji: Process > Math > Remove NaNs...) or use "
                + BadInputException.ref(DepthMethods.METHOD) + " " + DffMethod.KEY + ", which masks them");
    }
}
