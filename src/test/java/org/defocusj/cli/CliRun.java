package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** One in-process run of the command line, with everything it printed, including straight to System.out/err. */
final class CliRun {

    final int code;
    final String out;
    final String err;
    final String systemOut;
    final String systemErr;

    private CliRun(int code, String out, String err, String systemOut, String systemErr) {
        this.code = code;
        this.out = out;
        this.err = err;
        this.systemOut = systemOut;
        this.systemErr = systemErr;
    }

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
            code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, out.toString(), err.toString(), sysOut.toString(StandardCharsets.UTF_8),
                sysErr.toString(StandardCharsets.UTF_8));
    }

    List<String> errLines() {
        return Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank()).collect(Collectors.toList());
    }

    /**
     * Asserts the bad-input contract of {@code defocusj COMMAND}: exit {@link Main#EXIT_BAD_INPUT}, exactly one
     * line on stderr starting "defocusj COMMAND: error: " and containing every {@code expected} text, no
     * exception or stack trace in it, and nothing on stdout or printed by a library to System.out/err.
     */
    void assertBadInput(String command, String... expected) {
        assertEquals(Main.EXIT_BAD_INPUT, code, this::toString);
        List<String> lines = errLines();
        assertEquals(1, lines.size(), () -> "one-line error expected\n" + this);
        String line = lines.get(0);
        assertTrue(line.startsWith("defocusj " + command + ": error: "), this::toString);
        for (String s : expected) {
            assertTrue(line.contains(s), () -> "message lacks '" + s + "'\n" + this);
        }
        assertFalse(line.contains("Exception"), () -> "message shows an exception\n" + this);
        assertFalse(line.contains("\tat "), this::toString);
        assertTrue(out.isBlank(), () -> "nothing on stdout expected\n" + this);
        assertTrue(systemOut.isBlank(), () -> "a library printed to System.out\n" + this);
        assertTrue(systemErr.isBlank(), () -> "a library printed to System.err\n" + this);
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err + "--- System.out:\n" + systemOut
                + "--- System.err:\n" + systemErr;
    }
}
