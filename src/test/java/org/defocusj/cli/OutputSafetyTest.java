package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ij.io.FileSaver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;
import org.defocusj.depth.stall.StallMethod;

/**
 * Outputs never destroy anything: an output that is an input (under any spelling, or through a link), two
 * outputs that are one file, and an output that is a FIFO are refused before any work (exit 2, one line naming
 * the parameter and the path), leaving the inputs as they were and no file behind; a stopped run removes its
 * temporary files.
 */
class OutputSafetyTest {

    private static final String FOCUS = "1,1.5,2,2.5";

    @TempDir
    Path dir;

    private Path stack(String name) throws IOException {
        Path p = dir.resolve(name);
        assertTrue(new FileSaver(TestStacks.randomBytes(24, 20, 4, 7)).saveAsTiffStack(p.toString()));
        return p;
    }

    private static CliRun depth(Path stack, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "depth";
        args[1] = stack.toString();
        args[2] = "--focus";
        args[3] = FOCUS;
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.of(args);
    }

    @Test
    void depthOverItsOwnStackIsRefused() throws IOException {
        Path s = stack("s.tif");
        Untouched before = Untouched.of(s);
        CliRun r = depth(s, "--out", s.toString());
        r.assertBadInput("depth", "--out: " + s, "the same file as the input " + s);
        before.check();
        Untouched.assertNoHiddenFiles(dir);
    }

    @Test
    void anotherSpellingOrAHardLinkOfTheStackIsTheStack() throws IOException {
        Path s = stack("s.tif");
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createLink(dir.resolve("link.tif"), s);
        Untouched before = Untouched.of(s);
        depth(s, "--out", dir.resolve("sub").resolve("..").resolve(".").resolve("s.tif").toString())
                .assertBadInput("depth", "--out: ", "the same file as the input");
        depth(s, "--out", link.toString()).assertBadInput("depth", "--out: " + link, "the same file as the input " + s);
        before.check();
        Untouched.assertNoHiddenFiles(dir);
    }

    @Test
    void noOutputReplacesTheFocusFileOrSidecar() throws IOException {
        Path s = stack("s.tif");
        Path sidecar = Files.write(dir.resolve("s.focus.txt"), "1\n1.5\n2\n2.5\n".getBytes(StandardCharsets.UTF_8));
        Path focusFile = Files.write(dir.resolve("f.txt"), "1\n1.5\n2\n2.5\n".getBytes(StandardCharsets.UTF_8));
        Untouched before = Untouched.of(s, sidecar, focusFile);
        CliRun.of("depth", s.toString(), "--out", dir.resolve("d.tif").toString(), "--png", sidecar.toString())
                .assertBadInput("depth", "--png: " + sidecar, "the same file as the input " + sidecar);
        CliRun.of("depth", s.toString(), "--focus-file", focusFile.toString(), "--out", dir.resolve("d.tif").toString(),
                "--confidence", focusFile.toString())
                .assertBadInput("depth", "--confidence: " + focusFile, "the same file as --focus-file " + focusFile);
        before.check();
        assertFalse(Files.exists(dir.resolve("d.tif")));
        Untouched.assertNoHiddenFiles(dir);
    }

    @Test
    void noOutputReplacesTheFossaModel() throws IOException {
        Path s = stack("s.tif");
        Path model = TestStacks.testModel(dir, "trivial-with-metadata.pt");
        Untouched before = Untouched.of(s, model);
        depth(s, "--method", "fossa", "--model", model.toString(), "--focal-length-px", "500", "--out",
                dir.resolve("d.tif").toString(), "--confidence", model.toString())
                .assertBadInput("depth", "--confidence: " + model, "the same file as --model " + model);
        depth(s, "--method", "fossa", "--model", dir.resolve(".").resolve(model.getFileName()).toString(),
                "--focal-length-px", "500", "--out", model.toString())
                .assertBadInput("depth", "--out: " + model, "the same file as --model ");
        before.check();
        assertFalse(Files.exists(dir.resolve("d.tif")));
        Untouched.assertNoHiddenFiles(dir);
    }

    @Test
    void noBatchOutputReplacesTheFossaModel() throws IOException {
        Path in = TestStacks.batchInput(dir.resolve("in"), 1);
        Path out = dir.resolve("out");
        // Where the batch would write s1's confidence map.
        Path model = Files.copy(TestStacks.testModel(dir, "trivial-with-metadata.pt"),
                Files.createDirectories(out.resolve("s1")).resolve(org.defocusj.batch.BatchJob.OUTPUTS.get(1)));
        Untouched before = Untouched.of(model);
        CliRun r = CliRun.of("batch", in.toString(), "--out", out.toString(), "--method", "fossa", "--model",
                model.toString(), "--focal-length-px", "500", "--quiet");
        assertEquals(Main.EXIT_BAD_INPUT, r.code, r::toString);
        assertTrue(r.err.contains("is also --model " + model) || r.err.contains("the same file as --model " + model),
                r::toString);
        before.check();
        Untouched.assertNoHiddenFiles(out);
    }

