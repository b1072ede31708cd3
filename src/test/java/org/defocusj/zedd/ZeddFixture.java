package org.defocusj.zedd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;

import java.awt.image.BufferedImage;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.defocusj.io.Npy;
import org.defocusj.psf.GatherRenderer;
import org.defocusj.psf.Psf;
import org.defocusj.psf.ThinLensCamera;
import org.defocusj.synth.SyntheticScene;

/**
 * Writes a small tree in ZEDD's layout whose answers are known: scenes rendered with the project's thin-lens
 * gather renderer (Gaussian PSF, 15 x 15 taps) from a textured plane-and-step scene of exact depth, through a
 * 50 mm f/2.8 lens on a 36 mm sensor spanning the image width, saved as quality-95 JPEGs.
 *
 * <p>Ten focus runs spaced evenly in inverse distance from 0.6 m to 3.0 m; only the runs of focus indices
 * 0,2,4,6,8 (runs 1,3,5,7,9) at F2.8 are rendered, plus run 5 at F16.0 as the sharp all-in-focus image as in
 * the real data set. Scene i of a split spans depth 0.7 + 0.05 i .. 1.8 + 0.05 i m. Validation ground truth
 * has a 10 x 10 block of NaN and one pixel each of 0 m and 2000 m in its top-left corner, all outside the valid
 * range, so that the valid mask is exercised.
 */
public final class ZeddFixture {

    public static final int RUNS = 10;
    public static final double NEAR_FOCUS_M = 0.6;
    public static final double FAR_FOCUS_M = 3.0;
    public static final double FOCAL_MM = 50;
    public static final double SENSOR_MM = 36;
    public static final double F_NUMBER = 2.8;
    /** The runs rendered at F2.8: those of focus indices 0, 2, 4, 6, 8. */
    public static final int[] RENDERED_RUNS = {1, 3, 5, 7, 9};
    /** Invalid ground-truth pixels per validation scene before preprocessing (the NaN block and two out of range). */
    public static final int INVALID_BLOCK = 10;

    private static Path shared;

    private ZeddFixture() {
    }

    /** Focus distance of run i (1-based), metres. */
    public static double focusM(int run) {
        double near = 1 / NEAR_FOCUS_M;
        double far = 1 / FAR_FOCUS_M;
        return 1 / (near + (far - near) * (run - 1) / (RUNS - 1));
    }

    /** Motor position of run i; run 5's is the one in the real all-in-focus file name. */
    public static String motorHex(int run) {
        return run == 5 ? "2371" : String.format(Locale.ROOT, "%04x", 0x1000 + 0x2a3 * run);
    }

    /** The metadata.txt content, with a comment line as the real file has. */
    public static String metadata() {
        StringBuilder sb = new StringBuilder("# run_id\tmotor_hex\tfocus_distance_m\n");
        for (int r = 1; r <= RUNS; r++) {
            sb.append("run_").append(r).append('\t').append(motorHex(r)).append('\t')
                    .append(String.format(Locale.ROOT, "%.6f", focusM(r))).append('\n');
        }
        return sb.toString();
    }

    /**
     * A fixture of 3 validation scenes of 510 x 765 (resized to 480 x 720, cropped to 640 like ZEDD's 1216 x 1824)
     * and 3 test scenes of 48 x 72, made once per test run; callers must not change it.
     */
    public static synchronized Path shared() {
        if (shared == null) {
            try {
                Path root = Files.createTempDirectory("zedd-fixture");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
                write(root.resolve("ZEDD"), 3, 765, 510, 3, 72, 48);
                shared = root.resolve("ZEDD");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** Writes metadata.txt, {@code val} scenes of {@code valW x valH} and {@code test} scenes of {@code testW x testH}. */
    public static void write(Path root, int valScenes, int valW, int valH, int testScenes, int testW, int testH)
            throws IOException {
        Files.createDirectories(root);
        Files.write(root.resolve(ZeddMetadata.FILE_NAME), metadata().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < valScenes; i++) {
            writeScene(root.resolve("val").resolve(sceneName(i)), i, valW, valH, true);
        }
        for (int i = 0; i < testScenes; i++) {
            writeScene(root.resolve("test").resolve(sceneName(i)), i, testW, testH, false);
        }
    }

    /** Scene folder names with numbers that sort differently by text and by value past 9 (scene_2 before scene_10). */
    public static String sceneName(int i) {
        return "scene_" + (i + 1);
    }

    /** Focal length in pixels of an image {@code w} pixels wide (36 mm sensor across the width). */
    public static double focalPx(int w) {
        return FOCAL_MM * w / SENSOR_MM;
    }

    static void writeScene(Path dir, int index, int w, int h, boolean groundTruth) throws IOException {
        double near = 0.7 + 0.05 * index;
        double far = 1.8 + 0.05 * index;
        SyntheticScene scene = SyntheticScene.planeAndStep(w, h, near, far, 7100L + index);
        ThinLensCamera camera = ThinLensCamera.ofSensor(FOCAL_MM, F_NUMBER, SENSOR_MM, w, h);
        GatherRenderer renderer = new GatherRenderer(Psf.gaussian(), 15, Runtime.getRuntime().availableProcessors());
        Path stack = dir.resolve("focus_stack");
        Files.createDirectories(stack);
        for (int run : RENDERED_RUNS) {
            float[][] rgb = renderer.render(scene.rgb(), w, h, scene.depth(), camera, focusM(run));
            writeJpeg(rgb, w, h, stack.resolve(name(run, "F2.8")));
        }
        writeJpeg(scene.rgb(), w, h, stack.resolve(name(5, "F16.0")));
        Path gt = dir.resolve("gt");
        Files.createDirectories(gt);
        double f = focalPx(w);
        String k = String.format(Locale.ROOT, "%.6f 0 %.6f\n0 %.6f %.6f\n0 0 1\n", f, w / 2.0, f, h / 2.0);
        Files.write(gt.resolve("K.txt"), k.getBytes(StandardCharsets.UTF_8));
        if (groundTruth) {
            float[] depth = scene.depth().clone();
            for (int y = 0; y < INVALID_BLOCK; y++) {
                for (int x = 0; x < INVALID_BLOCK; x++) {
                    depth[y * w + x] = Float.NaN;
                }
            }
            depth[INVALID_BLOCK] = 0;
            depth[INVALID_BLOCK + 1] = 2000;
            Npy.writeFloat32(gt.resolve("depth.npy"), depth, h, w);
        }
    }

    static String name(int run, String aperture) {
        return "img_run_" + run + "_motor_" + motorHex(run) + "_aperture_" + aperture + ".jpg";
    }

    /** Saves three planes in [0, 255] as a JPEG of quality 95. */
    static void writeJpeg(float[][] rgb, int w, int h, Path file) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (q(rgb[0][i]) << 16) | (q(rgb[1][i]) << 8) | q(rgb[2][i]);
        }
        img.setRGB(0, 0, w, h, px, 0, w);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.95f);
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
    }

    private static int q(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : i > 255 ? 255 : i;
    }

    /** Copies the {@link #shared} fixture to {@code target} (which must not exist), for tests that damage it. */
    public static Path copyOfShared(Path target) throws IOException {
        Path from = shared();
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path to = target.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    /** Deletes a folder tree, best effort. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
