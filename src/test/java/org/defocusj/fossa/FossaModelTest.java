package org.defocusj.fossa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;
import org.defocusj.stack.CameraIntrinsics;
import org.defocusj.stack.FocalLength;
import org.defocusj.TestStacks;

/** Loading and error paths, with closed-form TorchScript modules made by scripts/make_test_models.py. */
class FossaModelTest {

    @TempDir
    Path dir;

    static Path resource(Path dir, String name) throws IOException {
        return TestStacks.testModel(dir, name);
    }

    @Test
    void loadsOfflineReadsMetadataAndPredicts() throws IOException {
        try (FossaModel m = FossaModel.load(resource(dir, "trivial-with-metadata.pt").toString())) {
            assertEquals("trivial", m.info().encoder());
            assertEquals(4, m.info().maxStack());
            assertArrayEquals(new float[] {0.485f, 0.456f, 0.406f}, m.info().mean());
            float[] x = new float[2 * 3 * 3 * 4];
            Arrays.fill(x, 0.25f);
            float[] out = m.predict(x, new float[] {1, 5}, 2, 3, 4);
            assertEquals(12, out.length);
            assertEquals(0.25f * 3f, out[7], 1e-6);
        }
    }

    @Test
    void predictionsDoNotAccumulateNativeArrays() throws IOException {
        try (FossaModel m = FossaModel.load(resource(dir, "trivial-with-metadata.pt").toString())) {
            float[] x = new float[2 * 3 * 8 * 8];
            m.predict(x, new float[] {1, 2}, 2, 8, 8);
            int before = m.liveArrays();
            for (int i = 0; i < 100; i++) {
                m.predict(x, new float[] {1, 2}, 2, 8, 8);
            }
            assertEquals(before, m.liveArrays());
        }
    }

    @Test
    void differentSizesWorkOnOneModel() throws IOException {
        try (FossaModel m = FossaModel.load(resource(dir, "trivial-with-metadata.pt").toString())) {
            for (int[] hw : new int[][] {{5, 7}, {16, 9}, {3, 3}}) {
                float[] out = m.predict(new float[3 * 3 * hw[0] * hw[1]], new float[] {1, 2, 3}, 3, hw[0], hw[1]);
                assertEquals(hw[0] * hw[1], out.length);
            }
        }
    }

    @Test
    void legacyPickleCheckpointSaysExportFirst() throws IOException {
        Path pth = dir.resolve("fossa-vits.pth");
        Files.write(pth, new byte[] {(byte) 0x80, 2, 'c', 'c', 'o', 'l'});
        BadInputException e = assertThrows(BadInputException.class, () -> FossaModel.load(pth.toString()));
        assertTrue(e.getMessage().contains("export_fossa.py --checkpoint " + pth), e.getMessage());
    }

    @Test
    void zipCheckpointWithoutCodeSaysExportFirst() throws IOException {
        Path pth = dir.resolve("model.pth");
        try (OutputStream out = Files.newOutputStream(pth); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(new byte[] {(byte) 0x80, 2});
            zip.closeEntry();
        }
        BadInputException e = assertThrows(BadInputException.class, () -> FossaModel.load(pth.toString()));
        assertTrue(e.getMessage().contains("checkpoint (torch.save), not a TorchScript export"), e.getMessage());
    }

    @Test
    void corruptOrForeignFilesAreRejectedWithTheirName() throws IOException {
        Path junk = dir.resolve("junk.pt");
        Files.write(junk, "not a model at all".getBytes("UTF-8"));
        BadInputException e = assertThrows(BadInputException.class, () -> FossaModel.load(junk.toString()));
        assertTrue(e.getMessage().startsWith(junk + ": not a TorchScript file"), e.getMessage());

        Path truncated = dir.resolve("truncated.pt");
        byte[] full = Files.readAllBytes(resource(dir, "trivial-with-metadata.pt"));
        Files.write(truncated, Arrays.copyOf(full, full.length / 3));
        BadInputException t = assertThrows(BadInputException.class, () -> FossaModel.load(truncated.toString()));
        assertTrue(t.getMessage().startsWith(truncated.toString()), t.getMessage());

        Path missing = dir.resolve("missing.pt");
        assertThrows(BadInputException.class, () -> FossaModel.load(missing.toString()));
    }

