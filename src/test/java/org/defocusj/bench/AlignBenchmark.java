package org.defocusj.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.defocusj.align.AlignModel;
import org.defocusj.align.AlignSettings;
import org.defocusj.align.Alignment;
import org.defocusj.align.StackAligner;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.MethodSetup;
import org.defocusj.dff.AllInFocusMode;
import org.defocusj.dff.DffMethod;
import org.defocusj.dff.DffParameters;
import org.defocusj.io.StackReader;
import org.defocusj.io.TiffWriter;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;
import org.defocusj.synth.ShotDegradation;

/**
 * What alignment costs, as ratios to one plain read + write of the same TIFF stack measured in the same run:
 * read + depth from focus (multi-scale all-in-focus, the default) + write with {@code --align off} and with the
 * default ({@code auto}), on a synthetic RGB stack degraded by breathing, jitter and rotation (so that alignment
 * warps); apart, the transforms' estimation alone and then warping every slice once, in place. Arguments: [WIDTH HEIGHT
 * SLICES [RUNS]] (default 2048 1536 12 3; the case is 4000 3000 20). Writes target/bench-align.md.
 *
 * <p>With {@code --memory [WIDTH HEIGHT SLICES]} (default 2048 2048 200) it measures instead the peak heap of
 * align + depth from focus + multi-scale all-in-focus on an 8-bit stack built in memory (degraded as above, so
 * every slice is warped; the stack owns its pixels, as one read from a file does, so it is warped in place), as a
 * ratio to the stack's bytes: a full GC before the estimate gives the baseline (the
 * stack), the heap pools' peaks are reset, and their sum after the estimate is the peak. Run it in a JVM of its own
 * with a fixed -Xmx (scripts/bench-align does). Writes target/bench-align-memory.md.
 */
public final class AlignBenchmark {

    private static final double SPEED_GOAL = 6.0;
    private static final double MEMORY_GOAL = 1.5;

