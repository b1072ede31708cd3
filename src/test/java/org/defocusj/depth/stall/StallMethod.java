package org.defocusj.depth.stall;

import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthMethod;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.DepthSettings;
import org.defocusj.depth.ProgressListener;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocusStack;

/**
 * A test-tree method that hangs on purpose, for what must not hang a run: a stack whose name contains
 * {@value #STALL} sleeps (until interrupted, or a minute) after its outputs were reserved; any other stack gets
 * the first focus distance everywhere, at once.
 */
public final class StallMethod implements DepthMethod {

    public static final String KEY = "stall";
    /** Stacks whose name contains this hang. */
    public static final String STALL = "stall";

    private static final class Settings implements DepthSettings {
        private static final long serialVersionUID = 1L;

        @Override
        public Settings withThreads(int threads) {
            return this;
        }

        @Override
        public Settings withOutputs(boolean confidence, boolean allInFocus) {
            return this;
        }
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public double priority() {
        return -10;
    }

    @Override
    public String displayName() {
        return "Stall";
    }

    @Override
    public String description() {
        return "hangs on stacks named *stall* (test tree only)";
    }

    @Override
    public DepthSettings settings(ParameterValues values) {
        return new Settings();
    }

    @Override
    public DepthSession open(DepthSettings settings) {
        return DepthSession.of(KEY, () -> new DepthEstimator() {
            @Override
            public String name() {
                return KEY;
            }

            @Override
            public DepthResult estimate(FocusStack stack, ProgressListener progress) {
                if (stack.name().contains(STALL)) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
                float[] depth = new float[stack.width() * stack.height()];
                java.util.Arrays.fill(depth, (float) stack.focus().get(0));
                return new DepthResult(ArrayImgs.floats(depth, stack.width(), stack.height()), null, null,
                        stack.unit(), Map.of("method", KEY));
            }
        });
    }
}
