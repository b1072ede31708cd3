package org.defocusj.fossa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthMethod;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.DepthSettings;
import org.defocusj.depth.StackNeed;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffParameters;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * FOSSA as a registered method. Its session owns the loaded network; forward passes run one at a time (they
 * are the memory peak), while the depth-from-focus companions of different stacks run in parallel.
 */
public final class FossaMethod implements DepthMethod {

    public static final String KEY = "fossa";

    private static final List<ParameterSpec<?>> PARAMETERS;

    static {
        List<ParameterSpec<?>> p = new ArrayList<>(FossaSettings.PARAMETERS);
        p.addAll(DffParameters.PARAMETERS); // the companion maps' settings
        PARAMETERS = Collections.unmodifiableList(p);
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public double priority() {
        return 90;
    }

    @Override
    public String displayName() {
        return "FOSSA";
    }

    @Override
    public String description() {
        return "learned depth from defocus; needs metric focus distances and the focal length";
    }

    @Override
    public boolean makesCompanionMaps() {
        return true;
    }

    @Override
    public Set<StackNeed> needs() {
        return EnumSet.of(StackNeed.METRIC_FOCUS, StackNeed.FOCAL_LENGTH);
    }

    @Override
    public List<ParameterSpec<?>> parameters() {
        return PARAMETERS;
    }

    @Override
    public FossaSettings settings(ParameterValues values) {
        return FossaSettings.from(values);
    }

    @Override
    public void verify(DepthSettings settings) {
        FossaSettings s = (FossaSettings) settings;
        FossaModel.inspect(s.model());
        FossaModel.resolve(s.model(), s.runtime());
    }

    @Override
    public DepthSession open(DepthSettings settings) {
        FossaSettings s = (FossaSettings) settings;
        FossaModel network = FossaModel.load(s.model(), s.runtime());
        return new DepthSession() {
            @Override
            public DepthEstimator estimator() {
                DffParameters c = s.companions();
                return new FossaEstimator(network, c == null ? null : new DepthFromFocus(c));
            }

            @Override
            public String describe() {
                return KEY + " (model " + network.name() + ", runtime " + network.runtime().key() + ")";
            }

            @Override
            public void close() {
                network.close();
            }
        };
    }
}
