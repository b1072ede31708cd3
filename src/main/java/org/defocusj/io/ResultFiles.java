package org.defocusj.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthResult;
import org.defocusj.io.AtomicOutputs;
import org.defocusj.io.DepthPng;
import org.defocusj.io.TiffWriter;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusStack;

/**
 * The files one depth estimation writes: the depth TIFF, and optionally confidence, all-in-focus and a
 * colourised PNG. All are reserved before the (long) estimation and appear together on success.
 */
public final class ResultFiles {

    private final Path depth;
    private final Path confidence;
    private final Path allInFocus;
    private final Path png;
    private Path depthTemp;
    private Path confidenceTemp;
    private Path allInFocusTemp;
    private Path pngTemp;

    /** Any but {@code depth} may be null. */
    public ResultFiles(Path depth, Path confidence, Path allInFocus, Path png) {
        this.depth = depth;
        this.confidence = confidence;
        this.allInFocus = allInFocus;
        this.png = png;
    }

    /** Checks the folders and reserves temporary files; call before estimating. */
    public void reserve(AtomicOutputs outputs) {
        depthTemp = outputs.reserve(depth, "out");
        confidenceTemp = confidence == null ? null : outputs.reserve(confidence, "confidence");
        allInFocusTemp = allInFocus == null ? null : outputs.reserve(allInFocus, "all-in-focus");
        pngTemp = png == null ? null : outputs.reserve(png, "png");
    }

    /** Writes every requested file to its temporary path; {@link AtomicOutputs#commit()} publishes them. */
    public void write(DepthResult result, FocusStack stack) throws IOException {
        Map<String, String> info = provenance(result, stack);
        String unit = valueUnit(result);
        TiffWriter.write(TiffWriter.floatMap("depth", result.depth(), stack.calibration(), unit, info), depthTemp);
        if (confidenceTemp != null) {
            if (result.confidence() == null) {
                throw BadInputException.forParameter("confidence", "method " + result.properties().get("method")
                        + " does not produce a confidence map");
            }
            TiffWriter.write(TiffWriter.floatMap("confidence", result.confidence(), stack.calibration(), "", info),
                    confidenceTemp);
        }
        if (allInFocusTemp != null) {
            if (result.allInFocus() == null) {
                throw BadInputException.forParameter("all-in-focus", "method " + result.properties().get("method")
                        + " does not produce an all-in-focus image");
            }
            ImagePlus aif = TiffWriter.intensityImage("all-in-focus", result.allInFocus(), stack.whiteLevel(),
                    stack.calibration(), info);
            TiffWriter.write(aif, allInFocusTemp);
        }
        if (pngTemp != null) {
            Img<FloatType> d = result.depth();
            DepthPng.write(FloatMaps.data(d), (int) d.dimension(0), (int) d.dimension(1), pngLabel(result), pngTemp);
        }
    }

    /** What DefocusJ records in a result's Info: software, source stack, method and parameters, focus distances. */
    public static Map<String, String> provenance(DepthResult result, FocusStack stack) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("software", "DefocusJ");
        info.put("source", stack.name());
        info.putAll(result.properties());
        info.put("focus_distances", stack.focus().toString());
        if (!stack.notes().isEmpty()) {
            // Parameters by id: a record, read the same whichever front end made it.
            info.put("notes", stack.notes().stream().map(n -> BadInputException.render(n, id -> id))
                    .collect(Collectors.joining("; ")));
        }
        return info;
    }

    /** The value unit written into depth TIFFs: ASCII so that every TIFF reader keeps it. */
    public static String valueUnit(DepthResult result) {
        switch (result.unit()) {
            case UM:
                return "um";
            default:
                return result.unit().symbol();
        }
    }

    /** What a colour bar of this depth says: the quantity and its unit. */
    public static String pngLabel(DepthResult result) {
        return result.unit().isRelative() ? "relative depth (slice)" : "depth (" + result.unit().symbol() + ")";
    }

    public Path depth() {
        return depth;
    }

    public Path confidence() {
        return confidence;
    }

    public Path allInFocus() {
        return allInFocus;
    }

    public Path png() {
        return png;
    }
}
