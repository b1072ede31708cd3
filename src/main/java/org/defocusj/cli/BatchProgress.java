package org.defocusj.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.defocusj.batch.BatchListener;
import org.defocusj.batch.StackOutcome;

/**
 * Batch progress on stderr. On a terminal, one bar rewritten in place with count, rate and ETA; in a log
 * (file or pipe), one plain line per stack. Failures always get a line of their own.
 */
final class BatchProgress implements BatchListener {

    enum Style { BAR, LINES, FAILURES_ONLY }

    private static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final Style style;
    private final boolean debug;
    private final long startNanos = System.nanoTime();
    private boolean barShown;

    /** @param debug whether a failed stack's stack trace follows its line ({@code --debug}) */
    BatchProgress(PrintWriter err, Style style, boolean debug) {
        this.err = err;
        this.style = style;
        this.debug = debug;
    }

    @Override
    public void stackFinished(StackOutcome o, int finished, int total) {
        if (!o.notes().isEmpty()) {
            clearBar();
            o.notes().forEach(n -> err.println("defocusj batch: note: " + n));
        }
        if (o.status() == StackOutcome.Status.FAILED) {
            clearBar();
            err.println("defocusj batch: " + o.name() + ": " + (o.badInput() ? "error: " : "failed: ") + o.reason());
            if (debug && o.trace() != null) {
                err.print(o.trace());
            }
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double rate = elapsed > 0 ? finished / elapsed : 0;
        double eta = rate > 0 ? (total - finished) / rate : 0;
        if (style == Style.LINES) {
            String what = o.status() == StackOutcome.Status.SKIPPED ? "skipped (finished)"
                    : o.status() == StackOutcome.Status.DONE ? String.format(Locale.ROOT, "done in %.1f s", o.seconds())
                    : "FAILED";
            err.printf(Locale.ROOT, "[%d/%d] %s: %s (%.2f stacks/s, ETA %s)%n", finished, total, o.name(), what, rate,
                    clock(eta));
        } else if (style == Style.BAR) {
            int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * finished / total);
            err.printf(Locale.ROOT, "\r\033[K[%s%s] %d/%d  %.2f stacks/s  ETA %s  %s", "#".repeat(filled),
                    "-".repeat(BAR_WIDTH - filled), finished, total, rate, clock(eta), o.name());
            barShown = true;
        }
        err.flush();
    }

    /** Ends the bar's line so that what follows starts on a fresh one. */
    void close() {
        if (barShown) {
            err.println();
            err.flush();
            barShown = false;
        }
    }

    private void clearBar() {
        if (barShown) {
            err.print("\r\033[K");
        }
    }

    /** h:mm:ss, or m:ss under an hour. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
