package org.defocusj;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import org.defocusj.psf.GatherRenderer;
import org.defocusj.psf.Psf;
import org.defocusj.psf.ThinLensCamera;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;
import org.defocusj.synth.FocusStackRenderer;
import org.defocusj.synth.SyntheticScene;

/** Small synthetic stacks with exactly known depth, built inside tests. */
public final class TestStacks {

    private TestStacks() {
    }

    /** White noise in [0, 255], deterministic. */
    public static float[] noise(int w, int h, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (255 * rng.nextDouble());
        }
        return v;
    }

    /** An 8-bit stack of random texture, e.g. for I/O tests. */
    public static ImagePlus randomBytes(int w, int h, int slices, long seed) {
        ImageStack stack = new ImageStack(w, h);
        for (int z = 0; z < slices; z++) {
            float[] v = noise(w, h, seed + z);
            byte[] b = new byte[w * h];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) v[i];
            }
            stack.addSlice("slice " + (z + 1), new ByteProcessor(w, h, b));
        }
        return new ImagePlus("random", stack);
    }

    /** Side of the stacks {@link #batchInput} writes: {@value #BATCH_W} x {@value #BATCH_H} x 4. */
    public static final int BATCH_W = 24;
    public static final int BATCH_H = 20;

    /**
     * A folder for {@code defocusj batch}: {@code s1.tif} ... {@code sN.tif}, random texture of
     * {@value #BATCH_W} x {@value #BATCH_H} x 4 (seed 100 i), each with its {@code si.focus.txt} (1 to 2.5 m).
     */
    public static Path batchInput(Path in, int count) throws IOException {
        Files.createDirectories(in);
        for (int i = 1; i <= count; i++) {
            ImagePlus imp = randomBytes(BATCH_W, BATCH_H, 4, 100 * i);
            if (!new FileSaver(imp).saveAsTiffStack(in.resolve("s" + i + ".tif").toString())) {
                throw new IOException("cannot write " + in.resolve("s" + i + ".tif"));
            }
            Files.write(in.resolve("s" + i + ".focus.txt"), "1\n1.5\n2\n2.5\n".getBytes(StandardCharsets.UTF_8));
        }
        return in;
    }

    /** A constant ground-truth depth map of the {@link #batchInput} size, as a 32-bit TIFF at {@code file}. */
    public static Path flatDepth(Path file, float depth) throws IOException {
        float[] v = new float[BATCH_W * BATCH_H];
        Arrays.fill(v, depth);
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!new FileSaver(new ImagePlus("gt", new FloatProcessor(BATCH_W, BATCH_H, v))).saveAsTiff(file.toString())) {
            throw new IOException("cannot write " + file);
        }
        return file;
    }

    /**
     * A 32-bit stack whose texture contrast at each pixel falls off as a Gaussian of (focus - depth): slice i
     * is {@code 128 + exp(-(f_i - depth)^2 / (2 s^2)) * (noise - 128)}. For piecewise-constant depth the local
     * variance is exactly Gaussian in f, so depth from focus with Gaussian peak interpolation must recover
     * depth exactly in flat regions.
     */
    public static ImagePlus contrastCodedStack(float[] depth, int w, int h, double[] focus, double s, long seed) {
        float[] tex = noise(w, h, seed);
        ImageStack stack = new ImageStack(w, h);
        for (double f : focus) {
            float[] px = new float[w * h];
            for (int i = 0; i < px.length; i++) {
                double a = Math.exp(-(f - depth[i]) * (f - depth[i]) / (2 * s * s));
                px[i] = (float) (128 + a * (tex[i] - 128));
            }
            stack.addSlice(new FloatProcessor(w, h, px));
        }
        return new ImagePlus("contrast-coded", stack);
    }

    /** A textured plane-and-step scene rendered through a 50 mm f/1.4 camera, 36 mm sensor. */
    public static RenderedStack cameraStack(int w, int h, double near, double far, double[] focusM, long seed) {
        SyntheticScene scene = SyntheticScene.planeAndStep(w, h, near, far, seed);
        ThinLensCamera camera = ThinLensCamera.ofSensor(50, 1.4, 36 * w / 400.0, w, h);
        ImagePlus imp = FocusStackRenderer.render(scene, camera, new GatherRenderer(Psf.powerExponential(2), 15, 2), focusM, "camera");
        return new RenderedStack(imp, scene.depth());
    }

    public static FocusStack wrap(ImagePlus imp, double[] focus, DistanceUnit unit) {
        return ImagePlusStacks.wrap(imp, FocusSource.explicit(focus, unit));
    }

    /** Mean of |p - t| / t over pixels where the mask is true and p is finite. */
    public static double absRel(float[] pred, float[] truth, boolean[] mask) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < pred.length; i++) {
            if ((mask == null || mask[i]) && Float.isFinite(pred[i])) {
                s += Math.abs(pred[i] - truth[i]) / truth[i];
                n++;
            }
        }
        return s / n;
    }

    /** An image stack and the depth it was rendered from. */
    public static final class RenderedStack {
        public final ImagePlus image;
        public final float[] depth;

        RenderedStack(ImagePlus image, float[] depth) {
            this.image = image;
            this.depth = depth;
        }
    }

    /** Copies a test model from src/test/resources/fossa/ (made by scripts/make_test_models.py) into {@code dir}. */
    public static java.nio.file.Path testModel(java.nio.file.Path dir, String name) throws java.io.IOException {
        java.nio.file.Path p = dir.resolve(name);
        try (java.io.InputStream in = TestStacks.class.getResourceAsStream("/fossa/" + name)) {
            java.nio.file.Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    public static FocusDistances distances(DistanceUnit unit, double... v) {
        return new FocusDistances(v, unit, "test");
    }
}
