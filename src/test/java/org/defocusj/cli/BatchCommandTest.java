package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;

class BatchCommandTest {

    private static final String[] OUTPUTS = {"depth.tif", "confidence.tif", "all-in-focus.tif", "depth.png",
        BatchCommand.DONE};

    @TempDir
    Path dir;

    private Path input() throws IOException {
        return TestStacks.batchInput(dir.resolve("in"), 3);
    }

    /** --aligned-stack writes each stack as the method saw it beside its depth map (unaligned here: as read). */
    @Test
    void alignedStackFlagWritesAlignedTifPerStack() throws Exception {
        Path in = input();
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString(), "--align", "off", "--aligned-stack");
        assertEquals(0, r.code, r::toString);
        for (String name : new String[] {"s1", "s2", "s3"}) {
            Path aligned = out.resolve(name).resolve(org.defocusj.batch.BatchJob.ALIGNED_OUTPUT);
            assertTrue(Files.isRegularFile(aligned), name + "\n" + r);
            ij.ImagePlus a = ij.IJ.openImage(aligned.toString());
            ij.ImagePlus s = ij.IJ.openImage(in.resolve(name + ".tif").toString());
            assertEquals(s.getStackSize(), a.getStackSize());
            for (int n = 1; n <= s.getStackSize(); n++) {
                assertEquals(s.getStack().getProcessor(n).getPixelValue(3, 5),
                        a.getStack().getProcessor(n).getPixelValue(3, 5), name + " slice " + n);
            }
            assertTrue(new String(Files.readAllBytes(out.resolve(name).resolve(BatchCommand.DONE)),
                    StandardCharsets.UTF_8).contains(org.defocusj.batch.BatchJob.ALIGNED_OUTPUT));
        }
    }

    @Test
    void writesEveryOutputAndSkipsFinishedStacksOnRerun() throws Exception {
        Path in = input();
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString());
        assertEquals(0, r.code, r::toString);
        for (String name : new String[] {"s1", "s2", "s3"}) {
            for (String f : OUTPUTS) {
                assertTrue(Files.isRegularFile(out.resolve(name).resolve(f)), name + "/" + f + "\n" + r);
            }
            assertFalse(Files.exists(out.resolve(name).resolve(org.defocusj.batch.BatchJob.ALIGNED_OUTPUT)));
        }
        assertTrue(r.err.contains("[3/3]"), r::toString);
        assertTrue(r.err.contains("3 done, 0 skipped (finished), 0 failed"), r::toString);

        Path done1 = out.resolve("s1").resolve(BatchCommand.DONE);
        FileTime t1 = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(done1, t1);
        Files.delete(out.resolve("s2").resolve(BatchCommand.DONE));
        Files.write(out.resolve("s2").resolve(".depth.tif.123.tmp"), new byte[] {1});
        r = CliRun.of("batch", in.toString(), "--out", out.toString());
        assertEquals(0, r.code, r::toString);
        assertEquals(t1, Files.getLastModifiedTime(done1));
        assertTrue(Files.isRegularFile(out.resolve("s2").resolve(BatchCommand.DONE)));
        assertFalse(Files.exists(out.resolve("s2").resolve(".depth.tif.123.tmp")));
        assertTrue(r.err.contains("1 done, 2 skipped (finished), 0 failed"), r::toString);
    }

    @Test
    void aCorruptStackFailsAloneAndIsReported() throws Exception {
        Path in = input();
        Files.write(in.resolve("s2b.tif"), "not a tiff".getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString());
        assertNotEquals(0, r.code, r::toString);
        assertEquals(Main.EXIT_BAD_INPUT, r.code, r::toString);
        for (String name : new String[] {"s1", "s2", "s3"}) {
            assertTrue(Files.isRegularFile(out.resolve(name).resolve(BatchCommand.DONE)), r::toString);
        }
        assertFalse(Files.exists(out.resolve("s2b").resolve(BatchCommand.DONE)));
        List<String> lines = r.errLines();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("defocusj batch: s2b: error: ")).count(),
                r::toString);
        assertTrue(r.err.contains("3 done, 0 skipped (finished), 1 failed"), r::toString);
        assertTrue(r.err.contains("  failed s2b: "), r::toString);
        // natural order: s2b comes after s2 and before s3
        assertTrue(r.err.indexOf("] s2b:") < r.err.indexOf("] s3:") || r.err.contains("[4/4]"), r::toString);
    }

    @Test
    void oneAndTwoJobsGiveIdenticalDepth() throws Exception {
        Path in = input();
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        CliRun ra = CliRun.of("batch", in.toString(), "--out", a.toString(), "--jobs", "1");
        CliRun rb = CliRun.of("batch", in.toString(), "--out", b.toString(), "--jobs", "2");
        assertEquals(0, ra.code, ra::toString);
        assertEquals(0, rb.code, rb::toString);
        for (String name : new String[] {"s1", "s2", "s3"}) {
            for (String f : new String[] {"depth.tif", "confidence.tif", "all-in-focus.tif", "depth.png"}) {
                assertArrayEquals(Files.readAllBytes(a.resolve(name).resolve(f)),
                        Files.readAllBytes(b.resolve(name).resolve(f)), name + "/" + f);
            }
        }
    }

    @Test
    void groundTruthGivesSummaries() throws Exception {
        Path in = input();
        Path gt = dir.resolve("gt");
        TestStacks.flatDepth(gt.resolve("s1.tif"), 1.7f);
        TestStacks.flatDepth(gt.resolve("s2.tif"), 1.7f);
        TestStacks.flatDepth(gt.resolve("s3").resolve("depth.tif"), 1.7f);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString(), "--gt", gt.toString(), "--jobs", "2");
        assertEquals(0, r.code, r::toString);
        List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(5, csv.size(), csv::toString); // header, 3 stacks, mean
        assertTrue(csv.get(0).startsWith("name,valid_pixels,"));
        assertTrue(csv.get(4).startsWith("mean,"));
        String json = Files.readString(out.resolve("summary.json"));
        assertTrue(json.contains("\"count\": 3"), json);
        assertTrue(Files.readString(out.resolve("s1").resolve(BatchCommand.DONE)).contains("\"metrics\""));
    }
}
