package org.defocusj.depth;

import org.defocusj.stack.FocusStack;

/**
 * The one seam every depth method implements (classical depth from focus, FOSSA, later others), so that
 * commands, the CLI, batch processing and benchmarks treat them alike.
 */
public interface DepthEstimator {

    /** Short stable name used on the command line and in reports, e.g. {@code dff} or {@code fossa}. */
    String name();

    /**
     * Estimates a depth map for the stack. Depth values are in the stack's focus-distance unit.
     *
     * @throws org.defocusj.BadInputException if the stack cannot be processed by this estimator
     * @throws java.util.concurrent.CancellationException if the listener asked to stop
     */
    DepthResult estimate(FocusStack stack, ProgressListener progress);
}
