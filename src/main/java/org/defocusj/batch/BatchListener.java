package org.defocusj.batch;

/** Hears of each stack as it finishes, in completion order, on the thread that runs the batch's front end. */
@FunctionalInterface
public interface BatchListener {

    /** {@code finished} stacks of {@code total} are done, {@code outcome} being the latest. */
    void stackFinished(StackOutcome outcome, int finished, int total);

    BatchListener NONE = (o, f, t) -> { };
}
