package org.defocusj.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.defocusj.io.HeightMaps;
import org.defocusj.io.TiffWriter;
import org.defocusj.surface.ArealParameters;
import org.defocusj.surface.FormRemoval;
import org.defocusj.surface.HeightField;

/**
 * Cost of the ISO 25178-2 areal parameters on a large height map (4096 x 4096 by default), not a unit test: run
 * it with {@code scripts/bench-surface [SIZE]}. The target is all parameters in at most 3 x one read of the
 * map; the read (the 32-bit TIFF from disk, page cache warm, into a {@link HeightField}) is measured in the same
 * run, each figure the median of 3 runs after warm-up, in wall time and in process CPU time (all threads, so
 * that a loaded machine shows in the wall ratio but less in the CPU one). Levelling is reported beside it for
 * reference.
 */
public final class SurfaceBenchmark {

    private static final int WARMUP = 2;
    private static final int RUNS = 3;

    private SurfaceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        System.out.printf(Locale.ROOT, "surface benchmark: %d x %d (%.1f MP), %d processor(s), load average %.1f, "
                + "median of %d after %d warm-up run(s), Java %s%n", size, size, size * (double) size / 1e6,
                Runtime.getRuntime().availableProcessors(), loadAverage(), RUNS,
                WARMUP, System.getProperty("java.version"));
        Path dir = Files.createDirectories(Paths.get("target", "bench-surface"));
        Path file = dir.resolve("height-" + size + ".tif");
        HeightField field = surface(size);
        TiffWriter.write(HeightMaps.toImage(field, "height", null), file);

        double[] read = median(() -> HeightMaps.read(file, null).width());
        double[] bytes = median(() -> Files.readAllBytes(file).length);
        HeightField loaded = HeightMaps.read(file, null);
        double[] params = median(() -> ArealParameters.of(loaded).get("Sa"));
        double[] plane = median(() -> FormRemoval.fit(loaded, null, FormRemoval.Level.PLANE).subtract(loaded).width());
        double[] poly3 = median(() -> FormRemoval.fit(loaded, null, FormRemoval.Level.POLY3).subtract(loaded).width());

        System.out.printf(Locale.ROOT, "%-44s %9s %14s %9s %14s%n", "", "wall", "", "CPU", "");
        System.out.printf(Locale.ROOT, "%-44s %9.1f ms %14s %9.1f ms%n", "reference: read the height map (TIFF -> field)",
                read[0], "", read[1]);
        row("  of which the file's bytes (readAllBytes)", bytes, read);
        row("all areal parameters (15, exact Smr curve)", params, read);
        row("plane levelling (fit + subtract)", plane, read);
        row("poly3 levelling (fit + subtract)", poly3, read);
        System.out.printf(Locale.ROOT, "target: parameters <= 3 x read: wall %s (%.2f x), CPU %s (%.2f x); load "
                + "average now %.1f%n", params[0] <= 3 * read[0] ? "met" : "MISSED", params[0] / read[0],
                params[1] <= 3 * read[1] ? "met" : "MISSED", params[1] / read[1], loadAverage());
        ArealParameters p = ArealParameters.of(loaded);
        System.out.printf(Locale.ROOT, "check: Sa %.6f, Sq %.6f, Sdr %.4f %%, Sk %.6f %s over %d pixels%n",
                p.get("Sa"), p.get("Sq"), p.get("Sdr"), p.get("Sk"), p.heightUnit(), p.validPixels());
    }

    private static void row(String what, double[] ms, double[] reference) {
        System.out.printf(Locale.ROOT, "%-44s %9.1f ms %7.2f x read %9.1f ms %7.2f x read%n", what, ms[0],
                ms[0] / reference[0], ms[1], ms[1] / reference[1]);
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Process CPU time of all threads, in ns (NaN where the JVM does not tell). */
    private static double processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : Double.NaN;
    }

    /** A rough, tilted surface in um with 1 % invalid pixels (0.5 um pixels). */
    private static HeightField surface(int size) {
        SplittableRandom rnd = new SplittableRandom(4096);
        float[] z = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = 0.001 * x + 0.0005 * y + 0.3 * Math.sin(x / 17.0) * Math.cos(y / 23.0)
                        + 0.05 * rnd.nextDouble();
                z[y * size + x] = rnd.nextDouble() < 0.01 ? Float.NaN : (float) v;
            }
        }
        return HeightField.calibrated(size, size, z, 0.5, 0.5, "µm", "µm");
    }

    /** Median wall and median process CPU milliseconds of {@code work}. */
    private static double[] median(Callable<?> work) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            work.call();
        }
        double[] ms = new double[RUNS];
        double[] cpu = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            double c0 = processCpuNanos();
            long t0 = System.nanoTime();
            work.call();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (processCpuNanos() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new double[] {ms[RUNS / 2], cpu[RUNS / 2]};
    }
}
