package org.defocusj.command;

import java.awt.Rectangle;
import java.util.List;

import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.depth.ProgressListener;
import org.defocusj.surface.PixelRegion;
import org.defocusj.surface.StepHeight;
import org.defocusj.surface.SurfaceSettings;

/**
 * The step height between two regions of the levelled height map: the Step regions field (X,Y,W,H:X,Y,W,H), or
 * else the first two ROIs of the ROI Manager (their bounding rectangles): median of the second minus median of
 * the first, over the central part of each (Step core fraction), with MAD and IQR, as a results table row.
 */
@Plugin(type = Command.class, label = "Step Height", headless = true,
        description = "Step height between two regions (median of each, with MAD and IQR) of a levelled height map")
public final class StepHeightCommand extends HeightMapCommand {

    public static final String TABLE = "Step Height";

    @Parameter(label = "Table", persist = false, description = "Results table that receives the row")
    String table = TABLE;

    private static final List<Object> LAYOUT = slots("image", "confidence", SurfaceSettings.MIN_CONFIDENCE,
            SurfaceSettings.LEVEL, SurfaceSettings.S_FILTER, SurfaceSettings.L_FILTER, SurfaceSettings.STEPS,
            SurfaceSettings.STEP_CORE, "table");

    private StepHeight step;

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected void perform(ProgressListener progress) {
        step = null;
        SurfaceSettings settings = SurfaceSettings.from(values());
        PixelRegion[] regions = regions(values().get(SurfaceSettings.STEPS));
        SurfaceSettings.Prepared prepared = prepare(settings);
        StepHeight s = StepHeight.measure(prepared.surface(), regions[0], regions[1], settings.stepCore(),
                SurfaceSettings.STEPS.id(), SurfaceSettings.STEP_CORE.id());
        String title = table == null || table.trim().isEmpty() ? TABLE : table.trim();
        ResultsTable rt = table(title);
        rt.incrementCounter();
        rt.addValue("image", imageTitle());
        rt.addValue("level", settings.level().key());
        rt.addValue("step", s.step());
        addSide(rt, "A", s.first());
        addSide(rt, "B", s.second());
        rt.addValue("height_unit", s.heightUnit());
        rt.show(title);
        step = s;
    }

    private static void addSide(ResultsTable rt, String name, StepHeight.Side side) {
        rt.addValue(name + "_region", side.region().toString());
        rt.addValue(name + "_measured", side.core().toString());
        rt.addValue(name + "_valid", side.valid());
        rt.addValue(name + "_median", side.median());
        rt.addValue(name + "_mad", side.mad());
        rt.addValue(name + "_iqr", side.iqr());
    }

    private static PixelRegion[] regions(String text) {
        if (text != null && !text.trim().isEmpty()) {
            return StepHeight.parseRegions(text, SurfaceSettings.STEPS.id());
        }
        RoiManager rm = RoiManager.getInstance();
        Roi[] rois = rm == null ? new Roi[0] : rm.getRoisAsArray();
        if (rois.length < 2) {
            throw BadInputException.forParameter(SurfaceSettings.STEPS.id(), "no regions given and the ROI Manager "
                    + "holds " + rois.length + " ROI(s) (expected two ROIs there, or X,Y,W,H:X,Y,W,H)");
        }
        PixelRegion[] r = new PixelRegion[2];
        for (int i = 0; i < 2; i++) {
            Rectangle b = rois[i].getBounds();
            r[i] = new PixelRegion(b.x, b.y, b.width, b.height);
        }
        return r;
    }

    StepHeight step() {
        return step;
    }
}
