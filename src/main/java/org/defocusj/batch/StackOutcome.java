package org.defocusj.batch;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What became of one stack of a batch. Serializable: distributed engines send it back to the driver. */
public final class StackOutcome implements Serializable {

    private static final long serialVersionUID = 1L;

    /** DONE: processed now; SKIPPED: finished by an earlier run; FAILED: see {@link #reason()}. */
    public enum Status { DONE, SKIPPED, FAILED }

    private final String name;
    private final String source;
    private Status status;
    private boolean badInput;
    private String reason;
    private String trace;
    private double seconds;
    private final ArrayList<String> notes = new ArrayList<>();

    StackOutcome(String name, String source) {
        this.name = name;
        this.source = source;
    }

    public String name() {
        return name;
    }

    /** The stack's file or folder. */
    public String source() {
        return source;
    }

    public Status status() {
        return status;
    }

    /** True when the failure was caused by input the user can fix (a {@code BadInputException}). */
    public boolean badInput() {
        return badInput;
    }

    /** One line saying why the stack failed; null unless FAILED. */
    public String reason() {
        return reason;
    }

    /** The stack trace of what failed, as text (it travels back from distributed workers); null when none. */
    public String trace() {
        return trace;
    }

    /** Wall time spent on the stack by the worker. */
    public double seconds() {
        return seconds;
    }

    /** Notes on how the stack was read (see {@code FocusStack.notes()}), in command-line words; usually empty. */
    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    void note(String note) {
        notes.add(note);
    }

    void succeed(Status s, double secs) {
        status = s;
        seconds = secs;
    }

    void fail(boolean bad, String why, double secs) {
        status = Status.FAILED;
        badInput = bad;
        reason = why == null ? "unknown error" : why.replaceAll("\\s*\\R\\s*", " ");
        seconds = secs;
    }

    void fail(boolean bad, String why, double secs, Throwable cause) {
        fail(bad, why, secs);
        StringWriter w = new StringWriter();
        cause.printStackTrace(new PrintWriter(w));
        trace = w.toString();
    }

    @Override
    public String toString() {
        return name + ": " + status + (reason != null ? " (" + reason + ")" : "");
    }
}
