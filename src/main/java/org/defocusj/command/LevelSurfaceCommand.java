package org.defocusj.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.depth.ProgressListener;
import org.defocusj.io.HeightMaps;
import org.defocusj.io.Luts;
import org.defocusj.surface.FittedForm;
import org.defocusj.surface.SurfaceSettings;

/**
 * Form removal: a new image {@code NAME-levelled}, the height map minus its least-squares plane or polynomial
 * (weighted by confidence, low-confidence pixels left out as NaN), then the optional S- and L-filter; the fitted
 * form's coefficients (real units, from the image centre) go to the table "Fitted Form".
 */
@Plugin(type = Command.class, label = "Level Surface", headless = true,
        description = "Subtracts the least-squares plane or polynomial (order 1-3) from a height map")
public final class LevelSurfaceCommand extends HeightMapCommand {

    public static final String TABLE = "Fitted Form";

    @Parameter(label = "Levelled", type = ItemIO.OUTPUT)
    ImagePlus levelled;

    private static final List<Object> LAYOUT = slots("image", "confidence", SurfaceSettings.MIN_CONFIDENCE,
            SurfaceSettings.LEVEL, SurfaceSettings.S_FILTER, SurfaceSettings.L_FILTER);

    private FittedForm form;

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected void perform(ProgressListener progress) {
        form = null;
        SurfaceSettings settings = SurfaceSettings.from(values());
        SurfaceSettings.Prepared p = prepare(settings);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("software", "DefocusJ Level Surface");
        info.put("source", imageTitle());
        info.put("form_removed", p.form().describe());
        info.put("settings", settings.toString());
        ImagePlus out = HeightMaps.toImage(p.surface(), org.defocusj.io.ImageInputs.baseTitle(image) + "-levelled",
                info);
        Luts.showAsDepth(out);
        ResultsTable rt = table(TABLE);
        rt.reset();
        for (FittedForm.Coefficient c : p.form().coefficients()) {
            rt.incrementCounter();
            rt.addValue("image", imageTitle());
            rt.addValue("coefficient", c.name());
            rt.addValue("term", c.term());
            rt.addValue("value", c.value());
            rt.setDecimalPlaces(rt.getColumnIndex("value"), 9);
            rt.addValue("unit", c.unit());
        }
        if (rt.size() > 0) {
            rt.show(TABLE);
        }
        IJ.log(title() + ": " + imageTitle() + ": form removed: " + p.form().describe());
        form = p.form();
        levelled = out;
    }

    FittedForm form() {
        return form;
    }
}
