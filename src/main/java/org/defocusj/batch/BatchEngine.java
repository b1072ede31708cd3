package org.defocusj.batch;

import java.util.List;

/**
 * Schedules a batch's stacks: on local threads, or over a cluster. Every engine calls the same per-stack
 * function, {@link BatchJob#process}, so outputs do not depend on the engine. Engines other than
 * {@code local} are found with {@link java.util.ServiceLoader}, so optional ones (Spark) stay out of the
 * plugin jar.
 */
public interface BatchEngine {

    /** The name users pick it by ({@code --engine NAME}). */
    String name();

    /**
     * Estimator threads for each stack when the user gives none: the local engine shares this machine's
     * processors among {@code parallelism} concurrent stacks; a distributed engine knows its executors' cores.
     */
    default int threadsPerStack(int parallelism) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, parallelism));
    }

    /**
     * Runs {@code job} on every stack (file or folder paths), returning one outcome per stack in the order
     * given. {@code parallelism} is how many stacks run at once (local threads; for Spark the threads of the
     * default master, {@code local[parallelism]}); {@code master} is engine-specific (Spark's master URL) and
     * may be null.
     */
    List<StackOutcome> run(BatchJob job, List<String> stacks, int parallelism, String master, BatchListener listener)
            throws Exception;
}
