package org.defocusj.ij1;

import ij.IJ;

import org.defocusj.depth.ProgressListener;

/** Algorithm progress on ImageJ's progress bar and status line; Esc cancels. Throttled for worker threads. */
final class IjProgress implements ProgressListener {

    private static final long INTERVAL_NANOS = 100_000_000L;

    private final String title;
    private long last;

    IjProgress(String title) {
        this.title = title;
    }

    @Override
    public void progress(long done, long total, String stage) {
        long now = System.nanoTime();
        synchronized (this) {
            if (done < total && last != 0 && now - last < INTERVAL_NANOS) {
                return;
            }
            last = now;
        }
        IJ.showStatus(title + ": " + stage);
        IJ.showProgress(total <= 0 ? 1.0 : Math.min(1.0, done / (double) total));
    }

    @Override
    public boolean isCancelled() {
        return IJ.escapePressed();
    }
}
