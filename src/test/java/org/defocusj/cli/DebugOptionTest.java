package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;

/**
 * {@code --debug}: the same one-line error, then the stack trace; without it, no trace. Accepted before the
 * subcommand and after it, and in batch for each failed stack; {@code -Ddefocusj.debug=true} is the older spelling.
 */
class DebugOptionTest {

    @TempDir
    Path dir;

    private String[] evaluateMissing() {
        return new String[] {"evaluate", "--pred", dir.resolve("missing.npy").toString(), "--gt",
            dir.resolve("gt.npy").toString()};
    }

    private static String[] with(String first, String[] rest, boolean atStart) {
        String[] a = new String[rest.length + 1];
        if (atStart) {
            a[0] = first;
            System.arraycopy(rest, 0, a, 1, rest.length);
        } else {
            a[0] = rest[0];
            a[1] = first;
            System.arraycopy(rest, 1, a, 2, rest.length - 1);
        }
        return a;
    }

    @Test
    void withoutDebugAnErrorIsOneLine() {
        CliRun r = CliRun.of(evaluateMissing());
        r.assertBadInput("evaluate", "missing.npy", "no such file");
    }

    @Test
    void debugBeforeOrAfterTheSubcommandAddsTheStackTrace() {
        String plain = CliRun.of(evaluateMissing()).errLines().get(0);
        for (boolean atStart : new boolean[] {true, false}) {
            CliRun r = CliRun.of(with("--debug", evaluateMissing(), atStart));
            assertEquals(Main.EXIT_BAD_INPUT, r.code, r::toString);
            List<String> lines = r.errLines();
            assertEquals(plain, lines.get(0), r::toString);
            assertTrue(lines.size() > 2, r::toString);
            assertTrue(lines.get(1).startsWith("org.defocusj.BadInputException: "), r::toString);
            assertTrue(lines.get(2).startsWith("\tat org.defocusj."), r::toString);
            assertTrue(r.out.isBlank(), r::toString);
        }
    }

    @Test
    void theSystemPropertyIsAnAlias() {
        System.setProperty(Main.DEBUG_PROPERTY, "true");
        try {
            CliRun r = CliRun.of(evaluateMissing());
            assertEquals(Main.EXIT_BAD_INPUT, r.code, r::toString);
            assertTrue(r.err.contains("\tat org.defocusj."), r::toString);
        } finally {
            System.clearProperty(Main.DEBUG_PROPERTY);
        }
    }

    @Test
    void helpListsDebug() {
        CliRun r = CliRun.of("depth", "--help");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("--debug"), r::toString);
    }

    @Test
    void batchPrintsTheTraceOfEachFailedStack() throws IOException {
        Path in = TestStacks.batchInput(dir.resolve("in"), 1);
        Files.write(in.resolve("bad.tif"), "not a tiff".getBytes(StandardCharsets.UTF_8));
        CliRun quiet = CliRun.of("batch", in.toString(), "--out", dir.resolve("a").toString(), "--quiet");
        assertEquals(Main.EXIT_BAD_INPUT, quiet.code, quiet::toString);
        assertFalse(quiet.err.contains("\tat "), quiet::toString);
        CliRun r = CliRun.of("batch", in.toString(), "--out", dir.resolve("b").toString(), "--quiet", "--debug");
        assertEquals(Main.EXIT_BAD_INPUT, r.code, r::toString);
        List<String> lines = r.errLines();
        int failed = lines.indexOf(lines.stream().filter(l -> l.startsWith("defocusj batch: bad: error: "))
                .findFirst().orElseThrow(() -> new AssertionError(r)));
        assertTrue(lines.get(failed + 1).startsWith("org.defocusj.BadInputException: "), r::toString);
        assertTrue(lines.get(failed + 2).startsWith("\tat org.defocusj."), r::toString);
    }
}