    @Test
    void nothingIsWrittenIntoAFolderStack() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("slices"));
        for (int i = 0; i < 4; i++) {
            assertTrue(new FileSaver(TestStacks.randomBytes(24, 20, 1, i)).saveAsTiff(folder.resolve("z" + i + ".tif")
                    .toString()));
        }
        CliRun r = depth(folder, "--out", folder.resolve("depth.tif").toString());
        r.assertBadInput("depth", "--out: " + folder.resolve("depth.tif"), "inside the input folder " + folder);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(4, files.count());
        }
    }

    @Test
    void twoOutputsUnderTwoSpellingsAreRefused() throws IOException {
        Path s = stack("s.tif");
        Path d = dir.resolve("d.tif");
        CliRun r = depth(s, "--out", d.toString(), "--confidence", dir.resolve(".").resolve("d.tif").toString());
        r.assertBadInput("depth", "--confidence: ", "is also --out " + d, "a different file for each output");
        assertFalse(Files.exists(d));
        Untouched.assertNoHiddenFiles(dir);
    }

    @Test
    void aFifoAsOutputIsRefusedAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("fifo.tif");
        assumeTrue(mkfifo(fifo), "mkfifo is not available");
        Path s = stack("s.tif");
        Untouched before = Untouched.of(s);
        CliRun r = depth(s, "--out", fifo.toString());
        r.assertBadInput("depth", "--out: " + fifo, "not a regular file");
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther(), "still a FIFO");
        before.check();
        Untouched.assertNoHiddenFiles(dir);
    }

    private static boolean mkfifo(Path p) throws InterruptedException {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void anExistingOutputThatIsNoInputIsReplaced() throws IOException {
        Path s = stack("s.tif");
        Path d = Files.write(dir.resolve("d.tif"), new byte[] {1, 2, 3});
        CliRun r = depth(s, "--out", d.toString(), "--quiet");
        assertEquals(0, r.code, r::toString);
        assertTrue(Files.size(d) > 3, "replaced by the depth map");
        Untouched.assertNoHiddenFiles(dir);
    }

    @Test
    void simulateAndEvaluateDoNotWriteOverTheirInputs() throws IOException {
        Path image = Files.createDirectories(dir.resolve("in")).resolve("rgb.tif");
        assertTrue(new FileSaver(TestStacks.randomBytes(24, 20, 1, 3)).saveAsTiff(image.toString()));
        Path depth = TestStacks.flatDepth(dir.resolve("in").resolve("depth.tif"), 2f);
        Untouched before = Untouched.of(image, depth);
        CliRun.of("simulate", "--image", image.toString(), "--depth", depth.toString(), "--focus", "1,2,3", "--out",
                image.toString()).assertBadInput("simulate", "--out: " + image, "the same file as --image " + image);
        CliRun.of("evaluate", "--pred", depth.toString(), "--gt", depth.toString(), "--json",
                dir.resolve("in").resolve(".").resolve("depth.tif").toString())
                .assertBadInput("evaluate", "--json: ", "the same file as --pred " + depth);
        before.check();
        Untouched.assertNoHiddenFiles(dir);
    }

    /** SIGTERM (what Ctrl-C does too) while the estimate runs: the shutdown hook removes the temporary files. */
    @Test
    void aStoppedRunLeavesNoTemporaryFileAndNoFolder() throws Exception {
        Path s = stack(StallMethod.STALL + ".tif");
        Untouched before = Untouched.of(s);
        Path out = dir.resolve("out").resolve("d.tif");
        Process p = ChildCli.start(dir.resolve("child.log"), "depth", s.toString(), "--focus", FOCUS, "--method",
                StallMethod.KEY, "--out", out.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Untouched.hasTemp(out.getParent()) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Untouched.hasTemp(out.getParent()), () -> "no temporary file while running: " + log());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child JVM did not stop");
        }
        assertFalse(Files.exists(out.getParent()), "the output folder it created is removed again");
        before.check();
        Files.delete(dir.resolve("child.log"));
        Untouched.assertNoHiddenFiles(dir);
    }


    private String log() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void noSubcommandNamesTheProgramOnce() {
        CliRun r = CliRun.of();
        assertEquals(Main.EXIT_BAD_INPUT, r.code, r::toString);
        assertEquals("defocusj: error: missing subcommand (try --help)", r.errLines().get(0), r::toString);
        assertEquals("Try 'defocusj --help'.", r.errLines().get(1), r::toString);
    }

    @Test
    void sameBytesAsBefore() throws IOException {
        // A positive control for the assertions above: a run that writes elsewhere leaves its stack as it was.
        Path s = stack("s.tif");
        byte[] before = Files.readAllBytes(s);
        assertEquals(0, depth(s, "--out", dir.resolve("o").resolve("d.tif").toString(), "--quiet").code);
        assertArrayEquals(before, Files.readAllBytes(s));
    }
}
