package org.defocusj.synth;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import net.imglib2.img.array.ArrayImgs;

import org.defocusj.depth.ProgressListener;
import org.defocusj.io.AtomicOutputs;
import org.defocusj.io.ExitCleanup;
import org.defocusj.io.Npy;
import org.defocusj.io.TiffWriter;
import org.defocusj.psf.Psf;
import org.defocusj.psf.ThinLensCamera;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusFile;
import org.defocusj.stack.SpatialCalibration;

/**
 * Writes a synthetic benchmark / training set. Layout (documented in the README):
 * <pre>
 * OUT/manifest.json                 settings, seed, list of scenes
 * OUT/scene_0000/rgb.png            all-in-focus RGB
 * OUT/scene_0000/depth.tif|.npy     ground-truth depth, metres (float32)
 * OUT/scene_0000/stack.tif          RGB focus stack, slice labels "focus=&lt;d&gt; m"
 * OUT/scene_0000/stack.focus.txt    focus distances (read automatically by `defocusj depth`)
 * OUT/scene_0000/stack.npy          uint8 (N, H, W, 3), for Python
 * OUT/scene_0000/meta.json          focus distances, optics, PSF, scene kind
 * </pre>
 * Each scene is written into a temporary folder and renamed when complete; existing complete scenes are
 * kept, so an interrupted run resumes where it stopped.
 */
public final class SynthDataset {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    private final SynthSettings s;
    private final int threads;

    public SynthDataset(SynthSettings settings, int threads) {
        this.s = settings;
        this.threads = Math.max(1, threads);
    }

    /** Scene folder name for index {@code i}. */
    public static String sceneName(int i) {
        return String.format("scene_%04d", i);
    }

