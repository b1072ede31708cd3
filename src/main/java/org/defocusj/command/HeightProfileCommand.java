package org.defocusj.command;

import java.util.List;

import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.Roi;
import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.depth.ProgressListener;
import org.defocusj.io.ProfilePlots;
import org.defocusj.surface.HeightProfile;
import org.defocusj.surface.SurfaceReport;
import org.defocusj.surface.SurfaceSettings;

/**
 * The height along the image's straight line ROI (or the Profile line field, X0,Y0,X1,Y1 in pixels) of the
 * levelled height map, sampled bilinearly: a table (distance in the xy unit, x, y, height in the height unit)
 * and a plot.
 */
@Plugin(type = Command.class, label = "Height Profile", headless = true,
        description = "Height along a line ROI of a levelled height map, as a table and a plot, with units")
public final class HeightProfileCommand extends HeightMapCommand {

    /** The table the profile goes to. */
    public static final String TABLE = "Height Profile";

    @Parameter(label = "Profile image", type = ItemIO.OUTPUT)
    ImagePlus plot;

    private static final List<Object> LAYOUT = slots("image", "confidence", SurfaceSettings.MIN_CONFIDENCE,
            SurfaceSettings.LEVEL, SurfaceSettings.S_FILTER, SurfaceSettings.L_FILTER, SurfaceSettings.PROFILE);

    private HeightProfile profile;

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected void perform(ProgressListener progress) {
        profile = null;
        SurfaceSettings settings = SurfaceSettings.from(values());
        double[] line = line(values().get(SurfaceSettings.PROFILE));
        SurfaceSettings.Prepared prepared = prepare(settings);
        HeightProfile p = HeightProfile.along(prepared.surface(), line[0], line[1], line[2], line[3],
                SurfaceSettings.PROFILE.id());
        ResultsTable rt = table(TABLE);
        rt.reset();
        double[] d = p.distance();
        double[] x = p.x();
        double[] y = p.y();
        double[] z = p.heights();
        String dist = "distance_" + p.xyUnit();
        String height = "height_" + p.heightUnit();
        for (int i = 0; i < d.length; i++) {
            rt.incrementCounter();
            rt.addValue(dist, d[i]);
            rt.addValue("x_px", x[i]);
            rt.addValue("y_px", y[i]);
            rt.addValue(height, z[i]);
        }
        rt.show(TABLE);
        ij.IJ.log(title() + ": " + imageTitle() + ": " + SurfaceReport.profileLine(p));
        plot = ProfilePlots.plot(p, "Height profile of " + imageTitle()).getImagePlus();
        profile = p;
    }

    /** The line from the field, else from the image's straight line ROI, in pixel-centre coordinates. */
    private double[] line(String text) {
        if (text != null && !text.trim().isEmpty()) {
            return HeightProfile.parseLine(text, SurfaceSettings.PROFILE.id());
        }
        Roi roi = image == null ? null : image.getRoi();
        if (!(roi instanceof Line) || roi.getType() != Roi.LINE) {
            throw BadInputException.forParameter(SurfaceSettings.PROFILE.id(), "no straight line selection on the "
                    + "image and no line given (expected a line ROI, or X0,Y0,X1,Y1 in pixels)");
        }
        Line l = (Line) roi;
        // ImageJ's line ends are in pixel-edge coordinates: the centre of pixel (0, 0) is at (0.5, 0.5).
        return new double[] {l.x1d - 0.5, l.y1d - 0.5, l.x2d - 0.5, l.y2d - 0.5};
    }

    HeightProfile profile() {
        return profile;
    }
}
