package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;

/** {@code batch --engine spark} in local mode, against the local engine's outputs. */
class SparkBatchCommandTest {

    private static final String[] IMAGES = {"depth.tif", "confidence.tif", "all-in-focus.tif", "depth.png"};

    @TempDir
    Path dir;

    private CliRun batch(Path in, Path out, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "batch";
        args[1] = in.toString();
        args[2] = "--out";
        args[3] = out.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.of(args);
    }

    private static void assertSameImages(Path expected, Path actual, int stacks) throws Exception {
        for (int i = 1; i <= stacks; i++) {
            for (String f : IMAGES) {
                Path rel = Path.of("s" + i, f);
                assertArrayEquals(Files.readAllBytes(expected.resolve(rel)), Files.readAllBytes(actual.resolve(rel)),
                        actual.resolve(rel).toString());
            }
        }
    }

    @Test
    void writesWhatTheLocalEngineWritesReportsACorruptStackAndResumes() throws Exception {
        Path in = TestStacks.batchInput(dir.resolve("in"), 6);
        Files.write(in.resolve("s3b.tif"), "not a tiff".getBytes(StandardCharsets.UTF_8));
        CliRun one = batch(in, dir.resolve("jobs1"), "--jobs", "1");
        CliRun four = batch(in, dir.resolve("jobs4"), "--jobs", "4");
        Path out = dir.resolve("spark");
        CliRun spark = batch(in, out, "--engine", "spark", "--master", "local[2]");
        for (CliRun r : List.of(one, four, spark)) {
            assertEquals(Main.EXIT_BAD_INPUT, r.code, r::toString);
            assertTrue(r.err.contains("7 stack(s): 6 done, 0 skipped (finished), 1 failed"), r::toString);
        }
        assertTrue(spark.err.contains("  failed s3b: "), spark::toString);
        assertEquals(1, spark.errLines().stream().filter(l -> l.startsWith("defocusj batch: s3b: error: ")).count(),
                spark::toString);
        assertTrue(spark.err.contains("[7/7]"), spark::toString);
        assertFalse(Files.exists(out.resolve("s3b").resolve(BatchCommand.DONE)));
        assertEquals("", spark.systemOut + spark.systemErr, "Spark stays quiet");
        assertSameImages(dir.resolve("jobs1"), out, 6);
        assertSameImages(dir.resolve("jobs1"), dir.resolve("jobs4"), 6);

        Path done1 = out.resolve("s1").resolve(BatchCommand.DONE);
        FileTime t1 = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(done1, t1);
        Files.delete(out.resolve("s5").resolve(BatchCommand.DONE));
        CliRun again = batch(in, out, "--engine", "spark", "--master", "local[2]");
        assertEquals(Main.EXIT_BAD_INPUT, again.code, again::toString);
        assertTrue(again.err.contains("1 done, 5 skipped (finished), 1 failed"), again::toString);
        assertEquals(t1, Files.getLastModifiedTime(done1));
        assertSameImages(dir.resolve("jobs1"), out, 6);
    }

    @Test
    void theSummaryIsWrittenOnTheDriverAsLocally() throws Exception {
        Path in = TestStacks.batchInput(dir.resolve("in"), 3);
        Path gt = dir.resolve("gt");
        for (int i = 1; i <= 3; i++) {
            TestStacks.flatDepth(gt.resolve("s" + i + ".tif"), 1.2f + 0.3f * i);
        }
        CliRun local = batch(in, dir.resolve("local"), "--gt", gt.toString(), "--jobs", "2");
        CliRun spark = batch(in, dir.resolve("spark"), "--gt", gt.toString(), "--engine", "spark");
        assertEquals(0, local.code, local::toString);
        assertEquals(0, spark.code, spark::toString);
        List<String> csv = Files.readAllLines(dir.resolve("spark").resolve("summary.csv"));
        assertEquals(5, csv.size(), csv::toString);
        assertTrue(csv.get(4).startsWith("mean,"), csv::toString);
        assertEquals(Files.readString(dir.resolve("local").resolve("summary.csv")), String.join("\n", csv) + "\n");
        // summary.json names each depth map by its path, which has the output folder in it
        assertEquals(Files.readString(dir.resolve("local").resolve("summary.json")).replace(dir.resolve("local")
                .toString(), "OUT"), Files.readString(dir.resolve("spark").resolve("summary.json"))
                .replace(dir.resolve("spark").toString(), "OUT"));
        assertTrue(Files.readString(dir.resolve("spark").resolve("s2").resolve(BatchCommand.DONE))
                .contains("\"metrics\""));
    }

