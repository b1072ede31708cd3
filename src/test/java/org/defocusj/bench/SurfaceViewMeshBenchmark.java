package org.defocusj.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import javax.imageio.ImageIO;

import org.defocusj.io.DepthPng;
import org.defocusj.surface.HeightField;
import org.defocusj.surface.MeshExport;
import org.defocusj.surface.MeshSettings;
import org.defocusj.surface.MeshSummary;
import org.defocusj.surface.MeshTexture;
import org.defocusj.surface.SurfaceView;
import org.defocusj.surface.SurfaceViewSettings;

/**
 * The 3D view and the STL export on large synthetic height maps (a tilted plane with bumps and noise, 0.65 µm
 * pixels, an RGB texture), each against a reference measured in the same run:
 * <ul>
 * <li>view: a 2048 x 2048 map rendered (a) at view size 1024 with 2 x 2 supersampling (a 2048 x 2048 raster) and
 * (b) at view size 2048 without; reference: the 2-D depth PNG rendering of the same map ({@link DepthPng#render});
 * the PNG encoding is timed apart (goal: the view under 1 s on 2 cores);</li>
 * <li>mesh: a binary STL of a 4096 x 4096 map at step 1 (1.68 GB) against a plain buffered write of the same byte
 * count to the same folder, both timed until synced to disk (goal: ratio near 1, disk speed), or with
 * {@code --no-sync} into the page cache only (what is left is the encoding's share of the CPU);</li>
 * </ul>
 * Run with scripts/bench-surface-view [--view-map N] [--mesh-map N] [--runs R] [--dir FOLDER] [--no-sync].
 */
public final class SurfaceViewMeshBenchmark {

    /**
     * Pause after the sync before each timing, so that it does not start while a virtual disk is still busy with
     * the last file after sync returned (with 0.2 s, the plain write that came second in a run took 2-3 x the one
     * that came first; with 3 s neither was fast on the shared development disk, so it is no cure for that disk).
     */
    private static final long SETTLE_MS = 3000;

