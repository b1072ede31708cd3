package org.defocusj.align;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.defocusj.depth.ProgressListener;
import org.defocusj.stack.FocusStack;

/**
 * Where each slice of a stack lies relative to the reference slice ({@link SliceTransform} per slice, with the
 * residual of the match that placed it), or why that could not be found.
 */
public final class Alignment {

    /** Property keys recorded in results (and so in the outputs' info). */
    public static final String PROPERTY = "alignment";
    public static final String TRANSFORMS = "alignment_transforms";
    public static final String WARNING = "alignment_warning";
    public static final String VALID_REGION = "alignment_valid_region";

    private final String stackName;
    private final int width;
    private final int height;
    private final double[] focus;
    private final String unit;
    private final AlignModel model;
    private final int reference;
    private final SliceTransform[] transforms;
    private final double[] residuals;
    private final List<String> warnings;
    private final String failure;
    private final int failedSlice;
    private final double correlationGain;

    private Alignment(FocusStack stack, AlignModel model, int reference, SliceTransform[] transforms,
            double[] residuals, List<String> warnings, String failure, int failedSlice, double correlationGain) {
        this.correlationGain = correlationGain;
        this.stackName = stack.name();
        this.width = stack.width();
        this.height = stack.height();
        this.focus = stack.focus().toArray();
        this.unit = stack.unit().symbol();
        this.model = model;
        this.reference = reference;
        this.transforms = transforms;
        this.residuals = residuals;
        this.warnings = Collections.unmodifiableList(new ArrayList<>(warnings));
        this.failure = failure;
        this.failedSlice = failedSlice;
    }

    static Alignment of(FocusStack stack, AlignModel model, int reference, SliceTransform[] transforms,
            double[] residuals, List<String> warnings, double correlationGain) {
        return new Alignment(stack, model, reference, transforms.clone(), residuals.clone(), warnings, null, -1,
                correlationGain);
    }

    static Alignment failed(FocusStack stack, AlignModel model, int reference, int slice, String why) {
        return new Alignment(stack, model, reference, null, null, List.of(), why, slice, Double.NaN);
    }

    /**
     * How much the fitted transforms raised the correlation of neighbouring slices over leaving them where they
     * are, at the link where they raised it most: near 0 for a stack that does not move.
     */
    public double correlationGain() {
        return correlationGain;
    }

    /** Known transforms, e.g. to warp a stack by them in a test or a degradation. */
    public static Alignment known(FocusStack stack, SliceTransform[] transforms) {
        int ref = (stack.slices() - 1) / 2;
        return of(stack, AlignModel.SIMILARITY, ref, transforms, new double[transforms.length], List.of(), 1);
    }

    public boolean failed() {
        return failure != null;
    }

    /** Why alignment failed, naming the slices (null when it did not fail). */
    public String failure() {
        return failure;
    }

    /** The slice (0-based) that could not be placed, or -1. */
    public int failedSlice() {
        return failedSlice;
    }

    public AlignModel model() {
        return model;
    }

    /** The reference slice (0-based): the middle one. */
    public int reference() {
        return reference;
    }

    /** Slice {@code z}'s transform from the reference (0-based). */
    public SliceTransform transform(int z) {
        return transforms[z];
    }

    public int slices() {
        return transforms.length;
    }

    /** 1 - correlation of the match that placed slice {@code z}; 0 for the reference. */
    public double residual(int z) {
        return residuals[z];
    }

    /** Warnings about single slices (large residuals), each naming the slice. */
    public List<String> warnings() {
        return warnings;
    }

    /** The largest distance any pixel moves under any slice's transform. */
    public double largestDisplacement() {
        double worst = 0;
        for (SliceTransform t : transforms) {
            worst = Math.max(worst, t.maxDistance(SliceTransform.IDENTITY, width, height));
        }
        return worst;
    }

    /** The region every aligned slice covers. */
    public ValidRegion validRegion() {
        return ValidRegion.of(transforms, width, height);
    }

    /**
     * {@code stack} (the one this alignment was estimated on) seen with its slices warped onto the reference as
     * they are read: a view that warps again on every read, its float samples unrounded.
     */
    public FocusStack apply(FocusStack stack) {
        requireSize(stack);
        return WarpedStack.of(stack, transforms);
    }

    /**
     * {@code stack} with every slice warped onto the reference once, on {@code threads} threads, in the stack's
     * own sample type (integer samples rounded): in place when the stack owns its pixels, so that they are the
     * aligned ones afterwards, else in a copy, or where the heap has no room for one in a view rounding alike.
     */
    public FocusStack warpOnce(FocusStack stack, int threads, ProgressListener progress) {
        requireSize(stack);
        return WarpedStack.once(stack, transforms, threads, progress);
    }

    private void requireSize(FocusStack stack) {
        if (stack.width() != width || stack.height() != height || stack.slices() != transforms.length) {
            throw new IllegalArgumentException("alignment of a " + width + " x " + height + " x "
                    + transforms.length + " stack applied to " + stack.width() + " x " + stack.height() + " x "
                    + stack.slices());
        }
    }

    /** One line per slice: slice, focus distance, scale, rotation, shift, residual; a header first. */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "slice focus(%s) scale rotation_deg dx_px dy_px residual", unit));
        for (int z = 0; z < transforms.length; z++) {
            SliceTransform t = transforms[z];
            lines.add(String.format(Locale.ROOT, "%d %.6g %.6f %.4f %.3f %.3f %.4f%s", z + 1, focus[z], t.scale(),
                    t.rotationDegrees(), t.dx(), t.dy(), residuals[z], z == reference ? " (reference)" : ""));
        }
        return lines;
    }

    /** A one-line summary, e.g. {@code similarity to slice 5 of 9, largest displacement 12.3 px}. */
    public String summary() {
        if (failed()) {
            return model.key() + ": failed (" + failure + ")";
        }
        return String.format(Locale.ROOT, "%s to slice %d of %d, largest displacement %.2f px, correlation gain "
                + "%.3f", model.key(), reference + 1, transforms.length, largestDisplacement(), correlationGain);
    }

    /** What results record: the summary, the table and the warnings. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(PROPERTY, summary());
        if (!failed()) {
            p.put(TRANSFORMS, String.join("\n", table()));
        }
        if (!warnings.isEmpty()) {
            p.put(WARNING, String.join("; ", warnings));
        }
        return p;
    }

    /**
     * What a front end logs of a result's {@code properties}: the summary and one line per slice (empty when
     * the stack was not aligned). Warnings are apart ({@link #warning}): they are shown even when quiet.
     */
    public static List<String> report(Map<String, String> properties) {
        List<String> lines = new ArrayList<>();
        String summary = properties.get(PROPERTY);
        if (summary == null) {
            return lines;
        }
        lines.add("alignment: " + summary);
        String region = properties.get(VALID_REGION);
        if (region != null) {
            lines.add("alignment: " + region);
        }
        String table = properties.get(TRANSFORMS);
        if (table != null) {
            for (String l : table.split("\n")) {
                lines.add("alignment: " + l);
            }
        }
        return lines;
    }

    /** The alignment warning recorded in a result's properties, or null. */
    public static String warning(Map<String, String> properties) {
        return properties.get(WARNING);
    }

    public String stackName() {
        return stackName;
    }
}
