package org.defocusj.dff;

import java.util.List;

import org.defocusj.depth.DepthMethod;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.DepthSettings;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/** Classical depth from focus as a registered method: no model, works on any focus distances. */
public final class DffMethod implements DepthMethod {

    public static final String KEY = "dff";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public double priority() {
        return 100;
    }

    @Override
    public String displayName() {
        return "Depth from focus";
    }

    @Override
    public String description() {
        return "classical depth from focus, no model";
    }

    @Override
    public boolean makesCompanionMaps() {
        return true;
    }

    @Override
    public List<ParameterSpec<?>> parameters() {
        return DffParameters.PARAMETERS;
    }

    @Override
    public DffParameters settings(ParameterValues values) {
        return DffParameters.from(values);
    }

    @Override
    public DepthSession open(DepthSettings settings) {
        DffParameters p = (DffParameters) settings;
        return DepthSession.of(KEY + " (" + p + ")", () -> new DepthFromFocus(p));
    }
}
