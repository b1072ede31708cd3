package org.defocusj.depth;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for an estimator's worker tasks, so that every estimator fails and cancels the same way. */
public final class Workers {

    private Workers() {
    }

    /**
     * Waits for every task. A task's runtime exception (a bad input found by a worker, say) reaches the caller as
     * it was thrown; an interrupt is a cancellation.
     */
    public static void awaitAll(List<? extends Future<?>> futures) {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        }
    }
}
