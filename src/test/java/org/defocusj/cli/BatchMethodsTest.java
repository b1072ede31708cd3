package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;
import org.defocusj.batch.BatchJob;

/** Batch over folder stacks and with FOSSA, whose outputs must not depend on --jobs either. */
class BatchMethodsTest {

    @TempDir
    Path dir;

    @Test
    void folderStacksOfPngImagesWithTheirFocusFile() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int s = 1; s <= 2; s++) {
            Path folder = Files.createDirectories(in.resolve("plate-" + s));
            ImageStack slices = TestStacks.randomBytes(24, 20, 4, 10 * s).getStack();
            for (int z = 1; z <= 4; z++) {
                assertTrue(new FileSaver(new ImagePlus("z", slices.getProcessor(z))).saveAsPng(folder.resolve("z" + z + ".png").toString()));
            }
            Files.write(folder.resolve("focus.txt"), "unit=um\n0\n2\n4\n6\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(in.resolve("notes.txt"), "not a stack".getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.err.contains("2 stack(s): 2 done"), r::toString);
        ImagePlus depth = IJ.openImage(out.resolve("plate-2").resolve("depth.tif").toString());
        assertEquals(24, depth.getWidth());
        assertEquals("um", depth.getCalibration().getValueUnit(), r::toString);
        String done = Files.readString(out.resolve("plate-1").resolve(BatchJob.DONE));
        assertTrue(done.contains("\"size\": \"24 x 20 x 4\""), done);
    }

    @Test
    void fossaGivesTheSameDepthWithOneAndTwoJobs() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int s = 1; s <= 3; s++) {
            ImagePlus imp = TestStacks.randomBytes(64, 48, 5, 7 * s);
            assertTrue(new FileSaver(imp).saveAsTiffStack(in.resolve("c" + s + ".tif").toString()));
        }
        String[] common = {"--method", "fossa", "--model", "builtin:tiny", "--focus", "0.5,0.8,1.2,2,4",
            "--focal-length-px", "60", "--quiet"};
        CliRun one = CliRun.of(concat(new String[] {"batch", in.toString(), "--out", dir.resolve("a").toString(),
            "--jobs", "1"}, common));
        CliRun two = CliRun.of(concat(new String[] {"batch", in.toString(), "--out", dir.resolve("b").toString(),
            "--jobs", "2"}, common));
        assertEquals(0, one.code, one::toString);
        assertEquals(0, two.code, two::toString);
        for (int s = 1; s <= 3; s++) {
            for (String f : BatchJob.OUTPUTS) {
                assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve("c" + s).resolve(f)),
                        Files.readAllBytes(dir.resolve("b").resolve("c" + s).resolve(f)), "c" + s + "/" + f);
            }
        }
        String done = Files.readString(dir.resolve("a").resolve("c1").resolve(BatchJob.DONE));
        assertTrue(done.contains("fossa"), done);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