    @Test
    void torchScriptWithoutOurMetadataIsRejected() throws IOException {
        Path bare = resource(dir, "trivial-without-metadata.pt");
        BadInputException e = assertThrows(BadInputException.class, () -> FossaModel.load(bare.toString()));
        assertTrue(e.getMessage().contains("without DefocusJ metadata"), e.getMessage());
    }

    @Test
    void builtinTinyRunsOfflineOnTheSample() {
        try (FossaModel m = FossaModel.load(FossaModel.DEFAULT_MODEL)) {
            assertEquals("tiny", m.info().encoder());
            assertTrue(m.info().maxStack() >= 8);
            org.defocusj.stack.FocusStack stack = org.defocusj.io.StackReader.read(
                    java.nio.file.Paths.get("sample-stacks/plane-step/stack.tif"),
                    org.defocusj.stack.FocusSource.auto(org.defocusj.stack.DistanceUnit.M));
            float[] d = org.defocusj.stack.FloatMaps.data(new FossaEstimator(m, null)
                    .estimate(stack.withFocalLength(FocalLength.ofMillimetres(50, 36)), null).depth());
            assertEquals(stack.width() * stack.height(), d.length);
            for (float v : d) {
                assertTrue(v >= 0 && v < 100, "finite metric depth: " + v);
            }
        }
    }

    /**
     * The built-in model's ONNX export (tiny.onnx beside tiny.pt in the jar) is what auto runs, and gives
     * libtorch's depth on the sample to 1e-4 relative. Fails when tiny.pt is replaced without re-exporting it.
     */
    @Test
    void builtinTinyOnnxGivesLibtorchsDepthOnTheSample() {
        assertEquals(FossaRuntime.ONNX, FossaModel.resolve(FossaModel.DEFAULT_MODEL, FossaRuntime.AUTO));
        org.defocusj.stack.FocusStack stack = org.defocusj.io.StackReader.read(
                java.nio.file.Paths.get("sample-stacks/plane-step/stack.tif"),
                org.defocusj.stack.FocusSource.auto(org.defocusj.stack.DistanceUnit.M))
                .withFocalLength(FocalLength.ofMillimetres(50, 36));
        float[][] maps = new float[2][];
        FossaRuntime[] runtimes = {FossaRuntime.TORCH, FossaRuntime.AUTO};
        for (int k = 0; k < 2; k++) {
            try (FossaModel m = FossaModel.load(FossaModel.DEFAULT_MODEL, runtimes[k])) {
                assertEquals(k == 0 ? FossaRuntime.TORCH : FossaRuntime.ONNX, m.runtime());
                maps[k] = org.defocusj.stack.FloatMaps.data(new FossaEstimator(m, null).estimate(stack, null).depth());
            }
        }
        double rel = org.defocusj.bench.OnnxRuntimeBenchmark.relativeDifference(maps[1], maps[0]);
        assertTrue(rel <= 1e-4, "onnx vs torch: relative difference " + rel);
    }

    @Test
    void autoRunsLibtorchWithoutAnOnnxExportBeside() throws IOException {
        Path model = resource(dir, "trivial-with-metadata.pt");
        assertEquals(FossaRuntime.TORCH, FossaModel.resolve(model.toString(), FossaRuntime.AUTO));
        try (FossaModel m = FossaModel.load(model.toString(), FossaRuntime.AUTO)) {
            assertEquals(FossaRuntime.TORCH, m.runtime());
        }
    }

