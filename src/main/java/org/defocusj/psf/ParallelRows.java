package org.defocusj.psf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a row-band task over an image on a fixed number of threads; bands write disjoint rows. */
final class ParallelRows {

    /** Work on rows {@code [from, to)}. */
    interface Band {
        void run(int from, int to);
    }

    private ParallelRows() {
    }

    /** About four bands per thread (at least {@code minRows} rows each) so uneven rows still balance. */
    static void run(int height, int threads, int minRows, Band band) {
        int rowsPerTask = Math.max(minRows, (height + threads * 4 - 1) / (threads * 4));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int y0 = 0; y0 < height; y0 += rowsPerTask) {
                int from = y0;
                int to = Math.min(height, y0 + rowsPerTask);
                futures.add(pool.submit(() -> band.run(from, to)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
