package org.defocusj.depth;

/**
 * GUI-free progress reporting for long algorithms. Front ends adapt it to a status bar, a terminal line or
 * nothing. Implementations must be thread-safe: algorithms call it from worker threads.
 */
public interface ProgressListener {

    /** A listener that ignores everything and never cancels. */
    ProgressListener NONE = (done, total, stage) -> { };

    /**
     * @param done  units of work finished so far
     * @param total units of work in this stage
     * @param stage short human-readable description of the current stage
     */
    void progress(long done, long total, String stage);

    /** Polled by algorithms between units of work; when true they stop with a CancellationException. */
    default boolean isCancelled() {
        return false;
    }
}
