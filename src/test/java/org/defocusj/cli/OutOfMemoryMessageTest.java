package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;

/** A stack that can be read but not processed in the heap Java was given: one line saying what to do, no output. */
class OutOfMemoryMessageTest {

    @TempDir
    Path dir;

    @Test
    void runningOutOfHeapSaysHowToGiveJavaMoreAndLeavesNoOutput() throws Exception {
        Path stack = dir.resolve("big.tif");
        ImagePlus imp = TestStacks.randomBytes(1024, 1024, 4, 5);
        assertTrue(new FileSaver(imp).saveAsTiffStack(stack.toString()));
        Path out = dir.resolve("depth.tif");
        ChildCli r = ChildCli.run(e -> false, List.of("-Xmx40m"), "depth", stack.toString(), "--focus", "index",
                "--align", "off", "--out", out.toString());
        assertEquals(Main.EXIT_FAILURE, r.code, r.err);
        assertTrue(r.err.contains("defocusj: failed: out of memory (Java may use ")
                && r.err.contains("DEFOCUSJ_JAVA_OPTS=-Xmx"), r.err);
        assertFalse(r.err.contains("\tat "), "no stack trace without --debug: " + r.err);
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the input is left");
        }
    }
}