    private AlignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--memory")) {
            memory(args.length > 1 ? Integer.parseInt(args[1]) : 2048, args.length > 2 ? Integer.parseInt(args[2])
                    : 2048, args.length > 3 ? Integer.parseInt(args[3]) : 200);
            return;
        }
        int w = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 1536;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path dir = Paths.get("target/bench-align");
        Files.createDirectories(dir);
        Path input = dir.resolve("stack-" + w + "x" + h + "x" + n + ".tif");
        if (!Files.isRegularFile(input)) {
            ShotDegradation d = degradation();
            ImagePlus clean = new ImagePlus("bench", DffBenchmark.syntheticStack(w, h, n, true, 77));
            ImagePlus shot = d.apply(clean);
            System.err.println("degradation: " + d.describe());
            if (!new FileSaver(shot).saveAsTiffStack(input.toString())) {
                throw new IOException("cannot write " + input);
            }
        }
        Path out = dir.resolve("out.tif");
        MethodSetup off = setup(AlignSettings.OFF);
        MethodSetup auto = setup(AlignSettings.DEFAULTS);
        int threads = Runtime.getRuntime().availableProcessors();
        String[] names = {"read + write", "read + depth from focus + multi-scale all-in-focus + write, `--align off`",
            "read + align + depth from focus + multi-scale all-in-focus + write, `--align auto`",
            "read + estimate the transforms only", "read + estimate + warp every slice once"};
        Pass[] passes = {
            () -> TiffWriter.write(StackReader.openImage(input), out),
            () -> depth(input, off, out),
            () -> depth(input, auto, out),
            () -> estimate(input, threads, false),
            () -> estimate(input, threads, true),
        };
        double load0 = load();
        double[][] t = new double[passes.length][runs];
        double[][] cpu = new double[passes.length][runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < passes.length; i++) {
                double c0 = cpuSeconds();
                t[i][r] = time(passes[i]);
                cpu[i][r] = cpuSeconds() - c0;
            }
            System.err.printf(Locale.ROOT, "run %d: %s s (CPU %s s)%n", r + 1, Arrays.toString(column(t, r)),
                    Arrays.toString(column(cpu, r)));
        }
        double ref = median(t[0]);
        double refCpu = median(cpu[0]);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "RGB %d x %d x %d, %d processors, median of %d interleaved runs, "
                + "load average %.1f before and %.1f after", w, h, n, threads, runs, load0, load()));
        lines.add("");
        lines.add("| pass | seconds | ratio to read + write | CPU seconds (all threads) | CPU ratio |");
        lines.add("|---|---|---|---|---|");
        for (int i = 0; i < passes.length; i++) {
            lines.add(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |", names[i], median(t[i]),
                    median(t[i]) / ref, median(cpu[i]), median(cpu[i]) / refCpu));
        }
        double ratio = median(t[2]) / ref;
        lines.add("");
        lines.add(String.format(Locale.ROOT, "align + depth + multi-scale all-in-focus: %.2f x read + write (goal "
                + "at most %.0f): %s", ratio, SPEED_GOAL, ratio <= SPEED_GOAL ? "met" : "NOT met"));
        Files.write(Paths.get("target/bench-align.md"), (String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        lines.forEach(System.out::println);
        Files.deleteIfExists(out);
        Files.deleteIfExists(out.resolveSibling("aif.tif"));
    }

    private static ShotDegradation degradation() {
        return new ShotDegradation(1).noise(1).jpeg(0);
    }

    private static MethodSetup setup(AlignSettings align) {
        DffParameters dff = DffParameters.defaults().withAllInFocus(AllInFocusMode.MULTISCALE);
        return MethodSetup.of(new DffMethod(), dff).withAlign(align);
    }

    /** Reads the stack and estimates its transforms; with {@code warp}, also warps every slice (in place). */
    private static void estimate(Path input, int threads, boolean warp) throws IOException {
        FocusStack s = StackReader.read(input, FocusSource.index());
        Alignment a = new StackAligner(AlignModel.SIMILARITY, threads).estimate(s, null);
        if (!warp) {
            return;
        }
        a.warpOnce(s, threads, null);
    }

    private static void memory(int w, int h, int n) throws IOException {
        System.err.printf(Locale.ROOT, "memory case: 8-bit %d x %d x %d, max heap %.2f GB: generating ...%n", w, h, n,
                Runtime.getRuntime().maxMemory() / 1e9);
        ShotDegradation d = degradation().noise(0);
        ImagePlus shot = d.apply(new ImagePlus("memory", DffBenchmark.syntheticStack(w, h, n, false, 3000)));
        FocusStack stack = ImagePlusStacks.wrap(shot, FocusSource.index()).withOwnedPixels();
        long stackBytes = (long) w * h * n;
        DffBenchmark.fullGc();
        long baseline = DffBenchmark.heapUsedByPools();
        List<MemoryPoolMXBean> pools = DffBenchmark.heapPools();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        double load0 = load();
        long t0 = System.nanoTime();
        DepthResult r;
        try (DepthSession s = setup(AlignSettings.DEFAULTS).open()) {
            r = s.estimator().estimate(stack, null);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : pools) {
            peak += pool.getPeakUsage().getUsed();
        }
        String alignment = r.properties().get(Alignment.PROPERTY);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "8-bit %d x %d x %d in memory (%s), %s, max heap %.2f GB, %s; "
                + "alignment: %s; %.1f s at load average %.1f", w, h, n, d.describe(), gcNames(),
                Runtime.getRuntime().maxMemory() / 1e9, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                alignment, seconds, load0));
        lines.add("");
        lines.add("| stack | baseline (after full GC) | peak (heap pools) | peak / stack |");
        lines.add("|---|---|---|---|");
        lines.add(String.format(Locale.ROOT, "| %.0f MB | %.0f MB | %.0f MB | %.2f (goal at most %.1f: %s) |",
                stackBytes / 1e6, baseline / 1e6, peak / 1e6, (double) peak / stackBytes, MEMORY_GOAL,
                peak <= MEMORY_GOAL * stackBytes ? "met" : "NOT met"));
        Files.createDirectories(Paths.get("target"));
        Files.write(Paths.get("target/bench-align-memory.md"), (String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        lines.forEach(System.out::println);
        if (shot.getStackSize() != n || !alignment.startsWith("similarity") || alignment.contains("unaligned")) {
            throw new IllegalStateException("the stack was not aligned: " + alignment);
        }
    }

    private static String gcNames() {
        List<String> names = new ArrayList<>();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(b -> names.add(b.getName()));
        return String.join(", ", names);
    }

    /** CPU seconds of this process so far, all threads (the JVM's own included). */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double[] column(double[][] t, int r) {
        double[] c = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            c[i] = Math.round(t[i][r] * 100) / 100.0;
        }
        return c;
    }

    private static void depth(Path input, MethodSetup setup, Path out) throws IOException {
        FocusStack stack = StackReader.read(input, FocusSource.index());
        try (DepthSession s = setup.open()) {
            DepthResult r = s.estimator().estimate(stack, null);
            TiffWriter.write(TiffWriter.floatMap("depth", r.depth(), stack.calibration(), "slice", r.properties()),
                    out);
            TiffWriter.write(TiffWriter.intensityImage("aif", r.allInFocus(), stack.whiteLevel(), stack.calibration(),
                    r.properties()), out.resolveSibling("aif.tif"));
        }
    }

    private interface Pass {
        void run() throws IOException;
    }

    private static double time(Pass p) throws IOException {
        long t0 = System.nanoTime();
        p.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
