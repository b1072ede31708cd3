package org.defocusj.command;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;

import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

import org.defocusj.BadInputException;
import org.defocusj.io.HeightMaps;
import org.defocusj.surface.HeightField;
import org.defocusj.surface.SurfaceSettings;

/**
 * What the surface commands share: the height map (an open one-plane 32-bit image with its calibration), an
 * optional open confidence map, the declared preparation ({@link SurfaceSettings}: minimum confidence, form
 * removal, S- and L-filter) and a results table.
 */
public abstract class HeightMapCommand extends DefocusCommand {

    @Parameter(label = "Height map", persist = false,
            description = "One-plane 32-bit height map (e.g. DefocusJ's depth), with its xy calibration and "
                    + "value unit")
    ImagePlus image;

    @Parameter(label = "Confidence image", required = false, persist = false,
            description = "Title of an open confidence map of the same size (weights the form fit; pixels below "
                    + "Min confidence are left out); empty for none",
            attrs = @Attr(name = PARAMETER_ID, value = "confidence"))
    String confidence = "";

    /** The height map as a field, with the confidence applied and the form removed, as the settings say. */
    protected SurfaceSettings.Prepared prepare(SurfaceSettings settings) {
        HeightField field = heightField();
        return settings.prepare(field, confidenceValues(field));
    }

    /** The height map as a field (not yet masked or levelled). */
    protected HeightField heightField() {
        if (image == null) {
            throw BadInputException.forParameter("image", "no image (expected an open one-plane 32-bit height map)");
        }
        try {
            return HeightMaps.fromImage(image, image.getTitle());
        } catch (BadInputException e) {
            throw BadInputException.forParameter("image", e);
        }
    }

    private float[] confidenceValues(HeightField field) {
        String title = confidence == null ? "" : confidence.trim();
        if (title.isEmpty()) {
            return null;
        }
        ImagePlus c = WindowManager.getImage(title);
        if (c == null) {
            throw BadInputException.forParameter(SurfaceSettings.CONFIDENCE.id(), "no open image is titled '" + title
                    + "' (expected the title of an open confidence map, or nothing)");
        }
        try {
            return HeightMaps.confidence(c, field, title);
        } catch (BadInputException e) {
            throw BadInputException.forParameter(SurfaceSettings.CONFIDENCE.id(), e);
        }
    }

    /** Tables by title that have no window (headless, batch mode), so later rows join the earlier ones. */
    private static final Map<String, ResultsTable> WINDOWLESS = new ConcurrentHashMap<>();

    /**
     * Results table {@code title}: the system "Results" table, the shown table of that name, or (without a
     * window, e.g. headless) the one these commands last filled under that name; new if none.
     */
    public static ResultsTable table(String title) {
        String t = title == null || title.trim().isEmpty() ? EvaluateDepthCommand.RESULTS : title.trim();
        if (EvaluateDepthCommand.RESULTS.equals(t)) {
            return ResultsTable.getResultsTable();
        }
        ResultsTable shown = ResultsTable.getResultsTable(t);
        return shown != null ? shown : WINDOWLESS.computeIfAbsent(t, k -> new ResultsTable());
    }

    /** The image's title, for rows and new images. */
    protected String imageTitle() {
        return image.getTitle();
    }
}
