package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.io.TiffBytes;

/**
 * {@code defocusj depth} on bad input: each case must exit with {@link Main#EXIT_BAD_INPUT}, print exactly one
 * line on stderr that names the offending file or option and says what was expected, and leave no output
 * (neither the target nor a hidden temporary file) behind. Stacks are tiny (32 x 24) and built here.
 */
class DepthCommandBadInputTest {

    private static final int W = 32;
    private static final int H = 24;
    private static final String FIVE = "0.5,0.6,0.7,0.8,0.9";

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- positive controls

    @Test
    void validStackWithFocusWritesDepthMap() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        Path out = tmp.resolve("out").resolve("depth.tif");
        CliRun r = run(stack.toString(), "--focus", FIVE, "-o", out.toString(), "--png",
                tmp.resolve("out").resolve("depth.png").toString(), "--threads", "1");
        assertEquals(0, r.code, r::toString);
        assertTrue(Files.size(out) > 0, "depth.tif written");
        assertTrue(Files.size(tmp.resolve("out").resolve("depth.png")) > 0, "depth.png written");
        assertEquals(List.of("depth.png", "depth.tif"), listing(tmp.resolve("out")), "no temporary files left");
        assertFalse(r.err.contains("error"), r::toString);
        assertTrue(r.out.contains("wrote " + out.toAbsolutePath()), r::toString);
    }

    /** Micrometres are stage positions: negative (and zero) distances are fine there. */
    @Test
    void negativeDistanceInMicrometresIsAccepted() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        Path out = tmp.resolve("out").resolve("depth.tif");
        CliRun r = run(stack.toString(), "--focus", "-2,-1,0,1,2", "--unit", "um", "-o", out.toString(),
                "--threads", "1", "--quiet");
        assertEquals(0, r.code, r::toString);
        assertTrue(Files.size(out) > 0);
        assertEquals(List.of("depth.tif"), listing(tmp.resolve("out")));
    }

    // ---------------------------------------------------------------- focus distances

    @Test
    void focusListShorterThanStack() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        CliRun r = runToOut(stack.toString(), "--focus", "0.5,0.6,0.7");
        assertBadInput(r, "--focus", "3 focus distances", "stack.tif", "5 slices", "one distance per slice");
    }

    @Test
    void focusDistancesNotMonotonic() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        CliRun r = runToOut(stack.toString(), "--focus", "0.5,0.7,0.6,0.8,0.9");
        assertBadInput(r, "--focus", "not monotonic", "slice 3", "0.7 then 0.6", "strictly");
    }

    @Test
    void focusDistancesDuplicated() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        CliRun r = runToOut(stack.toString(), "--focus", "0.5,0.5,0.6,0.7,0.8");
        assertBadInput(r, "--focus", "distances 1 and 2", "0.5", "no duplicates");
    }

    @Test
    void focusDistanceNaN() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        CliRun r = runToOut(stack.toString(), "--focus", "0.5,NaN,0.7,0.8,0.9");
        assertBadInput(r, "--focus", "distance 2 is NaN", "finite");
    }

    @Test
    void negativeDistanceInMetresIsRejected() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        CliRun r = runToOut(stack.toString(), "--focus", "-0.5,0.6,0.7,0.8,0.9", "--unit", "m");
        assertBadInput(r, "--focus", "distance 1 is -0.5 m", "positive distance from the lens");
    }

    @Test
    void zeroDistanceInMetresIsRejected() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        CliRun r = runToOut(stack.toString(), "--focus", "0,0.6,0.7,0.8,0.9", "--unit", "m");
        assertBadInput(r, "--focus", "distance 1 is 0.0 m", "positive distance from the lens");
    }

    @Test
    void nonNumericFocusEntry() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        CliRun r = runToOut(stack.toString(), "--focus", "0.5,0.6,abc,0.8,0.9");
        assertBadInput(r, "--focus", "'abc' is not a number", "comma-separated");
    }

    @Test
    void focusSidecarWithNonNumericLine() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        Path sidecar = tmp.resolve("stack.focus.txt");
        Files.writeString(sidecar, "# distances\nunit=m\n0.5\n0.6\nseven tenths\n0.8\n0.9\n");
        CliRun r = runToOut(stack.toString());
        assertBadInput(r, "stack.focus.txt", "line 5", "seven tenths", "expected a number");
    }

    // ---------------------------------------------------------------- stacks

    @Test
    void singleSliceTiff() throws IOException {
        Path single = tmp.resolve("single.tif");
        assertTrue(new FileSaver(new ImagePlus("single", texture(new Random(7)))).saveAsTiff(single.toString()));
        CliRun r = runToOut(single.toString(), "--focus", "0.5");
        assertBadInput(r, "single.tif", "1 focus slice", "at least 2");
    }

    @Test
    void emptyTiffFile() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.tif"));
        CliRun r = runToOut(empty.toString(), "--focus", FIVE);
        assertBadInput(r, "empty.tif", "empty", "expected an image");
    }

    @Test
    void garbageTiffFile() throws IOException {
        Path garbage = tmp.resolve("garbage.tif");
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        bytes[0] = 'G'; // never a TIFF byte-order mark
        Files.write(garbage, bytes);
        CliRun r = runToOut(garbage.toString(), "--focus", FIVE);
        assertBadInput(r, "garbage.tif", "not a readable image", "TIFF, PNG or JPEG");
    }

    /** A page chain that loops back on itself sent ImageJ's decoder round forever: now exit 2, at once. */
    @Test
    void loopedTiffExitsWithBadInputQuickly() throws IOException {
        Path looped = TiffBytes.looped(tmp.resolve("looped.tif"));
        Path out = tmp.resolve("out").resolve("d.tif");
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> run(looped.toString(), "--out", out.toString(), "--focus", "index"));
        assertBadInput(r, "looped.tif", "damaged TIFF", "loops");
        assertNoOutputAnywhere();
    }

    /** A garbage file whose header claims TIFF gets past the type sniffing and fails in the structure check. */
    @Test
    void garbageWithTiffHeader() throws IOException {
        Path garbage = tmp.resolve("broken.tif");
        byte[] bytes = new byte[4096];
        new Random(43).nextBytes(bytes);
        bytes[0] = 'I';
        bytes[1] = 'I';
        bytes[2] = 42;
        bytes[3] = 0;
        Files.write(garbage, bytes);
        CliRun r = runToOut(garbage.toString(), "--focus", FIVE);
        assertBadInput(r, "broken.tif", "damaged TIFF");
    }

    @Test
    void folderWithMixedImageSizes() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("pngs"));
        Random rnd = new Random(3);
        for (int i = 0; i < 4; i++) {
            ByteProcessor ip = i == 2 ? texture(rnd, W + 8, H) : texture(rnd);
            String png = folder.resolve("s" + i + ".png").toString();
            assertTrue(new FileSaver(new ImagePlus("s" + i, ip)).saveAsPng(png));
        }
        CliRun r = runToOut(folder.toString(), "--focus", "0.5,0.6,0.7,0.8");
        assertBadInput(r, "s2.png", "40x24", "s0.png", "32x24", "same size");
    }

    @Test
    void stackPathDoesNotExist() throws IOException {
        Path missing = tmp.resolve("no-such-stack.tif");
        CliRun r = runToOut(missing.toString(), "--focus", FIVE);
        assertBadInput(r, "no-such-stack.tif", "no such file", "expected a TIFF stack or a folder");
    }

    // ---------------------------------------------------------------- parameters

    @Test
    void unknownMeasure() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        CliRun r = runToOut(stack.toString(), "--focus", FIVE, "--measure", "sharpness");
        assertBadInput(r, "--measure", "'sharpness'", "ssml", "sml", "tenengrad", "variance");
    }

    @Test
    void evenWindow() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        CliRun r = runToOut(stack.toString(), "--focus", FIVE, "--window", "8");
        assertBadInput(r, "--window", "odd number", "got 8");
    }

    // ---------------------------------------------------------------- outputs

    @Test
    void outFolderIsARegularFile() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        Path afile = Files.writeString(tmp.resolve("afile.txt"), "not a folder\n");
        CliRun r = run(stack.toString(), "--focus", FIVE, "-o", afile.resolve("depth.tif").toString());
        assertBadInput(r, "--out", "afile.txt is a file, not a folder", "expected a writable folder");
        assertEquals("not a folder\n", Files.readString(afile));
        assertNoOutputAnywhere();
    }

    /** Outputs appear together or not at all: an unwritable --png must not leave the depth map behind. */
    @Test
    void pngFolderIsARegularFileLeavesNoDepthMap() throws IOException {
        Path stack = tiffStack("stack.tif", 5);
        Path afile = Files.writeString(tmp.resolve("afile.txt"), "not a folder\n");
        Path out = tmp.resolve("out").resolve("depth.tif");
        CliRun r = run(stack.toString(), "--focus", FIVE, "-o", out.toString(),
                "--png", afile.resolve("depth.png").toString());
        assertBadInput(r, "--png", "afile.txt is a file, not a folder", "expected a writable folder");
        assertFalse(Files.exists(out));
        assertOutFolderEmpty();
        assertNoOutputAnywhere();
    }

    // ---------------------------------------------------------------- helpers

    /** Runs with {@code -o tmp/out/depth.tif} appended, then checks that the output folder holds nothing. */
    private CliRun runToOut(String... args) throws IOException {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("-o");
        all.add(tmp.resolve("out").resolve("depth.tif").toString());
        all.add("--threads");
        all.add("1");
        CliRun r = run(all.toArray(new String[0]));
        assertOutFolderEmpty();
        assertNoOutputAnywhere();
        return r;
    }

    private static CliRun run(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "depth";
        System.arraycopy(args, 0, full, 1, args.length);
        return CliRun.of(full);
    }

    private static void assertBadInput(CliRun r, String... expected) {
        r.assertBadInput("depth", expected);
    }


    private void assertOutFolderEmpty() throws IOException {
        Path outDir = tmp.resolve("out");
        if (Files.isDirectory(outDir)) {
            assertEquals(List.of(), listing(outDir), "output folder must stay empty");
        } else {
            assertFalse(Files.exists(outDir));
        }
    }

    /** No depth map and no hidden temporary file anywhere under the temporary folder. */
    private void assertNoOutputAnywhere() throws IOException {
        try (Stream<Path> all = Files.walk(tmp)) {
            List<String> bad = all.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("depth.") || n.endsWith(".tmp") || n.startsWith("."))
                    .collect(Collectors.toList());
            assertEquals(List.of(), bad, "leftover output files");
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private Path tiffStack(String name, int slices) {
        Random rnd = new Random(1);
        ImageStack stack = new ImageStack(W, H);
        for (int i = 0; i < slices; i++) {
            stack.addSlice("s" + i, texture(rnd));
        }
        Path file = tmp.resolve(name);
        assertTrue(new FileSaver(new ImagePlus(name, stack)).saveAsTiffStack(file.toString()));
        return file;
    }

    private static ByteProcessor texture(Random rnd) {
        return texture(rnd, W, H);
    }

    private static ByteProcessor texture(Random rnd, int w, int h) {
        byte[] pixels = new byte[w * h];
        rnd.nextBytes(pixels);
        return new ByteProcessor(w, h, pixels);
    }

}
