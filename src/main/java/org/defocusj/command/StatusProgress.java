package org.defocusj.command;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;

import org.defocusj.depth.ProgressListener;

/**
 * Algorithm progress on SciJava's status bar (Fiji's, or nothing headless), throttled so that worker threads
 * reporting every band of rows do not flood the event bus. Cancelled when the command is cancelled or the
 * thread that runs it is interrupted (e.g. {@code Future.cancel(true)} from a script).
 */
final class StatusProgress implements ProgressListener {

    private static final long INTERVAL_NANOS = 100_000_000L;

    private final StatusService status;
    private final Cancelable cancelable;
    private final Thread owner;
    private long last;

    /** Any argument may be null. */
    StatusProgress(StatusService status, Cancelable cancelable, Thread owner) {
        this.status = status;
        this.cancelable = cancelable;
        this.owner = owner;
    }

    @Override
    public void progress(long done, long total, String stage) {
        if (status == null) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (done < total && last != 0 && now - last < INTERVAL_NANOS) {
                return;
            }
            last = now;
        }
        // StatusService takes ints: scale to per mille so that long totals fit.
        int of = 1000;
        int at = total <= 0 ? of : (int) Math.min(of, done * of / total);
        status.showStatus(at, of, "DefocusJ: " + stage);
    }

    @Override
    public boolean isCancelled() {
        return (cancelable != null && cancelable.isCanceled()) || (owner != null && owner.isInterrupted());
    }
}
