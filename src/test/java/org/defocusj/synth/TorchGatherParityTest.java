package org.defocusj.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.io.Npy;
import org.defocusj.psf.GatherRenderer;
import org.defocusj.psf.Psf;
import org.defocusj.psf.ThinLensCamera;

/**
 * The PyTorch renderer that trains FOSSA on the fly (scripts/fossa/synth_torch.py) against {@link GatherRenderer}:
 * the same scenes (texture and depth from {@link SceneGenerator}), optics and focus lists, rendered by both, agree
 * to 1e-4 on the [0, 1] scale the network sees, in float32 (the training path) and float64. Needs Debian's
 * python3-torch; skipped without it.
 */
class TorchGatherParityTest {

    static final Path PYTHON = Paths.get("/usr/bin/python3");
    static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    private static final class Case {
        final Path folder;
        final float[] expected;
        final int slices;
        final int w;
        final int h;

        Case(Path folder, float[] expected, int slices, int w, int h) {
            this.folder = folder;
            this.expected = expected;
            this.slices = slices;
            this.w = w;
            this.h = h;
        }
    }

    /** A generated scene rendered by Java, written with everything the Python side needs. */
    private Case writeCase(String name, SceneKind kind, int w, int h, double p, double fNumber, double focalMm,
            double sensorMm, long seed) throws IOException {
        SyntheticScene scene = new SceneGenerator(w, h).generate(kind, seed, 0).scene;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] focus = FocusSampling.trainingMix(scene.depth(), 3 + (int) (seed % 3), rng);
        ThinLensCamera camera = ThinLensCamera.ofSensor(focalMm, fNumber, sensorMm, w, h);
        GatherRenderer renderer = new GatherRenderer(Psf.powerExponential(p), 15, 1);
        float[] expected = new float[focus.length * 3 * w * h];
        for (int s = 0; s < focus.length; s++) {
            float[][] out = renderer.render(scene.rgb(), w, h, scene.depth(), camera, focus[s]);
            for (int c = 0; c < 3; c++) {
                System.arraycopy(out[c], 0, expected, (s * 3 + c) * w * h, w * h);
            }
        }
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        float[] rgb = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(scene.rgb()[c], 0, rgb, c * w * h, w * h);
        }
        Npy.writeFloat32(folder.resolve("rgb.npy"), rgb, 3, h, w);
        Npy.writeFloat32(folder.resolve("depth.npy"), scene.depth(), h, w);
        StringBuilder fd = new StringBuilder();
        for (double f : focus) {
            fd.append(fd.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.17g", f));
        }
        String json = String.format(Locale.ROOT, "{\"focus_m\": [%s], \"focal_length_m\": %.17g, \"f_number\": %.17g,"
                + " \"pixel_m\": %.17g, \"p\": %.17g, \"kernel\": 15}", fd, camera.focalLengthM(), camera.fNumber(),
                camera.pixelSizeM(), p);
        Files.write(folder.resolve("optics.json"), json.getBytes(StandardCharsets.UTF_8));
        return new Case(folder, expected, focus.length, w, h);
    }

    @Test
    void torchRenderEqualsJavaRenderOnGeneratedScenes() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && pythonHasTorch(), "python3-torch not installed: skipped");
        List<Case> cases = new ArrayList<>();
        // Every scene kind; Gaussian to near-disk shapes; wide and small apertures; 640- and 1280-px full frames.
        cases.add(writeCase("plane", SceneKind.PLANE, 72, 56, 2.0, 1.0, 50, 36.0 * 72 / 640, 11));
        cases.add(writeCase("steps", SceneKind.STEPS, 64, 80, 5.3, 1.4, 35, 36.0 * 80 / 1280, 12));
        cases.add(writeCase("spheres", SceneKind.SPHERES, 80, 64, 32.0, 2.0, 70, 36.0 * 80 / 640, 13));
        cases.add(writeCase("leaves", SceneKind.DEAD_LEAVES, 96, 72, 11.0, 1.0, 24, 36.0 * 96 / 960, 14));
        for (String dtype : new String[] {"float32", "float64"}) {
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "scripts/fossa/synth_torch.py",
                    "--dtype", dtype));
            for (Case c : cases) {
                cmd.add(c.folder.toString());
            }
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(proc.waitFor(5, TimeUnit.MINUTES), "synth_torch.py timed out");
            assertEquals(0, proc.exitValue(), "synth_torch.py failed:\n" + log);
            for (Case c : cases) {
                Npy.Array got = Npy.read(c.folder.resolve("torch_render.npy"));
                assertArrayEquals(new int[] {c.slices, 3, c.h, c.w}, got.shape());
                double max = 0;
                int blurred = 0;
                for (int i = 0; i < c.expected.length; i++) {
                    max = Math.max(max, Math.abs(got.data()[i] - c.expected[i]) / 255.0);
                }
                float[] rgb = Npy.read(c.folder.resolve("rgb.npy")).data();
                for (int i = 0; i < c.expected.length; i++) {
                    blurred += Math.abs(c.expected[i] - rgb[i % rgb.length]) > 1 ? 1 : 0;
                }
                // The comparison means something only if the optics blur a good part of the scene.
                assertTrue(blurred > c.expected.length / 10, c.folder.getFileName() + ": only " + blurred
                        + " of " + c.expected.length + " values blurred by more than one grey level");
                System.out.printf(Locale.ROOT, "%s %s: max |torch - Java| %.3g on [0, 1]%n", c.folder.getFileName(),
                        dtype, max);
                assertEquals(0, max, TOLERANCE, c.folder.getFileName() + " " + dtype + ": max |torch - Java| " + max);
            }
        }
    }

    private static boolean pythonHasTorch() throws Exception {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
