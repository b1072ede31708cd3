package org.defocusj.fossa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.io.Npy;

/**
 * Java (DJL, libtorch 2.7) against Python (PyTorch 1.13) on the same exported networks: the committed micro
 * fixture always, and a random-weight ViT-S export when Debian's python3-torch is installed (it is generated
 * by scripts/make_parity_fixtures.py into target/, being 170 MB). Tolerance 1e-4 absolute.
 */
class FossaParityTest {

    static final double TOLERANCE = 1e-4;
    static final Path PYTHON = Paths.get("/usr/bin/python3");

    @TempDir
    Path dir;

    private Path copy(String resource) throws IOException {
        Path p = dir.resolve(Paths.get(resource).getFileName().toString());
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void microExportMatchesPythonEagerAndTorchScript() throws IOException {
        Path model = copy("/fossa/micro/fossa-micro.pt");
        try (FossaModel m = FossaModel.load(model.toString())) {
            assertEquals("micro", m.info().encoder());
            for (String name : new String[] {"landscape", "portrait"}) {
                checkCase(m, name, "/fossa/micro/");
            }
        }
    }

    /** The same fixtures through ONNX Runtime on the committed export beside the TorchScript file. */
    @Test
    void microOnnxExportMatchesPythonEagerAndTorchScript() throws IOException {
        Path model = copy("/fossa/micro/fossa-micro.pt");
        copy("/fossa/micro/fossa-micro.onnx");
        assertEquals(FossaRuntime.ONNX, FossaModel.resolve(model.toString(), FossaRuntime.AUTO));
        try (FossaModel m = FossaModel.load(model.toString(), FossaRuntime.ONNX)) {
            assertEquals(FossaRuntime.ONNX, m.runtime());
            assertEquals("micro", m.info().encoder());
            for (String name : new String[] {"landscape", "portrait"}) {
                checkCase(m, name, "/fossa/micro/");
            }
        }
    }

    private void checkCase(FossaModel m, String name, String prefix) throws IOException {
        Npy.Array x = Npy.read(copy(prefix + name + "_x.npy"));
        Npy.Array fd = Npy.read(copy(prefix + name + "_fd.npy"));
        int[] shape = x.shape();
        float[] out = m.predict(x.data(), fd.data(), shape[0], shape[2], shape[3]);
        for (String expected : new String[] {"_expected_torchscript.npy", "_expected_eager.npy"}) {
            Npy.Array e = Npy.read(copy(prefix + name + expected));
            assertArrayEquals(new int[] {shape[2], shape[3]}, e.shape());
            double max = 0;
            for (int i = 0; i < out.length; i++) {
                max = Math.max(max, Math.abs(out[i] - e.data()[i]));
            }
            assertEquals(0, max, TOLERANCE, name + expected + ": max abs difference " + max);
        }
    }

    @Test
    void randomViTSExportMatchesPythonWhenPyTorchIsInstalled() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && pythonHasTorch(), "python3-torch not installed: skipped");
        Path out = Paths.get("target", "fossa-parity");
        Path vits = out.resolve("vits");
        if (!Files.isRegularFile(vits.resolve("fixture.json"))) {
            Process p = new ProcessBuilder(PYTHON.toString(), "scripts/make_parity_fixtures.py", "--model", "vits")
                    .inheritIO().start();
            assumeTrue(p.waitFor(20, TimeUnit.MINUTES), "fixture generation timed out");
            assertEquals(0, p.exitValue(), "make_parity_fixtures.py --model vits failed");
        }
        String modelFile = com.google.gson.JsonParser.parseString(Files.readString(vits.resolve("fixture.json")))
                .getAsJsonObject().get("model_file").getAsString();
        try (FossaModel m = FossaModel.load(vits.resolve(modelFile).toString())) {
            assertEquals("vits", m.info().encoder());
            try (java.util.stream.Stream<Path> files = Files.list(vits)) {
                for (Path x : (Iterable<Path>) files.filter(f -> f.toString().endsWith("_x.npy"))::iterator) {
                    String name = x.getFileName().toString().replace("_x.npy", "");
                    checkFileCase(m, vits, name);
                }
            }
        }
    }

    private void checkFileCase(FossaModel m, Path folder, String name) {
        Npy.Array x = Npy.read(folder.resolve(name + "_x.npy"));
        Npy.Array fd = Npy.read(folder.resolve(name + "_fd.npy"));
        int[] shape = x.shape();
        float[] out = m.predict(x.data(), fd.data(), shape[0], shape[2], shape[3]);
        for (String expected : new String[] {"_expected_torchscript.npy", "_expected_eager.npy"}) {
            Npy.Array e = Npy.read(folder.resolve(name + expected));
            double max = 0;
            for (int i = 0; i < out.length; i++) {
                max = Math.max(max, Math.abs(out[i] - e.data()[i]));
            }
            assertEquals(0, max, TOLERANCE, name + expected + ": max abs difference " + max);
        }
    }

    static boolean pythonHasTorch() throws Exception {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
