package org.defocusj;

import ij.ImagePlus;

import org.defocusj.align.AligningSession;
import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthMethods;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.MethodSetup;
import org.defocusj.depth.ProgressListener;
import org.defocusj.dff.DffMethod;
import org.defocusj.dff.DffParameters;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.ImageEvaluation;
import org.defocusj.fossa.FossaMethod;
import org.defocusj.fossa.FossaSettings;
import org.defocusj.io.DepthImages;
import org.defocusj.io.ImageInputs;
import org.defocusj.psf.Psf;
import org.defocusj.psf.RendererSettings;
import org.defocusj.stack.DepthMap;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;
import org.defocusj.synth.SimulationOptics;
import org.defocusj.synth.StackSimulation;

/**
 * DefocusJ's actions on open ImageJ images, typed: what scripts call (any Fiji script language), and what
 * the Fiji commands and macro extensions run after harvesting their parameters. Settings are the methods'
 * own types ({@link DffParameters}, {@link FossaSettings}, or any registered method's through
 * {@link MethodSetup}); focus distances and the focal length are the stack's ({@link FocusSource},
 * {@link FocalLength}). Bad input raises {@link BadInputException} naming the parameter by id.
 *
 * <pre>
 * images = Defocus.depthFromFocus(imp, FocusSource.parse("auto", null, "m"), DffParameters.defaults())
 * images.getDepth().show()
 * </pre>
 */
public final class Defocus {

    private Defocus() {
    }

    /**
     * Depth of an open focus stack with any registered method; the depth image is titled {@code NAME-depth} for
     * depth from focus and {@code NAME-KEY-depth} for other methods.
     *
     * @param focalLength the stack's focal length, or null (methods that need it then fail naming it)
     * @param confidence  also the confidence map, when the method makes one
     * @param allInFocus  also the all-in-focus composite, when the method makes one
     * @param progress    progress and cancellation, or null
     */
    public static DepthImages depth(ImagePlus stack, FocusSource focus, FocalLength focalLength, MethodSetup method,
            boolean confidence, boolean allInFocus, ProgressListener progress) {
        return depth(stack, focus, focalLength, method, confidence, allInFocus, false, progress);
    }

    /**
     * The same, and with {@code aligned} also the stack as the method saw it ({@link DepthImages#getAligned()}):
     * aligned, or as read when it was not.
     */
    public static DepthImages depth(ImagePlus stack, FocusSource focus, FocalLength focalLength, MethodSetup method,
            boolean confidence, boolean allInFocus, boolean aligned, ProgressListener progress) {
        ImageInputs.requireStack(stack, "stack");
        MethodSetup m = method.withOutputs(confidence, allInFocus);
        m.checkStackOptions(focus, focalLength);
        // The stack and its focus distances are checked before a (slow) model is loaded.
        FocusStack fs = ImagePlusStacks.wrap(stack, focus, ImageInputs.sidecar(stack, focus), stack.getTitle())
                .withFocalLength(focalLength);
        m.checkStack(fs);
        DepthResult result;
        DepthEstimator estimator;
        try (DepthSession session = m.open()) {
            estimator = session.estimator();
            result = estimator.estimate(fs, progress);
        }
        String base = ImageInputs.baseTitle(stack);
        String title = m.key().equals(DepthMethods.DEFAULT_METHOD) ? base + "-depth" : base + "-" + m.key() + "-depth";
        DepthImages images = DepthImages.of(result, fs, base, title, confidence, allInFocus, false);
        if (!aligned) {
            return images;
        }
        return images.withAligned(AligningSession.seenBy(estimator, fs), result, fs, base);
    }

    /** Classical depth from focus with its depth, confidence and all-in-focus images. */
    public static DepthImages depthFromFocus(ImagePlus stack, FocusSource focus, DffParameters settings) {
        return depth(stack, focus, null, MethodSetup.of(new DffMethod(), settings), true, true, null);
    }

