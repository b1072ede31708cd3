package org.defocusj.command;

import java.util.List;

import ij.ImagePlus;
import ij.Prefs;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.Defocus;
import org.defocusj.depth.ProgressListener;
import org.defocusj.param.ParameterValues;
import org.defocusj.psf.Psf;
import org.defocusj.psf.RendererSettings;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.synth.SimulationOptics;
import org.defocusj.synth.StackSimulation;

/**
 * Renders a focus stack from an all-in-focus image and its depth map (as {@code defocusj simulate}): one
 * slice per focus distance, slice labels {@code focus=<d> <unit>}, so that Depth from Focus reads the
 * distances back with 'auto'.
 */
@Plugin(type = Command.class, label = "Simulate Focus Stack", headless = true,
        description = "Focus stack rendered from an all-in-focus image and its depth map through camera or "
                + "microscope optics")
public final class SimulateFocusStackCommand extends DefocusCommand {

    static final String IMAGE = "Image";
    static final String DEPTH = "Depth map";

    private static final List<Object> LAYOUT = slots("image", "depthMap", "focus", "unit", StackSimulation.PARAMETERS);

    @Parameter(label = IMAGE, persist = false, description = "All-in-focus image: RGB or 8/16/32-bit gray, one plane")
    ImagePlus image;

    @Parameter(label = DEPTH, persist = false,
            description = "Depth (camera: distance from the lens) or height (microscope) of every pixel, in Unit; "
                    + "the same size as the image")
    ImagePlus depthMap;

    @Parameter(label = "Focus distances", persist = false,
            description = "Focus distances to render, one per slice, comma-separated, in Unit (e.g. 0.8,1.7,3.0)",
            attrs = @Attr(name = PARAMETER_ID, value = "focus"))
    String focus = "";

    @Parameter(label = "Unit", persist = false, choices = {"m", "cm", "mm", "um", "nm"},
            description = "Unit of the depth map and the focus distances",
            attrs = @Attr(name = PARAMETER_ID, value = "unit"))
    String unit = "m";

    @Parameter(type = ItemIO.OUTPUT, label = "Focus stack")
    ImagePlus focusStack;

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected void perform(ProgressListener progress) {
        DistanceUnit u = Inputs.lengthUnit(unit, "unit");
        if (focus == null || focus.trim().isEmpty()) {
            throw BadInputException.forParameter("focus", "empty (expected the focus distances to render, e.g. "
                    + "0.8,1.7,3.0)");
        }
        FocusDistances fd = FocusDistances.ofParameter(FocusDistances.parseList(focus, "focus"), u, "focus");
        ParameterValues v = values();
        focusStack = Defocus.simulate(image, depthMap, fd, SimulationOptics.from(v), Psf.from(v),
                RendererSettings.from(v), Math.max(1, Prefs.getThreads()), progress);
    }

    ImagePlus output() {
        return focusStack;
    }
}