    @Test
    void fossaRunsWithTheExecutorsModel() throws Exception {
        Path in = TestStacks.batchInput(dir.resolve("in"), 3);
        String model = TestStacks.testModel(dir, "trivial-with-metadata.pt").toString();
        CliRun local = batch(in, dir.resolve("local"), "--method", "fossa", "--model", model,
                "--focal-length-px", "500", "--jobs", "2");
        CliRun spark = batch(in, dir.resolve("spark"), "--method", "fossa", "--model", model,
                "--focal-length-px", "500", "--engine", "spark", "--master", "local[2]");
        assertEquals(0, local.code, local::toString);
        assertEquals(0, spark.code, spark::toString);
        assertSameImages(dir.resolve("local"), dir.resolve("spark"), 3);
        assertTrue(Files.readString(dir.resolve("spark").resolve("s1").resolve(BatchCommand.DONE))
                .contains("fossa"));
    }

    /** A method registered from the test tree alone (org.defocusj.depth.peak) runs on Spark as locally. */
    @Test
    void aMethodFromTheRegistryRunsOnSparkAsLocally() throws Exception {
        Path in = TestStacks.batchInput(dir.resolve("in"), 3);
        CliRun local = batch(in, dir.resolve("local"), "--method", "peak", "--peak-minimum", "30");
        CliRun spark = batch(in, dir.resolve("spark"), "--method", "peak", "--peak-minimum", "30", "--engine",
                "spark", "--master", "local[2]");
        assertEquals(0, local.code, local::toString);
        assertEquals(0, spark.code, spark::toString);
        for (int i = 1; i <= 3; i++) {
            for (String f : new String[] {"depth.tif", "depth.png"}) {
                Path rel = Path.of("s" + i, f);
                assertArrayEquals(Files.readAllBytes(dir.resolve("local").resolve(rel)),
                        Files.readAllBytes(dir.resolve("spark").resolve(rel)), rel.toString());
            }
        }
        assertTrue(Files.readString(dir.resolve("spark").resolve("s1").resolve(BatchCommand.DONE))
                .contains("\"peak_minimum\": \"30.0\""));
    }

    @Test
    void aBadModelFailsBeforeAnyStack() throws Exception {
        Path in = TestStacks.batchInput(dir.resolve("in"), 2);
        CliRun spark = batch(in, dir.resolve("out"), "--method", "fossa", "--model",
                dir.resolve("missing.pt").toString(), "--focal-length-px", "500", "--engine", "spark");
        assertEquals(Main.EXIT_BAD_INPUT, spark.code, spark::toString);
        assertEquals(1, spark.errLines().size(), spark::toString);
        assertTrue(spark.err.startsWith("defocusj batch: error: "), spark::toString);
        assertFalse(Files.exists(dir.resolve("out").resolve("s1")));
    }

    /** Without the add-opens flags Spark would fail deep inside its first task; the engine says why first. */
    @Test
    void aJvmWithoutAddOpensIsToldWhatToAdd() throws Exception {
        assumeTrue(Runtime.version().feature() >= 16, "Java before 16 lets Spark in without flags");
        Path in = TestStacks.batchInput(dir.resolve("in"), 1);
        ChildCli r = ChildCli.run(e -> false, List.of(), "batch", in.toString(), "--out",
                dir.resolve("out").toString(), "--engine", "spark");
        assertEquals(Main.EXIT_BAD_INPUT, r.code, r::toString);
        assertTrue(r.err.startsWith("defocusj batch: error: --engine spark: Java "), r::toString);
        assertTrue(r.err.contains("--add-opens=java.base/PACKAGE=ALL-UNNAMED"), r::toString);
        assertEquals(1, r.err.lines().count(), r::toString);
    }
}
