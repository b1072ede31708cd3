package org.defocusj.fossa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * {@code --runtime onnx-int8}: ONNX Runtime on MODEL.int8.onnx, the dynamic int8 quantisation of the fp32 export
 * (scripts/export_fossa_onnx.py --int8, fossa/onnx_int8.py), here the committed micro model's. The file must
 * really be quantised (MatMulInteger nodes, which the fp32 export lacks), and its depth must be near libtorch
 * fp32's but not identical to it (which it would be if the fp32 file were run instead).
 */
class OnnxInt8Test {

    @TempDir
    Path dir;

    private Path micro() throws IOException {
        for (String f : new String[] {"fossa-micro.pt", "fossa-micro.onnx", "fossa-micro.int8.onnx"}) {
            try (InputStream in = getClass().getResourceAsStream("/fossa/micro/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir.resolve("fossa-micro.pt");
    }

    @Test
    void theInt8ExportIsQuantised() throws IOException {
        Path pt = micro();
        String int8 = new String(Files.readAllBytes(FossaModel.onnxFile(pt, FossaRuntime.ONNX_INT8)),
                StandardCharsets.ISO_8859_1);
        String fp32 = new String(Files.readAllBytes(FossaModel.onnxFile(pt)), StandardCharsets.ISO_8859_1);
        assertEquals(dir.resolve("fossa-micro.int8.onnx"), FossaModel.onnxFile(pt, FossaRuntime.ONNX_INT8));
        assertTrue(int8.contains("MatMulInteger") && int8.contains("DynamicQuantizeLinear"), "no int8 products");
        assertFalse(fp32.contains("MatMulInteger"));
        assertTrue(int8.length() < 0.7 * fp32.length(), "int8 weights should shrink the file: " + int8.length()
                + " vs " + fp32.length() + " bytes");
    }

    @Test
    void int8DepthIsNearLibtorchFp32() throws IOException {
        Path pt = micro();
        int[][] cases = {{3, 70, 101}, {6, 97, 64}, {1, 45, 130}};
        try (FossaModel torch = FossaModel.load(pt.toString(), FossaRuntime.TORCH);
                FossaModel int8 = FossaModel.load(pt.toString(), FossaRuntime.ONNX_INT8)) {
            assertEquals(FossaRuntime.ONNX_INT8, int8.runtime());
            for (int[] c : cases) {
                double rel = OnnxExportParityTest.difference(int8, torch, c);
                String at = c[0] + " slices " + c[1] + "x" + c[2] + ": relative difference " + rel;
                assertTrue(rel <= INT8_TOLERANCE, at);
                assertTrue(rel > 1e-5, at + " (as close as fp32: is the int8 file run?)");
            }
        }
    }

    /** With both exports beside the model, auto takes the int8 one (the faster: README, FOSSA). */
    @Test
    void autoPrefersTheInt8Export() throws IOException {
        Path pt = micro();
        assertEquals(FossaRuntime.ONNX_INT8, FossaModel.resolve(pt.toString(), FossaRuntime.AUTO));
        Files.delete(FossaModel.onnxFile(pt, FossaRuntime.ONNX_INT8));
        assertEquals(FossaRuntime.ONNX, FossaModel.resolve(pt.toString(), FossaRuntime.AUTO));
    }

    /** The largest |int8 - fp32| over the largest |fp32 depth| allowed on the micro model (int8 rounding). */
    private static final double INT8_TOLERANCE = 0.05;
}
