package org.defocusj.command;

import java.awt.Rectangle;
import java.util.List;

import ij.gui.Roi;
import ij.measure.ResultsTable;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.depth.ProgressListener;
import org.defocusj.surface.ArealParameters;
import org.defocusj.surface.HeightField;
import org.defocusj.surface.SurfaceSettings;

/**
 * The ISO 25178-2 areal parameters of the current height map (inside its area ROI, if it has one), after form
 * removal and the optional filters, as one row of a results table: the parameter keys as columns (macros read
 * {@code getResult("Sa", row)}) and the units in the height_unit, xy_unit and slope_unit columns.
 */
@Plugin(type = Command.class, label = "Surface Parameters", headless = true,
        description = "ISO 25178-2 areal parameters (Sa, Sq, Sp, Sv, Sz, Ssk, Sku, Sdq, Sdr, Smr, Sk, Spk, Svk, "
                + "Smr1, Smr2) of a levelled height map")
public final class SurfaceParametersCommand extends HeightMapCommand {

    /** The table the rows go to unless another is named. */
    public static final String TABLE = "Surface Parameters";

    @Parameter(label = "Table", persist = false, description = "Results table that receives the row; 'Results' is "
            + "the one macros read with getResult()")
    String table = TABLE;

    private static final List<Object> LAYOUT = slots("image", "confidence", SurfaceSettings.PREPARATION, "table");

    private ArealParameters parameters;

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected void perform(ProgressListener progress) {
        parameters = null;
        SurfaceSettings settings = SurfaceSettings.from(values());
        progress.progress(0, 1, "measuring " + (image == null ? "" : image.getTitle()));
        SurfaceSettings.Prepared prepared = prepare(settings);
        HeightField s = insideRoi(prepared.surface());
        ArealParameters p = org.defocusj.surface.ArealParameters.of(s, settings.smrHeight());
        String title = table == null || table.trim().isEmpty() ? TABLE : table.trim();
        ResultsTable rt = table(title);
        rt.incrementCounter();
        rt.addValue("image", imageTitle());
        rt.addValue("level", settings.level().key());
        rt.addValue("valid_pixels", p.validPixels());
        for (String key : p.values().keySet()) {
            rt.addValue(key, p.get(key));
            rt.setDecimalPlaces(rt.getColumnIndex(key), 6);
        }
        rt.addValue("height_unit", p.heightUnit());
        rt.addValue("xy_unit", p.xyUnit());
        rt.addValue("slope_unit", p.unit("Sdq").isEmpty() ? "1" : p.unit("Sdq"));
        rt.addValue("smr_c", p.smrHeight());
        rt.show(title);
        for (String w : p.warnings()) {
            ij.IJ.log(title() + ": warning: " + w);
        }
        progress.progress(1, 1, "measured " + imageTitle());
        parameters = p;
    }

    /** Only the pixels inside the image's area ROI count (all without one). */
    private HeightField insideRoi(HeightField s) {
        Roi roi = image.getRoi();
        if (roi == null || !roi.isArea()) {
            return s;
        }
        float[] z = s.heights();
        float[] out = new float[z.length];
        Rectangle b = roi.getBounds();
        java.util.Arrays.fill(out, Float.NaN);
        for (int y = Math.max(0, b.y); y < Math.min(s.height(), b.y + b.height); y++) {
            for (int x = Math.max(0, b.x); x < Math.min(s.width(), b.x + b.width); x++) {
                if (roi.contains(x, y)) {
                    out[y * s.width() + x] = z[y * s.width() + x];
                }
            }
        }
        return s.withHeights(out);
    }

    /** The parameters of the last successful run, or null. */
    ArealParameters parameters() {
        return parameters;
    }
}