    /** FOSSA's metric depth (depth image only). */
    public static DepthImages fossa(ImagePlus stack, FocusSource focus, FocalLength focalLength,
            FossaSettings settings) {
        return depth(stack, focus, focalLength, MethodSetup.of(new FossaMethod(), settings), false, false, null);
    }

    /**
     * A focus stack rendered from an all-in-focus image and its depth map (the same size, in the unit of
     * {@code focus}), one slice per focus distance, with slice labels {@code focus=<d> <unit>}.
     *
     * @param progress progress and cancellation, or null
     */
    public static ImagePlus simulate(ImagePlus image, ImagePlus depthMap, FocusDistances focus,
            SimulationOptics optics, Psf psf, RendererSettings renderer, int threads, ProgressListener progress) {
        ImageInputs.requirePlane(image, "image", "an all-in-focus image");
        ImageInputs.requirePlane(depthMap, "depth-map", "a depth map of the same size as the image");
        if (depthMap.getWidth() != image.getWidth() || depthMap.getHeight() != image.getHeight()) {
            throw BadInputException.forParameter("depth-map", "'" + depthMap.getTitle() + "' is "
                    + depthMap.getWidth() + "x" + depthMap.getHeight() + " but " + BadInputException.ref("image")
                    + " '" + image.getTitle() + "' is " + image.getWidth() + "x" + image.getHeight()
                    + " (expected the same size)");
        }
        DistanceUnit u = focus.unit();
        DistanceUnit stored = ImageInputs.valueUnit(depthMap);
        if (stored != null && stored != u) {
            throw BadInputException.forParameter("depth-map", "'" + depthMap.getTitle() + "' has values in " + stored
                    + " but " + BadInputException.ref("unit") + " is " + u + " (expected the depth map in "
                    + BadInputException.ref("unit") + ")");
        }
        StackSimulation simulation = new StackSimulation(optics, psf, renderer, threads);
        float[] d = ImageInputs.floatPixels(depthMap);
        StackSimulation.checkDepth(d, depthMap.getWidth(), u, optics.isMicroscope(),
                BadInputException.ref("depth-map") + " '" + depthMap.getTitle() + "'");
        return simulation.render(image, image.getTitle(), d, depthMap.getWidth(), depthMap.getTitle(), focus,
                ImageInputs.baseTitle(image) + "-focus-stack", progress);
    }

    /**
     * The depth metrics of a predicted depth map against ground truth, both single planes of the same size and,
     * where their value units are lengths, the same unit.
     */
    public static ImageEvaluation evaluate(ImagePlus prediction, ImagePlus groundTruth, DepthEvaluator evaluator) {
        ImageInputs.requirePlane(prediction, "prediction", "a predicted depth map");
        ImageInputs.requirePlane(groundTruth, "ground-truth", "a ground-truth depth map");
        DistanceUnit pu = ImageInputs.valueUnit(prediction);
        DistanceUnit gu = ImageInputs.valueUnit(groundTruth);
        if (pu != null && gu != null && pu != gu) {
            throw BadInputException.forParameter("prediction", "'" + prediction.getTitle() + "' is in " + pu + " but "
                    + BadInputException.ref("ground-truth") + " '" + groundTruth.getTitle() + "' is in " + gu
                    + " (expected the same unit)");
        }
        ImageEvaluation e = evaluator.evaluate(ImageInputs.baseTitle(prediction), map(prediction, "prediction"),
                map(groundTruth, "ground-truth"), null);
        // The maps were named for messages (by parameter); the evaluation names the images by title.
        return new ImageEvaluation(e.name(), prediction.getTitle(), groundTruth.getTitle(), null, e.metrics(),
                e.excludedPredictions());
    }

    /** The plane as a depth map whose messages say which input it is and its title. */
    private static DepthMap map(ImagePlus imp, String parameter) {
        return new DepthMap(BadInputException.ref(parameter) + " '" + imp.getTitle() + "'", imp.getWidth(),
                imp.getHeight(), ImageInputs.floatPixels(imp));
    }
}
