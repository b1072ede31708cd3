package org.defocusj.io;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.function.Supplier;

import ij.IJ;

/**
 * Keeps what ImageJ and the decoders under it print while they read a file (headless {@code IJ.log} and
 * {@code IJ.error} go to System.out, stack traces to System.err) off the program's own output, so that the
 * command line's stdout carries only DefocusJ's lines. While any thread reads, System.out and System.err are
 * routers: what a reading thread prints is kept for that thread (an error message may quote it), what other
 * threads print passes through unchanged. The first reader installs them and the last one restores the
 * streams it found, unless someone else replaced them in between.
 */
final class LibraryOutput {

    private static final Object LOCK = new Object();
    private static final ThreadLocal<ByteArrayOutputStream> CAPTURE = new ThreadLocal<>();
    private static int readers;
    private static PrintStream savedOut;
    private static PrintStream savedErr;
    private static PrintStream routedOut;
    private static PrintStream routedErr;

    private LibraryOutput() {
    }

    /** What a quiet action returned, and what the libraries printed meanwhile on this thread. */
    static final class Quiet<T> {
        final T value;
        final String printed;

        Quiet(T value, String printed) {
            this.value = value;
            this.printed = printed;
        }
    }

    /**
     * Runs {@code action} with this thread's library output kept aside and ImageJ's error dialogs sent to its log;
     * {@code printed} of the result holds that output. If the action throws, its output is lost with it.
     */
    static <T> Quiet<T> quietly(Supplier<T> action) {
        ByteArrayOutputStream outer = CAPTURE.get();
        ByteArrayOutputStream mine = new ByteArrayOutputStream();
        CAPTURE.set(mine);
        install();
        boolean redirected = IJ.redirectingErrorMessages();
        IJ.redirectErrorMessages(true);
        try {
            T value = action.get();
            return new Quiet<>(value, mine.toString(Charset.defaultCharset()).trim());
        } finally {
            IJ.redirectErrorMessages(redirected);
            uninstall();
            if (outer == null) {
                CAPTURE.remove();
            } else {
                CAPTURE.set(outer);
            }
        }
    }

    private static void install() {
        synchronized (LOCK) {
            if (readers++ == 0) {
                savedOut = System.out;
                savedErr = System.err;
                routedOut = new PrintStream(new Router(savedOut), true);
                routedErr = new PrintStream(new Router(savedErr), true);
                System.setOut(routedOut);
                System.setErr(routedErr);
            }
        }
    }

    private static void uninstall() {
        synchronized (LOCK) {
            if (--readers == 0) {
                if (System.out == routedOut) {
                    System.setOut(savedOut);
                }
                if (System.err == routedErr) {
                    System.setErr(savedErr);
                }
                savedOut = savedErr = routedOut = routedErr = null;
            }
        }
    }

    /** Sends a reading thread's bytes to its capture buffer and every other thread's to the original stream. */
    private static final class Router extends OutputStream {
        private final PrintStream target;

        Router(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            ByteArrayOutputStream c = CAPTURE.get();
            if (c != null) {
                c.write(b);
            } else {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ByteArrayOutputStream c = CAPTURE.get();
            if (c != null) {
                c.write(b, off, len);
            } else {
                target.write(b, off, len);
            }
        }

        @Override
        public void flush() {
            if (CAPTURE.get() == null) {
                target.flush();
            }
        }
    }
}
