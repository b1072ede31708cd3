package org.defocusj.command;

import java.util.List;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.defocusj.align.AlignSettings;
import org.defocusj.depth.MethodSetup;
import org.defocusj.dff.DffMethod;
import org.defocusj.dff.DffParameters;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocusSource;

/** Classical depth from focus on an open stack: depth, confidence and all-in-focus images. */
@Plugin(type = Command.class, label = "Depth from Focus", headless = true,
        description = "Depth map from a focus stack by classical depth from focus (no model)")
public final class DepthFromFocusCommand extends StackDepthCommand {

    /* The focus-stack parameters, then depth from focus's own, with its all-in-focus mode shown as the one
       choice that also says whether to make the composite. */
    private static final List<Object> LAYOUT = slots("stack", FocusSource.FOCUS, FocusSource.UNIT,
            AlignSettings.PARAMETERS, replace(DffParameters.PARAMETERS, DffParameters.AIF_MODE, "allInFocusMode"), "confidenceMap",
            "calibrationBar", AlignSettings.ALIGNED_OUTPUT);

    public DepthFromFocusCommand() {
        super(true, "multiscale");
    }

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected MethodSetup method(ParameterValues values) {
        return MethodSetup.of(new DffMethod(), values);
    }
}
