package org.defocusj.cli;

import java.io.PrintWriter;

import org.defocusj.depth.ProgressListener;

/**
 * Progress on stderr: a percentage rewritten in place on a terminal, or a line every 10 % when the output
 * is a file or a pipe (so logs stay readable).
 */
final class TerminalProgress implements ProgressListener {

    private final PrintWriter err;
    private final boolean tty;
    private int lastPercent = -1;
    private String lastStage;

    TerminalProgress(PrintWriter err, boolean tty) {
        this.err = err;
        this.tty = tty;
    }

    @Override
    public synchronized void progress(long done, long total, String stage) {
        int percent = total <= 0 ? 100 : (int) (100 * done / total);
        boolean newStage = !stage.equals(lastStage);
        if (!newStage && percent <= lastPercent) {
            return; // workers report out of order; never step backwards
        }
        if (tty) {
            err.print("\r" + stage + ": " + percent + "%" + (percent >= 100 ? "\n" : ""));
            err.flush();
        } else if (newStage || percent / 10 != lastPercent / 10) {
            err.println(stage + ": " + percent + "%");
        }
        lastPercent = percent;
        lastStage = stage;
    }
}
