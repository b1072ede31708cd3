package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;
import org.defocusj.io.ExifFiles;

class DepthCommandFossaTest {

    @TempDir
    Path dir;

    private Path stack(int slices) {
        Path tif = dir.resolve("s" + slices + ".tif");
        new FileSaver(TestStacks.randomBytes(16, 12, slices, 3)).saveAsTiffStack(tif.toString());
        return tif;
    }

    private long filesIn(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    @Test
    void runsAFileModelWithAllOutputs() throws IOException {
        Path model = TestStacks.testModel(dir, "trivial-with-metadata.pt");
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("depth", stack(3).toString(), "--method", "fossa", "--model",
                model.toString(), "--focus", "1,2,3", "--focal-length-px", "500", "--out", out.resolve("d.tif").toString(),
                "--confidence", out.resolve("c.tif").toString(), "--all-in-focus", out.resolve("a.tif").toString(),
                "--png", out.resolve("d.png").toString(), "--quiet");
        assertEquals(0, r.code, r.err);
        ImagePlus d = IJ.openImage(out.resolve("d.tif").toString());
        assertEquals("m", d.getCalibration().getValueUnit());
        assertTrue(d.getInfoProperty().contains("method = fossa"));
        assertEquals(4, filesIn(out));
    }

    /** {@code --runtime onnx} and {@code torch} on the micro model (its ONNX export beside it) give the same map. */
    @Test
    void runtimeOnnxGivesLibtorchsDepth() throws IOException {
        Path model = dir.resolve("fossa-micro.pt");
        for (String f : new String[] {"fossa-micro.pt", "fossa-micro.onnx"}) {
            try (java.io.InputStream in = getClass().getResourceAsStream("/fossa/micro/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        Path stack = stack(3);
        float[][] maps = new float[2][];
        String[] runtimes = {"torch", "onnx"};
        for (int k = 0; k < 2; k++) {
            Path d = dir.resolve("d-" + runtimes[k] + ".tif");
            CliRun r = CliRun.of("depth", stack.toString(), "--method", "fossa", "--model", model.toString(),
                    "--runtime", runtimes[k], "--focus", "1,2,3", "--focal-length-px", "500", "--out", d.toString(),
                    "--quiet");
            assertEquals(0, r.code, r.err);
            ImagePlus img = IJ.openImage(d.toString());
            assertTrue(img.getInfoProperty().contains("method = fossa"));
            maps[k] = (float[]) img.getProcessor().convertToFloat().getPixels();
        }
        double rel = org.defocusj.bench.OnnxRuntimeBenchmark.relativeDifference(maps[1], maps[0]);
        assertTrue(rel <= 1e-4, "onnx vs torch: relative difference " + rel);
    }

    @Test
    void runtimeOnnxWithoutTheExportIsBadInputAndWritesNothing() throws IOException {
        Path model = TestStacks.testModel(dir, "trivial-with-metadata.pt");
        Path out = dir.resolve("out");
        CliRun.of("depth", stack(3).toString(), "--method", "fossa", "--model", model.toString(), "--runtime", "onnx",
                "--focus", "1,2,3", "--focal-length-px", "500", "--out", out.resolve("d.tif").toString())
                .assertBadInput("depth", "--runtime: onnx needs the model's ONNX export: no "
                        + dir.resolve("trivial-with-metadata.onnx"), "--runtime torch");
        CliRun.of("depth", stack(3).toString(), "--method", "fossa", "--model", model.toString(), "--runtime",
                "onnx-int8", "--focus", "1,2,3", "--focal-length-px", "500", "--out", out.resolve("d.tif").toString())
                .assertBadInput("depth", "--runtime: onnx-int8 needs the model's int8 ONNX export: no "
                        + dir.resolve("trivial-with-metadata.int8.onnx"), "--int8");
        assertEquals(0, filesIn(out));
    }

    /** JPEGs whose EXIF gives the focal length (4.25 mm, 26 mm equivalent): FOSSA needs no option, any option wins. */
    @Test
    void takesTheFocalLengthFromExifUnlessGiven() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("shots"));
        for (int i = 0; i < 3; i++) {
            ExifFiles.jpeg(folder.resolve("img" + i + ".jpg"), 32, 24, i, ExifFiles.Shot.of(4.25, 1.8, 26, 0.5 + i));
        }
        Path model = TestStacks.testModel(dir, "trivial-with-metadata.pt");
        CliRun r = CliRun.of("depth", folder.toString(), "--method", "fossa", "--model", model.toString(), "--focus",
                "exif", "--out", dir.resolve("o/d.tif").toString(), "--quiet");
        assertEquals(0, r.code, r.err);
        assertTrue(r.err.contains("note: " + folder + " (img0.jpg): EXIF: DefocusJ Test Camera, focal length 4.25 mm"),
                r.err);
        String info = IJ.openImage(dir.resolve("o/d.tif").toString()).getInfoProperty();
        double fPx = 26 / Math.hypot(36, 24) * Math.hypot(32, 24);
        assertTrue(info.contains(String.format(java.util.Locale.ROOT, "focal_length_px = %.4f (", fPx))
                && info.contains("EXIF of img0.jpg"), info);
        assertTrue(info.contains("focus distances from the EXIF (approximate)"), info);
        r = CliRun.of("depth", folder.toString(), "--method", "fossa", "--model", model.toString(), "--focus",
                "exif", "--focal-length-px", "500", "--out", dir.resolve("o/d.tif").toString(), "--quiet");
        assertEquals(0, r.code, r.err);
        info = IJ.openImage(dir.resolve("o/d.tif").toString()).getInfoProperty();
        assertTrue(info.contains("focal_length_px = 500.0000 (focal length in pixels)"), info);
    }

    @Test
    void missingOpticsFailsBeforeLoadingAnything() {
        CliRun r = CliRun.of("depth", stack(3).toString(), "--method", "fossa", "--focus",
                "1,2,3", "--out", dir.resolve("o/d.tif").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code);
        assertTrue(r.err.contains("--focal-length-px F, or --focal-length-mm F with --sensor-width-mm W"), r.err);
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void checkpointInsteadOfExportSaysHowToExport() throws IOException {
        Path pth = dir.resolve("fossa-vits.pth");
        Files.write(pth, new byte[] {(byte) 0x80, 2, 'x'});
        CliRun r = CliRun.of("depth", stack(3).toString(), "--method", "fossa", "--model",
                pth.toString(), "--focus", "1,2,3", "--focal-length-px", "500", "--out", dir.resolve("o/d.tif").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code);
        assertTrue(r.err.contains("scripts/export_fossa.py --checkpoint " + pth), r.err);
        assertEquals(0, filesIn(dir.resolve("o")));
        CliRun info = CliRun.of("model", "info", pth.toString());
        assertEquals(Main.EXIT_BAD_INPUT, info.code);
    }

    @Test
    void nanFocusAndTooLargeStacksAreBadInput() throws IOException {
        Path model = TestStacks.testModel(dir, "trivial-with-metadata.pt");
        CliRun nan = CliRun.of("depth", stack(3).toString(), "--method", "fossa", "--model",
                model.toString(), "--focus", "1,NaN,3", "--focal-length-px", "500", "--out", dir.resolve("o/d.tif").toString());
        assertEquals(Main.EXIT_BAD_INPUT, nan.code);
        assertTrue(nan.err.contains("focus distance 2 is NaN"), nan.err);
        CliRun big = CliRun.of("depth", stack(5).toString(), "--method", "fossa", "--model",
                model.toString(), "--focus", "1,2,3,4,5", "--focal-length-px", "500", "--out",
                dir.resolve("o/d.tif").toString());
        assertEquals(Main.EXIT_BAD_INPUT, big.code);
        assertTrue(big.err.contains("accepts at most 4"), big.err);
        assertEquals(0, filesIn(dir.resolve("o")));
    }

    @Test
    void modelInfoPrintsTheMetadata() throws IOException {
        Path model = TestStacks.testModel(dir, "trivial-with-metadata.pt");
        CliRun r = CliRun.of("model", "info", model.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("\"max_stack\": 4"), r.out);
    }
}
