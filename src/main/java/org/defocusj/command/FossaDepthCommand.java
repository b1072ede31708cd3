package org.defocusj.command;

import java.util.List;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.defocusj.align.AlignSettings;
import org.defocusj.depth.MethodSetup;
import org.defocusj.fossa.FossaMethod;
import org.defocusj.fossa.FossaSettings;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;

/**
 * FOSSA (learned depth from defocus) on an open stack, with metric focus distances and the focal length (in
 * pixels, in mm with the sensor width, or from a K file). Confidence and all-in-focus, which FOSSA does not
 * produce, come from depth from focus (at its defaults) when asked for.
 */
@Plugin(type = Command.class, label = "FOSSA Depth", headless = true,
        description = "Metric depth map from a focus stack with the FOSSA network (DJL, PyTorch engine)")
public final class FossaDepthCommand extends StackDepthCommand {

    private static final List<Object> LAYOUT = slots("stack", FocusSource.FOCUS, FocusSource.UNIT,
            AlignSettings.PARAMETERS, FossaSettings.PARAMETERS, FocalLength.PARAMETERS, "confidenceMap", "allInFocusMode", "calibrationBar",
            AlignSettings.ALIGNED_OUTPUT);

    public FossaDepthCommand() {
        super(false, "none");
    }

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected MethodSetup method(ParameterValues values) {
        return MethodSetup.of(new FossaMethod(), values);
    }
}