    private SurfaceViewMeshBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int viewMap = 2048;
        int meshMap = 4096;
        int runs = 3;
        boolean synced = true;
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--view-map":
                    viewMap = Integer.parseInt(args[++i]);
                    break;
                case "--mesh-map":
                    meshMap = Integer.parseInt(args[++i]);
                    break;
                case "--runs":
                    runs = Integer.parseInt(args[++i]);
                    break;
                case "--no-sync":
                    synced = false;
                    break;
                case "--dir":
                    dir = Paths.get(args[++i]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "%d threads%n", Runtime.getRuntime().availableProcessors());
        if (viewMap > 0) {
            view(viewMap, runs, dir);
        }
        if (meshMap > 0) {
            mesh(meshMap, runs, dir, synced);
        }
    }

    static HeightField surface(int n, long seed) {
        Random random = new Random(seed);
        float[] z = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double u = x / (double) n;
                double v = y / (double) n;
                double bump = 4 * Math.exp(-((u - 0.3) * (u - 0.3) + (v - 0.4) * (v - 0.4)) / 0.01)
                        + 4 * Math.exp(-((u - 0.7) * (u - 0.7) + (v - 0.65) * (v - 0.65)) / 0.015);
                z[y * n + x] = (float) (3 + 12 * u + bump + 0.2 * Math.sin(40 * u) * Math.cos(37 * v)
                        + 0.05 * random.nextGaussian());
            }
        }
        return HeightField.calibrated(n, n, z, 0.65, 0.65, "µm", "µm");
    }

    static MeshTexture texture(int n, long seed) {
        Random random = new Random(seed);
        int[] rgb = new int[n * n];
        for (int i = 0; i < rgb.length; i++) {
            int g = 100 + random.nextInt(100);
            rgb[i] = (g << 16) | ((g + 20) << 8) | (g / 2);
        }
        return MeshTexture.ofRgb(n, n, rgb);
    }

    private static void view(int n, int runs, Path dir) throws IOException {
        HeightField field = surface(n, 1);
        MeshTexture tex = texture(n, 2);
        SurfaceViewSettings a = SurfaceViewSettings.defaults().withSize(1024, 2);
        SurfaceViewSettings b = SurfaceViewSettings.defaults().withSize(2048, 1);
        SurfaceViewSettings c = a.withColors("height");
        for (int w = 0; w < 3; w++) { // warm-up
            SurfaceView.of(field, tex, a).render();
            DepthPng.render(field.heights(), n, n, "height (µm)");
        }
        double[][] t = new double[5][runs];
        double[][] cpu = new double[5][runs];
        Path png = dir.resolve("surface-view-bench.png");
        for (int r = 0; r < runs; r++) {
            java.awt.image.BufferedImage[] img = new java.awt.image.BufferedImage[1];
            time(t, cpu, 0, r, () -> img[0] = SurfaceView.of(field, tex, a).render());
            time(t, cpu, 1, r, () -> SurfaceView.of(field, tex, b).render());
            time(t, cpu, 2, r, () -> SurfaceView.of(field, null, c).render());
            time(t, cpu, 3, r, () -> DepthPng.render(field.heights(), n, n, "height (µm)"));
            time(t, cpu, 4, r, () -> {
                try {
                    ImageIO.write(img[0], "png", png.toFile());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        Files.deleteIfExists(png);
        double ref = median(t[3]);
        String[] names = {"(a) view 1024, 2x2 supersampling, texture", "(b) view 2048, no supersampling, texture ",
            "(c) as (a), height colours + colour bar  ", "reference: 2-D depth PNG render         ",
            "PNG encoding of view (a), apart         "};
        System.out.printf(Locale.ROOT, "3D view of a %dx%d height map (median of %d; CPU: process CPU seconds, "
                + "all threads)%n", n, n, runs);
        for (int k = 0; k < names.length; k++) {
            System.out.printf(Locale.ROOT, "  %s: %.3f s wall, %.3f s CPU%s%n", names[k], median(t[k]),
                    median(cpu[k]), k < 3 ? String.format(Locale.ROOT, "  (%.2f x the reference)", median(t[k]) / ref)
                    : "");
        }
    }

    /** Wall and process CPU seconds of {@code task} into {@code t[k][r]} and {@code cpu[k][r]}. */
    private static void time(double[][] t, double[][] cpu, int k, int r, Runnable task) {
        double c0 = processCpu();
        long t0 = System.nanoTime();
        task.run();
        t[k][r] = (System.nanoTime() - t0) / 1e9;
        cpu[k][r] = processCpu() - c0;
    }

    private static double processCpu() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e9 : Double.NaN;
    }

    private static void mesh(int n, int runs, Path dir, boolean synced) throws IOException {
        HeightField field = surface(n, 3);
        Path stl = dir.resolve("surface-mesh-bench.stl");
        Path plain = dir.resolve("surface-mesh-bench.bin");
        double[] tMesh = new double[runs];
        double[] tPlain = new double[runs];
        double[] cMesh = new double[runs];
        double[] cPlain = new double[runs];
        long[] bytes = {0};
        try {
            // Warm-up: the JIT compiles the writer's loops on a small map first; the size for the plain write.
            MeshSummary warm = MeshExport.write(field, null, MeshSettings.defaults(), stl);
            bytes[0] = 84 + 50 * warm.triangles();
            if (Files.size(stl) != bytes[0]) {
                throw new IllegalStateException("STL size " + Files.size(stl) + " for " + warm.triangles()
                        + " triangles");
            }
            for (int r = 0; r < runs; r++) {
                // Each timing starts with the other file deleted and the disk idle (sync), and the two take turns
                // to go first, so that neither pays for the other's write-back or the freeing of its blocks.
                for (int k = 0; k < 2; k++) {
                    boolean meshNow = (k == 0) == (r % 2 == 0);
                    settle(stl, plain);
                    double c0 = processCpu();
                    long t0 = System.nanoTime();
                    if (meshNow) {
                        MeshExport.write(field, null, MeshSettings.defaults(), stl);
                        if (synced) {
                            sync(stl);
                        }
                        tMesh[r] = (System.nanoTime() - t0) / 1e9;
                        cMesh[r] = processCpu() - c0;
                    } else {
                        plainWrite(plain, bytes[0], synced);
                        tPlain[r] = (System.nanoTime() - t0) / 1e9;
                        cPlain[r] = processCpu() - c0;
                    }
                }
            }
        } finally {
            Files.deleteIfExists(stl);
            Files.deleteIfExists(plain);
        }
        double m = median(tMesh);
        double p = median(tPlain);
        double[] ratios = new double[runs];
        for (int r = 0; r < runs; r++) {
            ratios[r] = tMesh[r] / tPlain[r];
        }
        System.out.printf(Locale.ROOT, "binary STL of a %dx%d map, step 1: %.2f GB (median of %d) in %s, %s; load "
                + "average %.1f%n", n, n, bytes[0] / 1e9, runs, dir, synced ? "each timing until synced to disk"
                : "into the page cache (no sync)", loadAverage());
        System.out.printf(Locale.ROOT, "  STL export:  %.2f s  (%.0f MB/s), %.2f s CPU  %s%n", m, bytes[0] / 1e6 / m,
                median(cMesh), Arrays.toString(tMesh));
        System.out.printf(Locale.ROOT, "  plain write: %.2f s  (%.0f MB/s), %.2f s CPU  %s%n", p, bytes[0] / 1e6 / p,
                median(cPlain), Arrays.toString(tPlain));
        System.out.printf(Locale.ROOT, "  ratio STL / plain write: %.2f (of the medians); per run (STL first in runs "
                + "1, 3, ...): %s, median %.2f%n", m / p, Arrays.toString(ratios), median(ratios));
    }

    /** Deletes both outputs and waits for the disk to settle (the system's sync where there is one). */
    private static void settle(Path... files) throws IOException {
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
            Thread.sleep(SETTLE_MS);
        } catch (IOException e) {
            // No sync command (Windows): the deletes alone.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Waits until the file is on disk, so that each timing ends with its own data written, not the page cache. */
    private static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** {@code bytes} of a 4 MB buffer through a file channel, as the STL writer writes, synced as the STL is. */
    private static void plainWrite(Path file, long bytes, boolean synced) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22);
        for (int i = 0; i < buf.capacity(); i++) {
            buf.put(i, (byte) i);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long left = bytes;
            while (left > 0) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), left));
                while (buf.hasRemaining()) {
                    left -= ch.write(buf);
                }
            }
            if (synced) {
                ch.force(true);
            }
        }
    }

    private static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
