package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;

class BatchEngineOptionTest {

    @TempDir
    Path dir;

    /** The plain command line (plugin jar and target/lib, no Spark jars) asked for Spark says where to look. */
    @Test
    void sparkWithoutTheSparkJarsIsOneClearError() throws Exception {
        Path in = TestStacks.batchInput(dir.resolve("in"), 1);
        Path out = dir.resolve("out");
        ChildCli r = ChildCli.run(e -> e.contains("spark-classes") || e.contains("/org/apache/spark/"), List.of(),
                "batch", in.toString(), "--out", out.toString(), "--engine", "spark");
        assertEquals(Main.EXIT_BAD_INPUT, r.code, r::toString);
        List<String> lines = r.err.lines().filter(l -> !l.isBlank()).collect(java.util.stream.Collectors.toList());
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("defocusj batch: error: --engine: unknown engine 'spark' (expected one "
                + "of local; spark needs DefocusJ's Spark jars"), r::toString);
        assertTrue(lines.get(0).contains("\"Scale-out on Apache Spark\""), r::toString);
        assertFalse(Files.exists(out), "nothing written before the engine is found");
    }
}
