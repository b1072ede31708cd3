package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;
import org.defocusj.batch.BatchJob;

/** The batch's promises under failure: bad stacks stay alone, and a killed run resumes without loss. */
class BatchReliabilityTest {

    private static final byte[] FOCUS = "1\n1.5\n2\n2.5\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static void writeStack(Path in, String name, int w, int h, long seed) throws IOException {
        ImagePlus imp = TestStacks.randomBytes(w, h, 4, seed);
        assertTrue(new FileSaver(imp).saveAsTiffStack(in.resolve(name + ".tif").toString()));
        Files.write(in.resolve(name + ".focus.txt"), FOCUS);
    }

    @Test
    void hundredStacksWithFiveCorruptGiveNinetyFiveOutputsAndFiveReports() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<String> corrupt = List.of("s007", "s023", "s050", "s071", "s099");
        for (int i = 0; i < 100; i++) {
            String name = String.format("s%03d", i);
            if (!corrupt.contains(name)) {
                writeStack(in, name, 20, 16, i);
            }
        }
        // Five different ways a stack can be broken.
        Files.write(in.resolve("s007.tif"), "not a tiff".getBytes(StandardCharsets.UTF_8));
        writeStack(in, "s023", 20, 16, 23);
        byte[] whole = Files.readAllBytes(in.resolve("s023.tif"));
        Files.write(in.resolve("s023.tif"), java.util.Arrays.copyOf(whole, whole.length / 3)); // truncated
        writeStack(in, "s050", 20, 16, 50);
        Files.write(in.resolve("s050.focus.txt"), "1\n2\n".getBytes(StandardCharsets.UTF_8)); // 2 distances, 4 slices
        writeStack(in, "s071", 20, 16, 71);
        Files.write(in.resolve("s071.focus.txt"), "1\n1\n1\n1\n".getBytes(StandardCharsets.UTF_8)); // not distinct
        Path folder = Files.createDirectories(in.resolve("s099"));  // a folder stack whose images differ in size
        assertTrue(new FileSaver(TestStacks.randomBytes(20, 16, 1, 1)).saveAsTiff(folder.resolve("a.tif").toString()));
        assertTrue(new FileSaver(TestStacks.randomBytes(22, 16, 1, 2)).saveAsTiff(folder.resolve("b.tif").toString()));

        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString(), "--jobs", "2");
        assertTrue(r.code != 0, r::toString);
        assertTrue(r.err.contains("100 stack(s): 95 done, 0 skipped (finished), 5 failed"), r::toString);
        List<String> finished;
        try (Stream<Path> s = Files.list(out)) {
            finished = s.filter(p -> Files.isRegularFile(p.resolve(BatchJob.DONE)))
                    .map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(95, finished.size());
        for (String c : corrupt) {
            assertFalse(finished.contains(c), c);
            assertEquals(1, r.errLines().stream().filter(l -> l.startsWith("  failed " + c + ": ")).count(),
                    () -> c + "\n" + r);
            Path leftover = out.resolve(c);
            if (Files.isDirectory(leftover)) {
                try (Stream<Path> s = Files.list(leftover)) {
                    assertEquals(0, s.count(), c + " left files behind"); // nothing half-written
                }
            }
        }
        assertTrue(r.err.contains("  failed s050: ") && r.err.contains("focus"), r::toString);
    }

    @Test
    void aKilledBatchResumesWithoutLosingRedoingOrHalfWritingAStack() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        int n = 40;
        for (int i = 0; i < n; i++) {
            writeStack(in, String.format("k%02d", i), 384, 288, 1000 + i);
        }
        Path out = dir.resolve("out");
        Process p = new ProcessBuilder(javaCommand("batch", in.toString(), "--out", out.toString(), "--jobs", "1",
                "--threads", "1"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (finishedStacks(out).size() < 5 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), () -> "the batch ended before it could be killed: " + log());
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Map<String, byte[]> finishedBefore = new HashMap<>();
        for (String name : finishedStacks(out)) {
            finishedBefore.put(name, Files.readAllBytes(out.resolve(name).resolve(BatchJob.DONE)));
        }
        assertTrue(finishedBefore.size() >= 5 && finishedBefore.size() < n, finishedBefore.keySet()::toString);

        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.err.contains(n + " stack(s): " + (n - finishedBefore.size()) + " done, " + finishedBefore.size()
                + " skipped (finished), 0 failed"), r::toString);
        for (Map.Entry<String, byte[]> e : finishedBefore.entrySet()) { // not redone
            assertArrayEquals(e.getValue(), Files.readAllBytes(out.resolve(e.getKey()).resolve(BatchJob.DONE)));
        }
        Path reference = dir.resolve("reference");
        assertEquals(0, CliRun.of("batch", in.toString(), "--out", reference.toString(), "--quiet").code);
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> temps = files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), temps, "temporary files left behind");
        }
        for (int i = 0; i < n; i++) { // none lost, none half-written
            String name = String.format("k%02d", i);
            for (String f : BatchJob.OUTPUTS) {
                assertArrayEquals(Files.readAllBytes(reference.resolve(name).resolve(f)),
                        Files.readAllBytes(out.resolve(name).resolve(f)), name + "/" + f);
            }
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("killed.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<String> finishedStacks(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(BatchJob.DONE))).map(p -> p.getFileName().toString())
                    .collect(Collectors.toList());
        }
    }

    /** The command line in a separate JVM with this test's class path (surefire's, which includes every jar). */
    private static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("surefire.test.class.path", ""));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
