package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.batch.BatchJob;
import org.defocusj.batch.StackOutcome;
import org.defocusj.depth.MethodSetup;
import org.defocusj.dff.DffMethod;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocusSource;

class BatchProgressTest {

    @TempDir
    Path dir;

    /** Real outcomes: one finished earlier (skipped), one failing on a missing file. */
    private StackOutcome[] outcomes() throws Exception {
        BatchJob job = new BatchJob(dir.resolve("out"), null, FocusSource.index(), null,
                MethodSetup.of(new DffMethod(), ParameterValues.DEFAULTS), null);
        Files.createDirectories(dir.resolve("out/old"));
        Files.write(dir.resolve("out/old").resolve(BatchJob.DONE), new byte[] {'{', '}'});
        return new StackOutcome[] {job.process(dir.resolve("old.tif").toString(), null),
            job.process(dir.resolve("missing.tif").toString(), null)};
    }

    @Test
    void aTerminalGetsOneBarRewrittenInPlaceWithCountRateAndEta() throws Exception {
        StringWriter s = new StringWriter();
        BatchProgress p = new BatchProgress(new PrintWriter(s), BatchProgress.Style.BAR, false);
        StackOutcome[] o = outcomes();
        p.stackFinished(o[0], 1, 4);
        String first = s.toString();
        assertTrue(first.startsWith("\r\033[K[######------------------] 1/4 "), first);
        assertTrue(first.contains(" stacks/s  ETA ") && first.endsWith("  old"), first);
        assertFalse(first.contains("\n"), first);
        p.stackFinished(o[1], 2, 4);
        String second = s.toString().substring(first.length());
        assertTrue(second.startsWith("\r\033[Kdefocusj batch: missing: error: "), second); // failures get a line
        assertTrue(second.contains("[############------------] 2/4 "), second);
        p.close();
        assertTrue(s.toString().endsWith("\n"));
    }

    @Test
    void logsGetOnePlainLinePerStack() throws Exception {
        StringWriter s = new StringWriter();
        BatchProgress p = new BatchProgress(new PrintWriter(s), BatchProgress.Style.LINES, false);
        StackOutcome[] o = outcomes();
        p.stackFinished(o[0], 1, 2);
        p.stackFinished(o[1], 2, 2);
        p.close();
        String[] lines = s.toString().split("\n");
        assertEquals(3, lines.length, s::toString);
        assertTrue(lines[0].startsWith("[1/2] old: skipped (finished) ("), lines[0]);
        assertTrue(lines[1].startsWith("defocusj batch: missing: error: "), lines[1]);
        assertTrue(lines[2].startsWith("[2/2] missing: FAILED ("), lines[2]);
        assertFalse(s.toString().contains("\r"));
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertEquals("0:07", BatchProgress.clock(7.4));
        assertEquals("2:05", BatchProgress.clock(125));
        assertEquals("1:01:01", BatchProgress.clock(3661));
    }
}
