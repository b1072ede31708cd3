package org.defocusj.batch;

import java.io.Serializable;
import java.util.Objects;

import org.defocusj.depth.DepthEstimator;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffParameters;
import org.defocusj.fossa.FocalLength;
import org.defocusj.fossa.FossaEstimator;
import org.defocusj.fossa.FossaModel;
import org.defocusj.stack.FocusStack;

/**
 * Which estimator runs on each stack, with all it needs but the stack and the loaded model. Serializable so
 * that a distributed engine can ship it to workers, which then load the model once each.
 */
public final class EstimatorSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String model;
    private final FocalLength focalLength;
    private final DffParameters dff;

    private EstimatorSpec(String model, FocalLength focalLength, DffParameters dff) {
        this.model = model;
        this.focalLength = focalLength;
        this.dff = Objects.requireNonNull(dff);
    }

    /** Classical depth from focus. */
    public static EstimatorSpec depthFromFocus(DffParameters dff) {
        return new EstimatorSpec(null, null, dff);
    }

    /**
     * FOSSA with {@code model} ({@code builtin:...} or a file); {@code dff} computes its confidence and AIF. A
     * model file is kept as an absolute path: workers of a distributed engine start elsewhere.
     */
    public static EstimatorSpec fossa(String model, FocalLength focalLength, DffParameters dff) {
        String m = Objects.requireNonNull(model).trim();
        if (!m.startsWith(FossaModel.BUILTIN_PREFIX) && !m.isEmpty()) {
            m = java.nio.file.Path.of(m).toAbsolutePath().toString();
        }
        return new EstimatorSpec(m, Objects.requireNonNull(focalLength), dff);
    }

    public boolean isFossa() {
        return model != null;
    }

    /** The model name or file; null for depth from focus. */
    public String model() {
        return model;
    }

    public DffParameters dff() {
        return dff;
    }

    public EstimatorSpec withThreads(int threads) {
        return new EstimatorSpec(model, focalLength, dff.withThreads(threads));
    }

    /** Loads the network; null for depth from focus. The caller closes it. */
    public FossaModel loadModel() {
        return isFossa() ? FossaModel.load(model) : null;
    }

    /**
     * The estimator for {@code stack}. {@code network} is this spec's loaded model (null for depth from focus);
     * {@code companions} adds FOSSA's confidence and all-in-focus maps from depth from focus.
     */
    public DepthEstimator create(FossaModel network, FocusStack stack, boolean companions) {
        if (!isFossa()) {
            return new DepthFromFocus(dff);
        }
        Objects.requireNonNull(network, "network");
        return new FossaEstimator(network, focalLength.resolve(stack.width()),
                companions ? new DepthFromFocus(dff) : null);
    }
}
