package org.defocusj.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

import org.defocusj.align.Alignment;
import org.defocusj.depth.DepthResult;
import org.defocusj.io.ResultFiles;
import org.defocusj.io.TiffWriter;
import org.defocusj.stack.FocusStack;

/**
 * The images one depth estimation gives ImageJ: depth (32-bit, xy calibration of the stack, value unit the
 * focus unit, viridis LUT, provenance in Info) and, when asked for, confidence (32-bit, 0..1) and the
 * all-in-focus composite (in the stack's type). Built with the same writers as the CLI's TIFFs, so a depth
 * map saved from Fiji equals the CLI's file.
 */
public final class DepthImages {

    /* The colour bar's caption (quantity and unit), kept on the depth image for withCalibrationBar(). */
    private static final String LABEL_PROPERTY = "defocusj.depth_label";

    private final ImagePlus depth;
    private final ImagePlus confidence;
    private final ImagePlus allInFocus;
    private final ImagePlus aligned;

    private final List<String> notes;

    private DepthImages(ImagePlus depth, ImagePlus confidence, ImagePlus allInFocus, ImagePlus aligned,
            List<String> notes) {
        this.notes = notes;
        this.depth = depth;
        this.confidence = confidence;
        this.allInFocus = allInFocus;
        this.aligned = aligned;
    }

    /**
     * @param depthTitle title of the depth image; the others append {@code -confidence} / {@code -all-in-focus}
     *                   to the stack's base title
     * @param withCalibrationBar adds the colour bar with ticks and unit as an overlay of the depth image
     */
    public static DepthImages of(DepthResult result, FocusStack stack, String baseTitle, String depthTitle,
            boolean withConfidence, boolean withAllInFocus, boolean withCalibrationBar) {
        Map<String, String> info = ResultFiles.provenance(result, stack);
        ImagePlus d = TiffWriter.floatMap(depthTitle, result.depth(), stack.calibration(),
                ResultFiles.valueUnit(result), info);
        Luts.showAsDepth(d);
        d.setProp(LABEL_PROPERTY, ResultFiles.pngLabel(result));
        if (withCalibrationBar) {
            Luts.addCalibrationBar(d, ResultFiles.pngLabel(result));
        }
        ImagePlus c = null;
        if (withConfidence && result.confidence() != null) {
            c = TiffWriter.floatMap(baseTitle + "-confidence", result.confidence(), stack.calibration(), "", info);
            Luts.showAsConfidence(c);
        }
        ImagePlus a = null;
        if (withAllInFocus && result.allInFocus() != null) {
            a = TiffWriter.intensityImage(baseTitle + "-all-in-focus", result.allInFocus(), stack.whiteLevel(),
                    stack.calibration(), info);
        }
        List<String> notes = new ArrayList<>(stack.notes());
        // The alignment goes to the log with how the stack was read: its warning first, then one line per slice.
        String warning = Alignment.warning(result.properties());
        if (warning != null) {
            notes.add("warning: " + warning);
        }
        notes.addAll(Alignment.report(result.properties()));
        return new DepthImages(d, c, a, null, Collections.unmodifiableList(notes));
    }

    /**
     * The same images and the stack as the method saw it ({@code seen}: aligned, or as read when it was not), in the
     * stack's bit depth, titled {@code BASE-aligned}.
     */
    public DepthImages withAligned(FocusStack seen, DepthResult result, FocusStack stack, String baseTitle) {
        ImagePlus s = AlignedStackFile.inMemory(seen, baseTitle + "-aligned", ResultFiles.provenance(result, stack));
        return new DepthImages(depth, confidence, allInFocus, s, notes);
    }

    /** The same images with the colour bar (ticks and unit) added to the depth image as an overlay. */
    public DepthImages withCalibrationBar() {
        Luts.addCalibrationBar(depth, depth.getProp(LABEL_PROPERTY));
        return this;
    }

    /** Images a command already holds as its outputs. */
    public static DepthImages wrap(ImagePlus depth, ImagePlus confidence, ImagePlus allInFocus) {
        return new DepthImages(depth, confidence, allInFocus, null, List.of());
    }

    /** Depth in the focus unit (NaN where there is none). */
    public ImagePlus getDepth() {
        return depth;
    }

    /** Confidence in [0, 1], or null if not requested or not produced. */
    public ImagePlus getConfidence() {
        return confidence;
    }

    /** The all-in-focus composite, or null if not requested. */
    public ImagePlus getAllInFocus() {
        return allInFocus;
    }

    /** The stack as the method saw it, or null if not requested. */
    public ImagePlus getAligned() {
        return aligned;
    }

    /**
     * How the stack was read where the user should know ({@link FocusStack#notes()}), then how it was aligned
     * (a warning if alignment failed, the transform per slice); empty for a stack read plainly and not aligned.
     */
    public List<String> notes() {
        return notes;
    }

    /** The images that exist, depth first. */
    public List<ImagePlus> all() {
        List<ImagePlus> list = new ArrayList<>(4);
        list.add(depth);
        if (confidence != null) {
            list.add(confidence);
        }
        if (allInFocus != null) {
            list.add(allInFocus);
        }
        if (aligned != null) {
            list.add(aligned);
        }
        return Collections.unmodifiableList(list);
    }
}
