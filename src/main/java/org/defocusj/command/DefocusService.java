package org.defocusj.command;

import java.util.Map;

import ij.ImagePlus;

import org.scijava.service.SciJavaService;

/**
 * DefocusJ for scripts: {@code #@ DefocusService dfd} in any Fiji script language, then e.g.
 * {@code images = dfd.depthFromFocus(imp, "auto", "m", "sml", 9); images.getDepth().show()}. The methods
 * run the same code as the menu commands and their macro recordings, report progress on the status bar
 * and throw {@link org.defocusj.BadInputException} (naming the parameter) for bad input. Returned images
 * are not shown.
 */
public interface DefocusService extends SciJavaService {

    /**
     * Classical depth from focus.
     *
     * @param focus   distances in slice order ("0.5,0.8,1.2"), "auto" (sidecar, z-calibration or slice labels)
     *                or "index" (relative depth in slices)
     * @param unit    unit of typed distances: m, cm, mm, um or nm
     * @param measure sml, tenengrad or variance
     * @param window  odd window side in pixels
     * @return depth (viridis, value unit), confidence and weighted all-in-focus
     */
    DepthImages depthFromFocus(ImagePlus stack, String focus, String unit, String measure, int window);

    /**
     * FOSSA depth from defocus.
     *
     * @param model         "builtin:tiny" or the path of an exported TorchScript file
     * @param focalLengthPx focal length in pixels of the stack's images
     * @return depth only
     */
    DepthImages fossaDepth(ImagePlus stack, String focus, String unit, String model, double focalLengthPx);

    /**
     * A focus stack rendered through a thin-lens camera (Gaussian PSF, gather renderer); slice labels carry the
     * focus distances.
     */
    ImagePlus simulate(ImagePlus image, ImagePlus depth, String focus, String unit, double fNumber,
            double focalLengthMm, double sensorWidthMm);

    /**
     * Depth metrics of a prediction against ground truth (also appended to the "Results" table).
     *
     * @return metric key (d1_05 ... F1) to value, plus valid_pixels
     */
    Map<String, Double> evaluate(ImagePlus prediction, ImagePlus groundTruth, double minDepth, double maxDepth);
}
