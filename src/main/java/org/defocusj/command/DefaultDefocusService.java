package org.defocusj.command;

import java.util.Map;

import ij.ImagePlus;

import org.scijava.app.StatusService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/** {@link DefocusService} on {@link DefocusActions}, with progress on SciJava's status bar. */
@Plugin(type = Service.class)
public final class DefaultDefocusService extends AbstractService implements DefocusService {

    @Parameter(required = false)
    private StatusService statusService;

    private DefocusActions actions() {
        return new DefocusActions(new StatusProgress(statusService, null, Thread.currentThread()));
    }

    @Override
    public DepthImages depthFromFocus(ImagePlus stack, String focus, String unit, String measure, int window) {
        return actions().depthFromFocus(stack, focus, unit, measure, window, true);
    }

    @Override
    public DepthImages fossaDepth(ImagePlus stack, String focus, String unit, String model, double focalLengthPx) {
        return actions().fossaDepth(stack, focus, unit, model, focalLengthPx);
    }

    @Override
    public ImagePlus simulate(ImagePlus image, ImagePlus depth, String focus, String unit, double fNumber,
            double focalLengthMm, double sensorWidthMm) {
        return actions().simulate(image, depth, focus, unit, fNumber, focalLengthMm, sensorWidthMm);
    }

    @Override
    public Map<String, Double> evaluate(ImagePlus prediction, ImagePlus groundTruth, double minDepth,
            double maxDepth) {
        return actions().evaluate(prediction, groundTruth, minDepth, maxDepth, EvaluateDepthCommand.RESULTS);
    }
}