    @Test
    void runtimeOnnxWithoutTheExportNamesTheFileAndTheParameter() throws IOException {
        Path model = resource(dir, "trivial-with-metadata.pt");
        for (FossaRuntime r : new FossaRuntime[] {FossaRuntime.ONNX, FossaRuntime.ONNX_INT8}) {
            for (java.util.function.Supplier<Object> attempt : java.util.List.<java.util.function.Supplier<Object>>of(
                    () -> FossaModel.resolve(model.toString(), r), () -> FossaModel.load(model.toString(), r))) {
                BadInputException e = assertThrows(BadInputException.class, attempt::get);
                String expected = r == FossaRuntime.ONNX
                        ? "--runtime: onnx needs the model's ONNX export: no " + dir.resolve("trivial-with-metadata.onnx")
                        : "--runtime: onnx-int8 needs the model's int8 ONNX export: no "
                                + dir.resolve("trivial-with-metadata.int8.onnx");
                assertTrue(e.getMessage().startsWith(expected), e.getMessage());
            }
        }
        BadInputException e = assertThrows(BadInputException.class,
                () -> FossaModel.resolve(model.toString(), FossaRuntime.ONNX_INT8));
        assertTrue(e.getMessage().contains("scripts/export_fossa_onnx.py " + model + " --int8"), e.getMessage());
    }

    /** An .onnx must name its TorchScript file's SHA-256: one beside another .pt, or without the entry, is refused. */
    @Test
    void anOnnxExportOfAnotherFileIsRefused() throws IOException {
        Path model = resource(dir, "trivial-with-metadata.pt");
        Path onnx = dir.resolve("trivial-with-metadata.onnx");
        try (java.io.InputStream in = getClass().getResourceAsStream("/fossa/micro/fossa-micro.onnx")) {
            Files.copy(in, onnx);
        }
        Path int8 = dir.resolve("trivial-with-metadata.int8.onnx");
        try (java.io.InputStream in = getClass().getResourceAsStream("/fossa/micro/fossa-micro.int8.onnx")) {
            Files.copy(in, int8);
        }
        for (FossaRuntime r : new FossaRuntime[] {FossaRuntime.ONNX, FossaRuntime.AUTO, FossaRuntime.ONNX_INT8}) {
            BadInputException e = assertThrows(BadInputException.class, () -> FossaModel.load(model.toString(), r));
            // auto takes the int8 export when it is there
            boolean isInt8 = r != FossaRuntime.ONNX;
            assertTrue(e.getMessage().startsWith("--runtime: " + (isInt8 ? int8 : onnx) + ": exported from another "
                    + "version of trivial-with-metadata.pt"), e.getMessage());
            assertEquals(isInt8, e.getMessage().endsWith(" --int8)"), e.getMessage());
        }
        Files.delete(int8);
        // the entry is the last 97 bytes (scripts/fossa/onnx_export.py appends it): without it, no fingerprint
        byte[] bytes = Files.readAllBytes(onnx);
        Files.write(onnx, Arrays.copyOf(bytes, bytes.length - 97));
        BadInputException e = assertThrows(BadInputException.class,
                () -> FossaModel.load(model.toString(), FossaRuntime.ONNX));
        assertTrue(e.getMessage().contains("no defocusj.torchscript.sha256 entry"), e.getMessage());
    }

    /** builtin:tiny ships no int8 export (README, FOSSA: too little gain for the jar's size). */
    @Test
    void builtinTinyHasNoInt8Export() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> FossaModel.load(FossaModel.DEFAULT_MODEL, FossaRuntime.ONNX_INT8));
        assertTrue(e.getMessage().startsWith("--runtime: onnx-int8 needs the model's int8 ONNX export: the plugin "
                + "jar has no org/defocusj/fossa/builtin/tiny.int8.onnx (builtin:tiny ships its fp32 ONNX export "
                + "only"), e.getMessage());
    }

    @Test
    void unknownBuiltinIsABadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> FossaModel.load("builtin:huge"));
        assertTrue(e.getMessage().startsWith("--model: unknown built-in model"), e.getMessage());
    }

    @Test
    void intrinsicsFromKTakeTheLargerFocalLength() throws IOException {
        Path k = dir.resolve("K.txt");
        Files.write(k, "1000.5 0 320\n0 1002.25 240\n0 0 1\n".getBytes("UTF-8"));
        assertEquals(1002.25, CameraIntrinsics.read(k).focalLengthPx(), 1e-9);
        assertEquals(50 * 640 / 36.0, CameraIntrinsics.ofMillimetres(50, 36, 640).focalLengthPx(), 1e-9);
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, "1 2 3\n".getBytes("UTF-8"));
        assertThrows(BadInputException.class, () -> CameraIntrinsics.read(bad));
    }
}
