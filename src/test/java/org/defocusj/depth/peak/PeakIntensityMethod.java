package org.defocusj.depth.peak;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthMethod;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.DepthSettings;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocusStack;

/**
 * A third depth method that lives only in the test tree, to prove that adding one is this package plus one
 * line in {@code META-INF/services/org.defocusj.depth.DepthMethod}: depth is the focus distance of the
 * slice where a pixel is brightest (height from peak intensity, as confocal reflection microscopy measures
 * it); pixels never brighter than {@code --peak-minimum} get no depth.
 */
public final class PeakIntensityMethod implements DepthMethod {

    public static final String KEY = "peak";

    public static final ParameterSpec<Double> MINIMUM = ParameterSpec.number("peak-minimum", "Peak minimum", 0.0)
            .help("Pixels whose brightest value is below this get no depth");

    /** Settings: the minimum peak intensity. */
    static final class Settings implements DepthSettings {
        private static final long serialVersionUID = 1L;
        final double minimum;

        Settings(double minimum) {
            if (!(minimum >= 0)) {
                throw BadInputException.forParameter(MINIMUM.id(), "expected a value of at least 0, got " + minimum);
            }
            this.minimum = minimum;
        }

        @Override
        public Settings withThreads(int threads) {
            return this;
        }

        @Override
        public Settings withOutputs(boolean confidence, boolean allInFocus) {
            return this;
        }

        @Override
        public String toString() {
            return "minimum=" + minimum;
        }
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String displayName() {
        return "Peak intensity";
    }

    @Override
    public String description() {
        return "focus distance of the brightest slice (test tree only)";
    }

    @Override
    public List<ParameterSpec<?>> parameters() {
        return List.of(MINIMUM);
    }

    @Override
    public Settings settings(ParameterValues values) {
        return new Settings(values.get(MINIMUM));
    }

    @Override
    public DepthSession open(DepthSettings settings) {
        double minimum = ((Settings) settings).minimum;
        return DepthSession.of(KEY + " (" + settings + ")", () -> new DepthEstimator() {
            @Override
            public String name() {
                return KEY;
            }

            @Override
            public DepthResult estimate(FocusStack stack, org.defocusj.depth.ProgressListener progress) {
                int w = stack.width();
                int h = stack.height();
                float[] plane = new float[w * h];
                float[] best = new float[w * h];
                float[] depth = new float[w * h];
                java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
                for (int z = 0; z < stack.slices(); z++) {
                    stack.reader().readRows(0, z, 0, h, plane, 0);
                    float d = (float) stack.focus().get(z);
                    for (int i = 0; i < plane.length; i++) {
                        if (plane[i] > best[i]) {
                            best[i] = plane[i];
                            depth[i] = d;
                        }
                    }
                }
                for (int i = 0; i < depth.length; i++) {
                    if (best[i] < minimum) {
                        depth[i] = Float.NaN;
                    }
                }
                Map<String, String> props = new LinkedHashMap<>();
                props.put("method", KEY);
                props.put("peak_minimum", Double.toString(minimum));
                return new DepthResult(ArrayImgs.floats(depth, w, h), null, null, stack.unit(), props);
            }
        });
    }
}
