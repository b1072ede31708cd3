package org.defocusj.depth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Waiting for an estimator's worker tasks, so that every estimator fails and cancels the same way. */
public final class Workers {

    private Workers() {
    }

    /** Work on the index range {@code [from, to)} of rows, columns or pixels. */
    public interface Band {
        void run(int from, int to);
    }

    /** A fixed pool of daemon threads (an abandoned estimate never keeps the JVM alive), named for thread dumps. */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code band} over {@code [0, count)} cut into about four bands per thread (at least {@code minSize}
     * each, so that uneven bands still balance and short ones do not cost more to hand out than to run), and waits.
     */
    public static void forBands(ExecutorService pool, int threads, int count, int minSize, Band band) {
        int size = Math.max(Math.max(1, minSize), (count + threads * 4 - 1) / (threads * 4));
        if (threads <= 1 || size >= count) {
            band.run(0, count);
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int a = 0; a < count; a += size) {
            int from = a;
            int to = Math.min(count, a + size);
            futures.add(pool.submit(() -> band.run(from, to)));
        }
        awaitAll(futures);
    }

    /** {@link #forBands(ExecutorService, int, int, int, Band)} on a pool of its own, for callers that keep none. */
    public static void forBands(int threads, int count, int minSize, Band band, String name) {
        ExecutorService pool = pool(Math.max(1, threads), name);
        try {
            forBands(pool, threads, count, minSize, band);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Waits for every task. A task's runtime exception (a bad input found by a worker, say) reaches the caller as
     * it was thrown; an interrupt is a cancellation.
     */
    public static void awaitAll(List<? extends Future<?>> futures) {
        for (Future<?> f : futures) {
            await(f);
        }
    }

    /** One task's result, failing and cancelling as {@link #awaitAll} does. */
    public static <T> T await(Future<T> future) {
        try {
            return future.get();
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