    public void write(Path out, ProgressListener progress) throws IOException {
        ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
        new AtomicOutputs().folder(out, "out");
        SceneGenerator generator = new SceneGenerator(s.width, s.height);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < s.scenes; i++) {
            if (pl.isCancelled()) {
                throw new CancellationException("cancelled");
            }
            String name = sceneName(i);
            names.add(name);
            Path dir = out.resolve(name);
            if (!Files.isRegularFile(dir.resolve("meta.json"))) {
                writeScene(generator, i, dir);
            }
            pl.progress(i + 1, s.scenes, "synth");
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "defocusj-synth");
        manifest.put("version", 1);
        manifest.put("settings", s.toString());
        manifest.put("seed", s.seed);
        manifest.put("width", s.width);
        manifest.put("height", s.height);
        manifest.put("slices", s.slices);
        manifest.put("depth_unit", "m");
        manifest.put("scenes", names);
        writeJson(out.resolve("manifest.json"), manifest);
    }

    /** Renders one scene into {@code dir} atomically (temporary sibling folder, then rename). */
    void writeScene(SceneGenerator generator, int index, Path dir) throws IOException {
        SceneGenerator.GeneratedScene g = generator.generate(s.sceneKind, s.seed, index);
        SyntheticScene scene = g.scene;
        SplittableRandom rng = new SplittableRandom(s.seed * 7_919L + index * 31L + 17);
        Psf psf = s.drawPsf(rng);
        double fNumber = s.drawFNumber(rng);
        double focalMm = s.drawFocalLengthMm(rng);
        double[] focus = s.drawFocus(scene.depth(), rng);
        int w = scene.width();
        int h = scene.height();
        ThinLensCamera camera = ThinLensCamera.ofSensor(focalMm, fNumber, s.sensorWidthMm, w, h);
        ImagePlus stack = render(scene, camera, psf, focus);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("scene", dir.getFileName().toString());
        meta.put("scene_kind", g.kind.key());
        meta.put("width", w);
        meta.put("height", h);
        meta.put("focus_distances_m", focus);
        meta.put("f_number", fNumber);
        meta.put("focal_length_mm", focalMm);
        meta.put("sensor_width_mm", s.sensorWidthMm);
        meta.put("pixel_size_m", camera.pixelSizeM());
        meta.put("focal_length_px", focalMm * 1e-3 / camera.pixelSizeM());
        meta.put("psf", psf.family());
        meta.put("p", Double.isNaN(psf.shape()) ? null : psf.shape());
        meta.put("kernel_size", s.renderer.kernelSize());
        meta.put("renderer", s.renderer.kind().key());
        if (s.renderer.layered()) {
            meta.put("layers", s.renderer.layers());
        }
        meta.put("seed", s.seed);
        meta.put("index", index);

        Path tmp = dir.resolveSibling("." + dir.getFileName() + ".partial");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        Runnable removePartial = () -> deleteQuietly(tmp);
        ExitCleanup.register(removePartial);
        try {
            writeSceneFiles(scene, focus, stack, meta, tmp);
            deleteRecursively(dir);
            Files.move(tmp, dir);
        } finally {
            ExitCleanup.unregister(removePartial);
            deleteQuietly(tmp); // after a failure; gone after the move
        }
    }

    /** A rendered scene's files into {@code tmp}, meta.json last. */
    private static void writeSceneFiles(SyntheticScene scene, double[] focus, ImagePlus stack, Map<String, Object> meta,
            Path tmp) throws IOException {
        int w = scene.width();
        int h = scene.height();
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (q(scene.rgb()[0][i]) << 16) | (q(scene.rgb()[1][i]) << 8) | q(scene.rgb()[2][i]);
        }
        new FileSaver(new ImagePlus("rgb", new ColorProcessor(w, h, rgb))).saveAsPng(tmp.resolve("rgb.png").toString());
        Map<String, String> info = new LinkedHashMap<>();
        info.put("software", "DefocusJ synth");
        info.put("content", "ground-truth depth");
        TiffWriter.write(TiffWriter.floatMap("depth", ArrayImgs.floats(scene.depth().clone(), w, h),
                SpatialCalibration.UNCALIBRATED, "m", info), tmp.resolve("depth.tif"));
        Npy.writeFloat32(tmp.resolve("depth.npy"), scene.depth(), h, w);
        TiffWriter.write(stack, tmp.resolve("stack.tif"));
        Files.write(tmp.resolve("stack.focus.txt"), FocusFile.format(new FocusDistances(focus, DistanceUnit.M,
                "synth")).getBytes(StandardCharsets.UTF_8));
        Npy.writeUint8(tmp.resolve("stack.npy"), interleaved(stack), focus.length, h, w, 3);

        writeJson(tmp.resolve("meta.json"), meta);
    }

    ImagePlus render(SyntheticScene scene, ThinLensCamera camera, Psf psf, double[] focus) {
        return FocusStackRenderer.render(scene, camera, s.renderer.renderer(psf, threads), focus, "stack");
    }

    static byte[] interleaved(ImagePlus stack) {
        int w = stack.getWidth();
        int h = stack.getHeight();
        int n = stack.getStackSize();
        byte[] out = new byte[n * w * h * 3];
        int k = 0;
        for (int z = 1; z <= n; z++) {
            int[] px = (int[]) stack.getStack().getPixels(z);
            for (int v : px) {
                out[k++] = (byte) (v >> 16);
                out[k++] = (byte) (v >> 8);
                out[k++] = (byte) v;
            }
        }
        return out;
    }

    private static int q(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : i > 255 ? 255 : i;
    }

    static void writeJson(Path file, Object value) throws IOException {
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            Path tmp = outputs.reserve(file, "out");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                GSON.toJson(value, w);
            }
            outputs.commit();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            deleteRecursively(p);
        } catch (IOException ignored) {
            // Best effort: the next run removes a leftover before rendering that scene again.
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(p)) {
            List<Path> all = new ArrayList<>();
            walk.forEach(all::add);
            for (int i = all.size() - 1; i >= 0; i--) {
                Files.delete(all.get(i));
            }
        }
    }
}
