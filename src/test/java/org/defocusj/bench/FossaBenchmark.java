package org.defocusj.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.defocusj.fossa.FossaModel;
import org.defocusj.fossa.FossaRuntime;

/**
 * Times an exported FOSSA model through DJL: median seconds per forward after one warm-up, and the process's
 * peak RSS (VmHWM). The Java side of scripts/bench-fossa, which runs the Python reference in the same session.
 * Arguments: MODEL [--slices N] [--height H] [--width W] [--runs R] [--runtime torch|onnx|onnx-int8|auto] (default torch);
 * prints one JSON line.
 */
public final class FossaBenchmark {

    private FossaBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String model = args[0];
        int n = 5;
        int h = 518;
        int w = 777;
        int runs = 3;
        FossaRuntime runtime = FossaRuntime.TORCH;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--slices":
                    n = Integer.parseInt(args[++i]);
                    break;
                case "--height":
                    h = Integer.parseInt(args[++i]);
                    break;
                case "--width":
                    w = Integer.parseInt(args[++i]);
                    break;
                case "--runs":
                    runs = Integer.parseInt(args[++i]);
                    break;
                case "--runtime":
                    runtime = FossaRuntime.of(args[++i]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        float[] x = randomStack(n, h, w);
        float[] fd = focusDistances(n);
        double[] times = new double[runs];
        String used;
        try (FossaModel m = FossaModel.load(model, runtime)) {
            used = m.runtime().key();
            m.predict(x, fd, n, h, w);
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                m.predict(x, fd, n, h, w);
                times[r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "{\"side\": \"djl\", \"runtime\": \"%s\", \"median_s\": %.4f, \"runs\": %s, "
                + "\"peak_rss_mb\": %.1f}%n", used, sorted[runs / 2], Arrays.toString(times), peakRssMb());
    }

    /** Deterministic N x 3 x H x W values in [0, 1]: cost does not depend on them, outputs compared must share them. */
    public static float[] randomStack(int n, int h, int w) {
        float[] x = new float[n * 3 * h * w];
        SplittableRandom rng = new SplittableRandom(0);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        return x;
    }

    /** N canonical focus distances spread over 0.3 .. 3.0. */
    public static float[] focusDistances(int n) {
        float[] fd = new float[n];
        for (int i = 0; i < n; i++) {
            fd[i] = 0.3f + 2.7f * i / Math.max(1, n - 1);
        }
        return fd;
    }

    /** VmHWM of this process from /proc (Linux), in MB; NaN elsewhere. */
    static double peakRssMb() throws IOException {
        if (!Files.isReadable(Paths.get("/proc/self/status"))) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
