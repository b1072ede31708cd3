package org.defocusj.dff;

import java.util.concurrent.ExecutorService;

import org.defocusj.depth.Workers;

/** A pool and its thread count, for whole-image passes cut into bands of rows or columns. */
final class Bands {

    /** Rows or columns per band at least: enough work per task to outweigh handing it out. */
    static final int MIN_BAND = 16;

    private final ExecutorService pool;
    private final int threads;

    Bands(ExecutorService pool, int threads) {
        this.pool = pool;
        this.threads = threads;
    }

    /** Runs {@code band} over {@code [0, count)} in bands and waits for all of them. */
    void run(int count, Workers.Band band) {
        Workers.forBands(pool, threads, count, MIN_BAND, band);
    }
}
