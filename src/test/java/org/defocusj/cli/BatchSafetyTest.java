package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import ij.io.FileSaver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;
import org.defocusj.batch.BatchJob;
import org.defocusj.depth.stall.StallMethod;

/**
 * A batch never loses a stack to a name clash, never runs twice on one output folder, never stalls on one stack,
 * and leaves no folder for a stack that failed.
 */
class BatchSafetyTest {

    private static final String LOCK = ".defocusj.lock";

    @TempDir
    Path dir;

    private Path in() throws IOException {
        return TestStacks.batchInput(dir.resolve("in"), 2);
    }

    @Test
    void aTifAndATiffOfOneNameAreRefused() throws IOException {
        Path in = in();
        Path tiff = in.resolve("s1.tiff");
        Files.copy(in.resolve("s2.tif"), tiff);
        Untouched before = Untouched.of(in.resolve("s1.tif"), tiff);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString());
        r.assertBadInput("batch", in.resolve("s1.tif") + " and " + tiff, "both stacks would be written to "
                + out.toAbsolutePath().resolve("s1"), "expected one stack per name");
        before.check();
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void namesThatDifferOnlyInCaseAreRefused() throws IOException {
        Path in = in();
        Path upper = in.resolve("S1.TIFF"); // a different file here; the same output folder on macOS or Windows
        Files.copy(in.resolve("s2.tif"), upper);
        Untouched before = Untouched.of(in.resolve("s1.tif"), upper);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString());
        String first = r.errLines().isEmpty() ? "" : r.errLines().get(0);
        r.assertBadInput("batch", "both stacks would be written to", "one folder where file names ignore case");
        // Whichever the listing found first, both stacks and both folders are named.
        Path lower = in.resolve("s1.tif");
        Path a = out.toAbsolutePath().resolve("s1");
        Path b = out.toAbsolutePath().resolve("S1");
        assertTrue(first.contains(lower + " and " + upper) && first.contains(a + " and " + b)
                || first.contains(upper + " and " + lower) && first.contains(b + " and " + a), first);
        before.check();
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aFileAndAFolderOfOneNameAreRefused() throws IOException {
        Path in = in();
        Path folder = Files.createDirectories(in.resolve("s2"));
        for (int i = 0; i < 2; i++) {
            assertTrue(new FileSaver(TestStacks.randomBytes(24, 20, 1, i)).saveAsTiff(folder.resolve(i + ".tif")
                    .toString()));
        }
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString());
        r.assertBadInput("batch", in.resolve("s2") + " and " + in.resolve("s2.tif"), "both stacks would be written");
        assertFalse(Files.exists(out));
    }

    @Test
    void outputInsideTheInputIsRefused() throws IOException {
        Path in = in();
        CliRun.of("batch", in.toString(), "--out", in.toString())
                .assertBadInput("batch", "--out: ", "is the input folder " + in);
        CliRun.of("batch", in.toString(), "--out", in.resolve("results").toString())
                .assertBadInput("batch", "--out: ", "is inside the input folder " + in);
        assertFalse(Files.exists(in.resolve("results")));
    }

    /** The lock is held here, as a second process would hold it (this JVM counts as one too). */
    @Test
    void aSecondBatchOnALockedFolderStopsAndLeavesTheFirstOnesFilesAlone() throws IOException {
        Path in = in();
        Path out = Files.createDirectories(dir.resolve("out").resolve("s1"));
        Path othersTemp = Files.write(out.resolve(".depth.tif.0123.tmp"), new byte[] {1});
        Path lockFile = dir.resolve("out").resolve(LOCK);
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = ch.tryLock(Long.MAX_VALUE - 1, 1, false)) {
            assertTrue(held != null);
            ch.write(java.nio.ByteBuffer.wrap("pid 4242, started 2030-01-01T00:00:00Z"
                    .getBytes(StandardCharsets.UTF_8)));
            CliRun r = CliRun.of("batch", in.toString(), "--out", dir.resolve("out").toString());
            r.assertBadInput("batch", "--out: ", "is in use by another batch (pid 4242, started "
                    + "2030-01-01T00:00:00Z;", "one batch per output folder");
            assertTrue(Files.exists(othersTemp), "the other batch's temporary file stays");
            assertTrue(Files.exists(lockFile), "the holder's lock file stays");
            assertFalse(Files.exists(out.resolve(BatchJob.DONE)));
        }
    }

    /** A lock file left by a killed batch is no longer locked: the rerun takes it, and removes it at the end. */
    @Test
    void aStaleLockFileDoesNotBlockARerun() throws IOException {
        Path in = in();
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.write(out.resolve(LOCK), "pid 1, started 2020-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.err.contains("2 done, 0 skipped (finished), 0 failed"), r::toString);
        Untouched.assertNoHiddenFiles(dir);
    }

    /** A second batch in another JVM while the first one runs; then SIGTERM (as Ctrl-C) stops the first one. */
    @Test
    void aRunningBatchLocksItsFolderAndStoppingItLeavesNoTemporaryFile() throws Exception {
        Path in = in();
        Path stall = in.resolve(StallMethod.STALL + ".tif");
        Files.copy(in.resolve("s1.tif"), stall);
        Files.copy(in.resolve("s1.focus.txt"), in.resolve(StallMethod.STALL + ".focus.txt"));
        Untouched before = Untouched.of(stall, in.resolve("s1.tif"));
        Path out = dir.resolve("out");
        Path log = dir.resolve("first.log");
        Process first = ChildCli.start(log, "batch", in.toString(), "--out", out.toString(), "--method",
                StallMethod.KEY);
        Path stallOut = out.resolve(StallMethod.STALL);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Untouched.hasTemp(stallOut) && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Untouched.hasTemp(stallOut), () -> "the first batch never reached the stalling stack: "
                    + read(log));
            CliRun second = CliRun.of("batch", in.toString(), "--out", out.toString(), "--method", StallMethod.KEY);
            second.assertBadInput("batch", "--out: ", "is in use by another batch (pid " + first.pid() + ", started ");
            assertTrue(Untouched.hasTemp(stallOut), "the second batch left the first one's temporary files alone");
        } finally {
            first.destroy();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the first batch did not stop");
        }
        assertFalse(Files.exists(stallOut), "the stopped stack's folder is removed with its temporary files");
        before.check();
        Files.delete(log);
        Untouched.assertNoHiddenFiles(dir);
    }

    @Test
    void aStackOverTheTimeLimitFailsAndTheBatchGoesOn() throws IOException {
        Path in = in();
        Files.copy(in.resolve("s1.tif"), in.resolve(StallMethod.STALL + ".tif"));
        Files.copy(in.resolve("s1.focus.txt"), in.resolve(StallMethod.STALL + ".focus.txt"));
        Path out = dir.resolve("out");
        long t0 = System.nanoTime();
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString(), "--method", StallMethod.KEY,
                "--stack-timeout", "1", "--jobs", "2");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "the batch waited for the stalled stack");
        assertEquals(Main.EXIT_FAILURE, r.code, r::toString);
        assertTrue(r.err.contains("3 stack(s): 2 done, 0 skipped (finished), 1 failed"), r::toString);
        assertTrue(r.err.contains("  failed stall: timed out: still running after 1 s, the limit --stack-timeout "
                + "sets; stopped, its temporary files removed"), r::toString);
        assertTrue(Files.isRegularFile(out.resolve("s1").resolve(BatchJob.DONE)));
        assertTrue(Files.isRegularFile(out.resolve("s2").resolve(BatchJob.DONE)));
        assertFalse(Files.exists(out.resolve(StallMethod.STALL)), "no folder for the stack given up");
        Untouched.assertNoHiddenFiles(dir);
    }

    @Test
    void aNegativeTimeLimitIsBadInput() throws IOException {
        CliRun.of("batch", in().toString(), "--out", dir.resolve("out").toString(), "--stack-timeout", "-1")
                .assertBadInput("batch", "--stack-timeout: -1", "0 = no limit");
        assertFalse(Files.exists(dir.resolve("out")));
    }

    /** One stack fails after its outputs were reserved (unreadable), one before (no ground truth): no folder. */
    @Test
    void aFailedStackLeavesNoFolder() throws IOException {
        Path in = in();
        Files.write(in.resolve("broken.tif"), "not a tiff".getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString(), "--quiet");
        assertEquals(Main.EXIT_BAD_INPUT, r.code, r::toString);
        assertTrue(r.err.contains("  failed broken: "), r::toString);
        assertFalse(Files.exists(out.resolve("broken")), "no folder for the broken stack");
        Path gt = Files.createDirectories(dir.resolve("gt"));
        TestStacks.flatDepth(gt.resolve("s1.tif"), 2f);
        Path out2 = dir.resolve("out2");
        r = CliRun.of("batch", in.toString(), "--out", out2.toString(), "--gt", gt.toString(), "--quiet");
        assertTrue(r.err.contains("  failed s2: --gt: no ground truth for stack s2"), r::toString);
        assertFalse(Files.exists(out2.resolve("s2")), "no folder for a stack that failed before writing");
        Untouched.assertNoHiddenFiles(dir);
    }


    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
