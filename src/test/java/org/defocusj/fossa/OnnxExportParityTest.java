package org.defocusj.fossa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.bench.FossaBenchmark;
import org.defocusj.bench.OnnxRuntimeBenchmark;

/**
 * scripts/export_fossa_onnx.py writes one ONNX graph for every stack size and image size: the committed micro
 * model, exported afresh at the script's default example size beside a copy of its TorchScript file, and run
 * through {@code --runtime onnx} (FossaModel on ONNX Runtime) at other sizes and slice counts (landscape and
 * portrait, so both branches of the resize-size rule and a non-square position table are exercised, and the
 * square case where the table is used as it is) must equal {@code --runtime torch} (libtorch) to 1e-4 relative.
 */
class OnnxExportParityTest {
    private static final Path MICRO = Paths.get("src/test/resources/fossa/micro/fossa-micro.pt");

    @Test
    void exportedGraphMatchesLibtorchAtOtherSizesAndStackSizes(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(FossaParityTest.PYTHON) && FossaParityTest.pythonHasTorch(),
                "python3-torch not installed: skipped");
        Path pt = Files.copy(MICRO, tmp.resolve("fossa-micro.pt"));
        Process p = new ProcessBuilder(FossaParityTest.PYTHON.toString(), "scripts/export_fossa_onnx.py", pt.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "export timed out");
        assertEquals(0, p.exitValue(), "export_fossa_onnx.py failed:\n" + log);
        assertTrue(Files.isRegularFile(tmp.resolve("fossa-micro.onnx")), "no .onnx beside the .pt:\n" + log);
        // {slices, H, W}: landscape 5 x 8 and portrait 8 x 5 patch grids (table resized), a square input on the
        // table's own 5 x 5 grid (no resize), one slice, and the export's own example size
        int[][] cases = {{3, 70, 101}, {6, 97, 64}, {2, 50, 50}, {1, 45, 130}, {5, 60, 90}};
        try (FossaModel torch = FossaModel.load(pt.toString(), FossaRuntime.TORCH);
                FossaModel onnx = FossaModel.load(pt.toString(), FossaRuntime.AUTO)) {
            assertEquals(FossaRuntime.ONNX, onnx.runtime());
            for (int[] c : cases) {
                double rel = difference(onnx, torch, c);
                assertTrue(rel <= 1e-4, c[0] + " slices " + c[1] + "x" + c[2] + ": relative difference " + rel);
            }
        }
    }

    /**
     * The largest |got - ref| over the largest |ref| on a random stack of {slices, H, W} {@code c}, as
     * bench/OnnxRuntimeBenchmark reports it.
     */
    static double difference(FossaModel got, FossaModel ref, int[] c) {
        float[] x = FossaBenchmark.randomStack(c[0], c[1], c[2]);
        float[] fd = FossaBenchmark.focusDistances(c[0]);
        return OnnxRuntimeBenchmark.relativeDifference(got.predict(x, fd, c[0], c[1], c[2]),
                ref.predict(x, fd, c[0], c[1], c[2]));
    }
}
