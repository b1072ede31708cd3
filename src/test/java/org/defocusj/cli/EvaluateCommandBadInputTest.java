package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.eval.EvalFiles;

/**
 * {@code defocusj evaluate} on bad input: exit {@link Main#EXIT_BAD_INPUT}, exactly one line on stderr naming
 * the file or option and what was expected, nothing on stdout, and no JSON (nor its temporary file) left.
 * Every run asks for {@code --json tmp/out/metrics.json}.
 */
class EvaluateCommandBadInputTest {

    @TempDir
    Path tmp;

    private Path pred() throws IOException {
        return EvalFiles.tiff(tmp.resolve("pred.tif"), 2, 2, 1, 2, 3, 4);
    }

    private Path gt() throws IOException {
        return EvalFiles.npy(tmp.resolve("gt.npy"), 2, 2, 1, 2, 3, 4);
    }

    // ---------------------------------------------------------------- control

    @Test
    void goodInputWritesJson() throws IOException {
        CliRun r = run("--pred", pred().toString(), "--gt", gt().toString());
        assertEquals(0, r.code, r::toString);
        assertEquals(List.of("metrics.json"), listing(tmp.resolve("out")));
    }

    // ---------------------------------------------------------------- data

    @Test
    void sizeMismatch() throws IOException {
        Path wide = EvalFiles.tiff(tmp.resolve("wide.tif"), 3, 2, 1, 2, 3, 4, 5, 6);
        CliRun r = runNoOutput("--pred", wide.toString(), "--gt", gt().toString());
        assertBadInput(r, "wide.tif", "3x2", "gt.npy", "2x2", "same size");
    }

    @Test
    void groundTruthWithNoValidPixel() throws IOException {
        Path gt = EvalFiles.npy(tmp.resolve("empty-gt.npy"), 2, 2, Float.NaN, 0, 0.001f, 5000);
        CliRun r = runNoOutput("--pred", pred().toString(), "--gt", gt.toString());
        assertBadInput(r, "empty-gt.npy", "no valid ground-truth pixel", "[0.01, 1000]", "--min-depth");
    }

    @Test
    void nanPredictionInsideTheValidRegion() throws IOException {
        Path pred = EvalFiles.tiff(tmp.resolve("holes.tif"), 2, 2, 1, Float.NaN, 3, Float.NaN);
        CliRun r = runNoOutput("--pred", pred.toString(), "--gt", gt().toString());
        assertBadInput(r, "holes.tif", "2 pixel(s)", "2 NaN", "expected depth > 0", "--ignore-invalid-pred");
    }

    // ---------------------------------------------------------------- parameters

    @Test
    void zeroMinDepth() throws IOException {
        CliRun r = runNoOutput("--pred", pred().toString(), "--gt", gt().toString(), "--min-depth", "0");
        assertBadInput(r, "--min-depth", "0", "expected a finite depth > 0");
    }

    @Test
    void negativeMinDepth() throws IOException {
        CliRun r = runNoOutput("--pred", pred().toString(), "--gt", gt().toString(), "--min-depth", "-1");
        assertBadInput(r, "--min-depth", "-1", "expected a finite depth > 0");
    }

    @Test
    void nanMinDepth() throws IOException {
        CliRun r = runNoOutput("--pred", pred().toString(), "--gt", gt().toString(), "--min-depth", "NaN");
        assertBadInput(r, "--min-depth", "NaN", "expected a finite depth > 0");
    }

    @Test
    void minDepthNotBelowMaxDepth() throws IOException {
        CliRun r = runNoOutput("--pred", pred().toString(), "--gt", gt().toString(), "--min-depth", "5",
                "--max-depth", "5");
        assertBadInput(r, "--min-depth 5", "--max-depth 5", "expected min < max");
    }

    @Test
    void unknownDisparityConvention() throws IOException {
        CliRun r = runNoOutput("--pred", pred().toString(), "--gt", gt().toString(), "--disparity", "kitti");
        assertBadInput(r, "--disparity", "'kitti'", "expected ddff12");
    }

    // ---------------------------------------------------------------- files

    @Test
    void unreadableImage() throws IOException {
        Path garbage = tmp.resolve("garbage.tif");
        byte[] bytes = new byte[512];
        new Random(1).nextBytes(bytes);
        bytes[0] = 'G';
        Files.write(garbage, bytes);
        CliRun r = runNoOutput("--pred", garbage.toString(), "--gt", gt().toString());
        assertBadInput(r, "--pred", "garbage.tif", "not a readable image");
    }

    @Test
    void unreadableNpy() throws IOException {
        Path broken = Files.write(tmp.resolve("broken.npy"), "this is not numpy".getBytes());
        CliRun r = runNoOutput("--pred", pred().toString(), "--gt", broken.toString());
        assertBadInput(r, "--gt", "broken.npy", "not a NumPy .npy file");
    }

    @Test
    void missingPrediction() throws IOException {
        CliRun r = runNoOutput("--pred", tmp.resolve("nope.tif").toString(), "--gt", gt().toString());
        assertBadInput(r, "--pred", "nope.tif", "no such file", "expected");
    }

    @Test
    void missingGroundTruth() throws IOException {
        CliRun r = runNoOutput("--pred", pred().toString(), "--gt", tmp.resolve("nope.npy").toString());
        assertBadInput(r, "--gt", "nope.npy", "no such file", "expected");
    }

    @Test
    void predictionFolderWithGroundTruthFile() throws IOException {
        Path folder = tmp.resolve("preds");
        EvalFiles.tiff(folder.resolve("a.tif"), 2, 2, 1, 2, 3, 4);
        CliRun r = runNoOutput("--pred", folder.toString(), "--gt", gt().toString());
        assertBadInput(r, "--gt", "gt.npy", "is a file", "expected a folder");
    }

    // ---------------------------------------------------------------- helpers

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>();
        all.add("evaluate");
        all.addAll(Arrays.asList(args));
        all.add("--json");
        all.add(tmp.resolve("out").resolve("metrics.json").toString());
        return CliRun.of(all.toArray(new String[0]));
    }

    /** Runs and checks that no JSON and no temporary file was left anywhere. */
    private CliRun runNoOutput(String... args) throws IOException {
        CliRun r = run(args);
        try (Stream<Path> all = Files.walk(tmp)) {
            List<String> left = all.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") || n.endsWith(".tmp"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), left, "leftover output files");
        }
        return r;
    }

    private static void assertBadInput(CliRun r, String... expected) {
        r.assertBadInput("evaluate", expected);
    }


    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
