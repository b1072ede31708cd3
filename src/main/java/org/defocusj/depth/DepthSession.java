package org.defocusj.depth;

import java.util.function.Supplier;

/**
 * An opened depth method: owns what {@link DepthMethod#open} loaded (a network and the lock that keeps its
 * forward passes one at a time) and hands out an estimator per stack. Thread-safe: batch engines share one
 * session between their worker threads.
 */
public interface DepthSession extends AutoCloseable {

    /** A session that loaded nothing: {@code estimators} makes each stack's estimator. */
    static DepthSession of(String description, Supplier<? extends DepthEstimator> estimators) {
        return new DepthSession() {
            @Override
            public DepthEstimator estimator() {
                return estimators.get();
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public void close() {
                // nothing loaded
            }
        };
    }

    /** An estimator for one stack. */
    DepthEstimator estimator();

    /** What runs, for reports: the method and its model or settings, e.g. {@code fossa (model builtin:tiny, runtime onnx)}. */
    String describe();

    /** Releases what the session loaded; estimators handed out must not be used afterwards. */
    @Override
    void close();
}
