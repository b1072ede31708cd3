package org.defocusj.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;

import ij.ImagePlus;
import ij.ImageStack;

import org.defocusj.depth.DepthResult;
import org.defocusj.dff.AllInFocusMode;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.Aggregation;
import org.defocusj.dff.DffParameters;
import org.defocusj.io.StackReader;
import org.defocusj.io.TiffWriter;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;
import org.defocusj.synth.ProceduralTexture;

/**
 * Depth-from-focus benchmark (not a unit test; run it with {@code scripts/bench-dff}).
 *
 * <p>Speed cases (a) 8-bit 2048 x 2048 x 32 and (b) RGB 4000 x 3000 x 20: each stack is written once to a TIFF;
 * then a plain "read + write" pass (ImageJ reads the TIFF, TiffWriter writes it back) is timed in the same
 * run as "read + depth from focus + write depth" with all-in-focus off, with the weighted and with the multi-scale
 * composite (the default, a second pass over the slices after the depth). Each
 * pass is warmed up once, then timed {@code --runs} times (interleaved, median reported). The figure of merit
 * is the ratio DFF time / read+write time (goal: at most 4 on 2 cores).
 *
 * <p>Memory case (c) 8-bit 2048 x 2048 x 200: the stack is built directly in memory as an ImageStack of byte[]
 * planes (reading a TIFF would double it), wrapped without copying, and the peak heap during
 * DepthFromFocus.estimate is compared with the stack's own size (goal: at most 1.5x). It runs in a child JVM
 * with its own -Xmx ({@code --memory-xmx}, default 3g) so the speed cases' heap does not matter.
 */
public final class DffBenchmark {

    private static final double SPEED_GOAL = 4.0;
    private static final double MEMORY_GOAL = 1.5;
    /** Blur levels the synthetic stacks are composed of; level k is a box blur of radius k. */
    private static final int BLUR_LEVELS = 8;

    private final Options opt;

    private DffBenchmark(Options opt) {
        this.opt = opt;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-dff: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (opt.help) {
            System.out.println(Options.USAGE);
            return;
        }
        new DffBenchmark(opt).run();
    }

    private void run() throws Exception {
        if (opt.childResult != null) {
            // Child JVM of the memory case: measure, hand the rows back as JSON, print nothing else of note.
            List<MemoryRow> rows = memoryCase();
            Files.write(opt.childResult, gson().toJson(rows).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Report report = new Report();
        report.environment = environment();
        printEnvironment(report.environment);
        if (opt.speed) {
            // Always a fresh folder of our own (inside --tmp if given), so deleting it afterwards is safe.
            Path dir = opt.tmp != null ? Files.createTempDirectory(Files.createDirectories(opt.tmp), "bench-dff")
                    : Files.createTempDirectory("bench-dff");
            try {
                if (opt.cases.contains("a")) {
                    report.speed.add(speedCase("a", "8-bit gray", opt.quick ? 512 : 2048, opt.quick ? 512 : 2048,
                            opt.quick ? 8 : 32, false, dir));
                }
                if (opt.cases.contains("b")) {
                    report.speed.add(speedCase("b", "RGB", opt.quick ? 800 : 4000, opt.quick ? 600 : 3000,
                            opt.quick ? 6 : 20, true, dir));
                }
            } finally {
                deleteTree(dir);
            }
        }
        if (opt.memory) {
            if (opt.memoryInProcess) {
                report.memory.addAll(memoryCase());
            } else {
                // The JVM's default collector (G1, as in Fiji), then one that stores large arrays without rounding.
                report.memory.addAll(memoryCaseInChild(List.of()));
                if (opt.gcCompare) {
                    report.memory.addAll(memoryCaseInChild(List.of("-XX:+UseParallelGC")));
                }
            }
        }
        String md = markdown(report);
        System.out.println();
        System.out.println(md);
        if (opt.report != null) {
            Files.createDirectories(opt.report.toAbsolutePath().getParent());
            Files.write(opt.report, md.getBytes(StandardCharsets.UTF_8));
            System.out.println("wrote " + opt.report);
        }
        if (opt.json != null) {
            Files.createDirectories(opt.json.toAbsolutePath().getParent());
            Files.write(opt.json, gson().toJson(report).getBytes(StandardCharsets.UTF_8));
            System.out.println("wrote " + opt.json);
        }
    }

    // ---------------------------------------------------------------------------------------------- speed

    private SpeedRow speedCase(String id, String kind, int w, int h, int nF, boolean rgb, Path dir)
            throws IOException {
        SpeedRow row = new SpeedRow();
        row.caseId = id;
        row.description = String.format(Locale.ROOT, "%s %d x %d x %d", kind, w, h, nF);
        row.width = w;
        row.height = h;
        row.slices = nF;
        row.channels = rgb ? 3 : 1;
        row.megapixelSlices = (double) w * h * nF / 1e6;
        log("case (%s) %s: generating ...", id, row.description);
        long t0 = System.nanoTime();
        Path input = dir.resolve("case-" + id + ".tif");
        {
            ImagePlus imp = new ImagePlus("case-" + id, syntheticStack(w, h, nF, rgb, 1000 + id.hashCode()));
            TiffWriter.write(imp, input);
        }
        row.tiffBytes = Files.size(input);
        log("case (%s): wrote %s (%.0f MB) in %.1f s", id, input.getFileName(), row.tiffBytes / 1e6,
                (System.nanoTime() - t0) / 1e9);

        DepthFromFocus none = new DepthFromFocus(DffParameters.defaults().withAllInFocus(AllInFocusMode.NONE));
        // The estimator that was the default before guided aggregation, measured in the same run.
        DepthFromFocus window = new DepthFromFocus(DffParameters.defaults().withAllInFocus(AllInFocusMode.NONE)
                .withAggregation(Aggregation.WINDOW, DffParameters.GUIDE_RADIUS.defaultValue(),
                        DffParameters.GUIDE_EPSILON.defaultValue()));
        DepthFromFocus weighted = new DepthFromFocus(
                DffParameters.defaults().withAllInFocus(AllInFocusMode.WEIGHTED));
        Path out = dir.resolve("out-" + id + ".tif");
        Path aifOut = dir.resolve("out-" + id + "-aif.tif");
        DepthFromFocus multiscale = new DepthFromFocus(
                DffParameters.defaults().withAllInFocus(AllInFocusMode.MULTISCALE));
        Pass[] passes = {
            split -> readWrite(input, out, split),
            split -> readDffWrite(input, none, out, null, split),
            split -> readDffWrite(input, weighted, out, aifOut, split),
            split -> readDffWrite(input, multiscale, out, aifOut, split),
            split -> readDffWrite(input, window, out, null, split),
        };
        String[] names = {"read+write", "dff aif=none", "dff aif=weighted", "dff aif=multiscale", "dff window aif=none"};
        List<List<double[]>> times = new ArrayList<>();
        for (int p = 0; p < passes.length; p++) {
            times.add(new ArrayList<>());
        }
        for (int p = 0; p < passes.length; p++) {
            double[] s = timed(passes[p]);
            log("case (%s) warm-up  %-17s %7.2f s  (%s)", id, names[p], s[0], splitText(s));
        }
        for (int r = 0; r < opt.runs; r++) {
            for (int p = 0; p < passes.length; p++) {
                double[] s = timed(passes[p]);
                times.get(p).add(s);
                log("case (%s) run %d/%d  %-17s %7.2f s  (%s)", id, r + 1, opt.runs, names[p], s[0], splitText(s));
            }
        }
        Files.deleteIfExists(input);
        row.readWriteRuns = column(times.get(0), 0);
        row.dffNoneRuns = column(times.get(1), 0);
        row.dffWeightedRuns = column(times.get(2), 0);
        row.readWriteSeconds = median(row.readWriteRuns);
        row.dffNoneSeconds = median(row.dffNoneRuns);
        row.dffWeightedSeconds = median(row.dffWeightedRuns);
        row.readWriteCpu = median(column(times.get(0), 4));
        row.dffNoneCpu = median(column(times.get(1), 4));
        row.dffWeightedCpu = median(column(times.get(2), 4));
        // CPU time comes in clock ticks; a reference below one tick (--quick) gives no ratio.
        row.cpuRatioNone = row.readWriteCpu > 0 ? row.dffNoneCpu / row.readWriteCpu : Double.NaN;
        row.cpuRatioWeighted = row.readWriteCpu > 0 ? row.dffWeightedCpu / row.readWriteCpu : Double.NaN;
        row.readWriteSplit = medianSplit(times.get(0));
        row.dffNoneSplit = medianSplit(times.get(1));
        row.dffWeightedSplit = medianSplit(times.get(2));
        row.ratioNone = row.dffNoneSeconds / row.readWriteSeconds;
        row.ratioWeighted = row.dffWeightedSeconds / row.readWriteSeconds;
        row.dffMultiscaleRuns = column(times.get(3), 0);
        row.dffMultiscaleSeconds = median(row.dffMultiscaleRuns);
        row.dffMultiscaleCpu = median(column(times.get(3), 4));
        row.cpuRatioMultiscale = row.readWriteCpu > 0 ? row.dffMultiscaleCpu / row.readWriteCpu : Double.NaN;
        row.dffMultiscaleSplit = medianSplit(times.get(3));
        row.ratioMultiscale = row.dffMultiscaleSeconds / row.readWriteSeconds;
        row.dffWindowRuns = column(times.get(4), 0);
        row.dffWindowSeconds = median(row.dffWindowRuns);
        row.dffWindowCpu = median(column(times.get(4), 4));
        row.cpuRatioWindow = row.readWriteCpu > 0 ? row.dffWindowCpu / row.readWriteCpu : Double.NaN;
        row.dffWindowSplit = medianSplit(times.get(4));
        row.ratioWindow = row.dffWindowSeconds / row.readWriteSeconds;
        return row;
    }

    /** One timed pass; it records the end of its read and of its computation into {@code split[0..1]}. */
    private interface Pass {
        void run(long[] split) throws IOException;
    }

    /**
     * Wall time of one pass, then its read, compute and write parts (s). Garbage of earlier passes is collected
     * first so that no pass pays for another.
     */
    private static double[] timed(Pass pass) throws IOException {
        System.gc();
        long[] split = new long[2];
        long cpu = processCpuNanos();
        long t = System.nanoTime();
        pass.run(split);
        long end = System.nanoTime();
        cpu = processCpuNanos() - cpu;
        return new double[] {(end - t) / 1e9, (split[0] - t) / 1e9, (split[1] - split[0]) / 1e9,
            (end - split[1]) / 1e9, cpu / 1e9};
    }

    /**
     * CPU time of this process (all threads, GC and JIT included), or a negative number if the JVM does not
     * say. On a shared machine it is steadier than wall time, since waiting for a core does not count.
     */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    private static String splitText(double[] s) {
        return String.format(Locale.ROOT, "read %.2f, compute %.2f, write %.2f; cpu %.2f", s[1], s[2], s[3], s[4]);
    }

    private static List<Double> column(List<double[]> runs, int k) {
        List<Double> c = new ArrayList<>();
        runs.forEach(r -> c.add(r[k]));
        return c;
    }

    /** Median read, compute and write seconds. */
    private static double[] medianSplit(List<double[]> runs) {
        return new double[] {median(column(runs, 1)), median(column(runs, 2)), median(column(runs, 3))};
    }

    /** The reference: what any tool that touches every pixel once must at least do. */
    private static void readWrite(Path input, Path out, long[] split) throws IOException {
        ImagePlus imp = StackReader.openImage(input);
        split[0] = System.nanoTime();
        split[1] = split[0];
        TiffWriter.write(imp, out);
        Files.delete(out);
    }

    /** What {@code defocusj depth STACK --focus index -o OUT [--all-in-focus AIF]} does. */
    private static void readDffWrite(Path input, DepthFromFocus dff, Path out, Path aifOut, long[] split)
            throws IOException {
        FocusStack stack = StackReader.read(input, FocusSource.index());
        split[0] = System.nanoTime();
        DepthResult result = dff.estimate(stack, null);
        split[1] = System.nanoTime();
        Map<String, String> info = new LinkedHashMap<>(result.properties());
        TiffWriter.write(TiffWriter.floatMap("depth", result.depth(), stack.calibration(), "slice", info), out);
        Files.delete(out);
        if (aifOut != null) {
            TiffWriter.write(TiffWriter.intensityImage("all-in-focus", result.allInFocus(), stack.whiteLevel(),
                    stack.calibration(), info), aifOut);
            Files.delete(aifOut);
        }
    }

    // --------------------------------------------------------------------------------------------- memory

    private List<MemoryRow> memoryCaseInChild(List<String> gcArgs) throws IOException, InterruptedException {
        Path result = Files.createTempFile("bench-dff-memory", ".json");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx" + opt.memoryXmx);
            cmd.add("-Djava.awt.headless=true");
            cmd.addAll(gcArgs);
            cmd.addAll(opt.memoryJvmArgs);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(DffBenchmark.class.getName());
            cmd.add("--child-result");
            cmd.add(result.toString());
            if (opt.quick) {
                cmd.add("--quick");
            }
            List<String> jvmArgs = new ArrayList<>(gcArgs);
            jvmArgs.addAll(opt.memoryJvmArgs);
            log("case (c): child JVM with -Xmx%s %s", opt.memoryXmx, String.join(" ", jvmArgs));
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException("memory case: child JVM exited with " + code);
            }
            String json = new String(Files.readAllBytes(result), StandardCharsets.UTF_8);
            return gson().fromJson(json, new TypeToken<List<MemoryRow>>() { }.getType());
        } finally {
            Files.deleteIfExists(result);
        }
    }

    private List<MemoryRow> memoryCase() {
        int w = opt.quick ? 512 : 2048;
        int h = opt.quick ? 512 : 2048;
        int nF = opt.quick ? 40 : 200;
        String desc = String.format(Locale.ROOT, "8-bit gray %d x %d x %d, in memory", w, h, nF);
        log("case (c) %s: generating ...", desc);
        ImageStack planes = syntheticStack(w, h, nF, false, 3000);
        FocusStack stack = ImagePlusStacks.wrap(new ImagePlus("case-c", planes), FocusSource.index());
        long stackBytes = (long) w * h * nF;
        List<MemoryRow> rows = new ArrayList<>();
        for (AllInFocusMode mode : new AllInFocusMode[] {AllInFocusMode.NONE, AllInFocusMode.WEIGHTED,
                AllInFocusMode.MULTISCALE}) {
            DepthFromFocus dff = new DepthFromFocus(DffParameters.defaults().withAllInFocus(mode));
            MemoryRow row = new MemoryRow();
            row.caseId = "c";
            row.description = desc;
            row.allInFocus = mode.name().toLowerCase(Locale.ROOT);
            row.stackBytes = stackBytes;
            row.maxHeapBytes = Runtime.getRuntime().maxMemory();
            row.gc = gcNames();
            fullGc();
            row.baselineBytes = heapUsedByPools();
            List<MemoryPoolMXBean> pools = heapPools();
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            Sampler sampler = new Sampler();
            sampler.start();
            long t = System.nanoTime();
            DepthResult result = dff.estimate(stack, null);
            row.seconds = (System.nanoTime() - t) / 1e9;
            sampler.stop();
            long peakSum = 0;
            for (MemoryPoolMXBean pool : pools) {
                peakSum += pool.getPeakUsage().getUsed();
            }
            row.peakPoolSumBytes = peakSum;
            row.peakSampledBytes = sampler.peak.get();
            row.samples = sampler.count.get();
            if (result.depth().dimension(0) != w) {
                throw new IllegalStateException("unexpected result size");
            }
            result = null;
            fullGc();
            row.afterGcBytes = heapUsedByPools();
            row.ratioPoolPeak = (double) row.peakPoolSumBytes / stackBytes;
            row.ratioSampledPeak = (double) row.peakSampledBytes / stackBytes;
            row.ratioBaseline = (double) row.baselineBytes / stackBytes;
            row.workingSetBytes = row.peakPoolSumBytes - row.baselineBytes;
            row.ratioNet = (double) (stackBytes + row.workingSetBytes) / stackBytes;
            row.jvmArgs = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
            log("case (c) aif=%-8s peak(pools) %6.0f MB = %.2f x stack, peak(sampled) %6.0f MB = %.2f x, "
                    + "baseline %6.0f MB = %.2f x, DFF working set %4.0f MB -> stack + working set = %.2f x, %.1f s",
                    row.allInFocus, row.peakPoolSumBytes / 1e6, row.ratioPoolPeak, row.peakSampledBytes / 1e6,
                    row.ratioSampledPeak, row.baselineBytes / 1e6, row.ratioBaseline, row.workingSetBytes / 1e6,
                    row.ratioNet, row.seconds);
            rows.add(row);
        }
        // Keep the stack reachable until here, so that it is part of every measurement.
        if (planes.getSize() != nF) {
            throw new IllegalStateException();
        }
        return rows;
    }

    static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                heap.add(pool);
            }
        }
        return heap;
    }

    static long heapUsedByPools() {
        long used = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            used += pool.getUsage().getUsed();
        }
        return used;
    }

    private static String gcNames() {
        StringBuilder sb = new StringBuilder();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(b -> sb.append(sb.length() > 0 ? ", " : "")
                .append(b.getName()));
        return sb.toString();
    }

    static void fullGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    /** Reads the heap's used bytes (all pools, garbage included) every millisecond and keeps the maximum. */
    private static final class Sampler implements Runnable {
        final AtomicLong peak = new AtomicLong();
        final AtomicLong count = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        Thread thread;

        void start() {
            thread = new Thread(this, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sample();
        }

        @Override
        public void run() {
            while (running.get()) {
                sample();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
            count.incrementAndGet();
        }
    }

    // ------------------------------------------------------------------------------------- synthetic data

    /**
     * A textured focus stack: fractal noise seen through a smooth depth surface (a tilted plane plus a wave)
     * spanning the slices. Each pixel of slice z shows the texture box-blurred by a radius growing with its
     * distance from focus, |z - depth|, so every slice has both sharp and blurred regions.
     */
    public static ImageStack syntheticStack(int w, int h, int nF, boolean rgb, long seed) {
        float[] texture = ProceduralTexture.fractalNoise(w, h, seed, 64, 6);
        byte[][] levels = new byte[BLUR_LEVELS][];
        IntStream.range(0, BLUR_LEVELS).parallel().forEach(k -> levels[k] = boxBlurToBytes(texture, w, h, k));
        float[] depth = new float[w * h];
        IntStream.range(0, h).parallel().forEach(y -> {
            double v = (double) y / h;
            for (int x = 0; x < w; x++) {
                double u = (double) x / w;
                double d = 0.5 + 0.3 * (u - 0.5) + 0.3 * Math.sin(2 * Math.PI * 1.5 * u) * Math.cos(2 * Math.PI * v);
                depth[y * w + x] = (float) (Math.max(0, Math.min(1, d)) * (nF - 1));
            }
        });
        // Blur radius grows by one level per 'perLevel' slices out of focus.
        float perLevel = Math.max(0.5f, nF / 24f);
        Object[] slices = new Object[nF];
        IntStream.range(0, nF).parallel().forEach(z -> {
            int n = w * h;
            if (rgb) {
                int[] p = new int[n];
                for (int i = 0; i < n; i++) {
                    int v = levels[level(z, depth[i], perLevel)][i] & 0xff;
                    int r = v;
                    int g = 40 + (v * 3 >> 2);
                    int b = 255 - v;
                    p[i] = 0xff000000 | r << 16 | g << 8 | b;
                }
                slices[z] = p;
            } else {
                byte[] p = new byte[n];
                for (int i = 0; i < n; i++) {
                    p[i] = levels[level(z, depth[i], perLevel)][i];
                }
                slices[z] = p;
            }
        });
        ImageStack stack = new ImageStack(w, h);
        for (int z = 0; z < nF; z++) {
            stack.addSlice("z" + z, slices[z]);
        }
        return stack;
    }

    private static int level(int z, float depth, float perLevel) {
        return Math.min(BLUR_LEVELS - 1, (int) (Math.abs(z - depth) / perLevel + 0.5f));
    }

    /** Box blur of radius r (separable running sums, clamped edges), scaled to bytes 16..239. */
    private static byte[] boxBlurToBytes(float[] src, int w, int h, int r) {
        float[] tmp = new float[w * h];
        float norm = 1f / (2 * r + 1);
        for (int y = 0; y < h; y++) {
            int o = y * w;
            double s = 0;
            for (int i = -r; i <= r; i++) {
                s += src[o + clamp(i, w)];
            }
            for (int x = 0; x < w; x++) {
                tmp[o + x] = (float) (s * norm);
                s += src[o + clamp(x + r + 1, w)] - src[o + clamp(x - r, w)];
            }
        }
        byte[] out = new byte[w * h];
        for (int x = 0; x < w; x++) {
            double s = 0;
            for (int i = -r; i <= r; i++) {
                s += tmp[clamp(i, h) * w + x];
            }
            for (int y = 0; y < h; y++) {
                out[y * w + x] = (byte) Math.round(16 + 223 * s * norm);
                s += tmp[clamp(y + r + 1, h) * w + x] - tmp[clamp(y - r, h) * w + x];
            }
        }
        return out;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    // -------------------------------------------------------------------------------------------- report

    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        env.put("commit", System.getProperty("bench.commit", "unknown"));
        env.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("max_heap_speed_jvm", String.format(Locale.ROOT, "%.1f GB", Runtime.getRuntime().maxMemory() / 1e9));
        env.put("gc", gcNames());
        env.put("dff_parameters", DffParameters.defaults().withAllInFocus(AllInFocusMode.NONE).toString()
                + " threads=" + DffParameters.defaults().threads());
        return env;
    }

    private static void printEnvironment(Map<String, String> env) {
        env.forEach((k, v) -> log("%s: %s", k, v));
    }

    private String markdown(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Depth-from-focus benchmark").append(opt.quick
                ? " (--quick smoke run: sizes reduced, figures not meaningful)" : "")
                .append("\n\n");
        sb.append("Generated by `scripts/bench-dff").append(opt.quick ? " --quick" : "").append("`.");
        r.environment.forEach((k, v) -> sb.append(k.equals("date") ? "\n\n" : "").append(k.equals("date") ? "" : "; ")
                .append(k).append(": ").append(v));
        sb.append(".\n\n");
        if (!r.speed.isEmpty()) {
            sb.append("## Speed (median of ").append(opt.runs).append(" runs after one warm-up)\n\n");
            sb.append("Throughput counts width x height x slices (an RGB pixel counts once). Ratio = pass time / "
                    + "read+write time in the same run; goal <= ").append(fmt(SPEED_GOAL, 0))
                    .append(" with aif=none. The TIFFs live in the system temp folder, so both passes read from and "
                    + "write to the page cache. CPU s = process CPU time (all threads, GC and JIT included); on a "
                    + "shared machine its ratio is steadier than wall time.\n\n");
            sb.append("| case | stack | pass | median s | runs s | read / compute / write s (medians) "
                    + "| Mpx-slices/s | ratio | CPU s | CPU ratio |\n");
            sb.append("|---|---|---|---:|---|---|---:|---:|---:|---:|\n");
            for (SpeedRow s : r.speed) {
                speedLine(sb, s, "read + write TIFF (reference)", s.readWriteSeconds, s.readWriteRuns,
                        s.readWriteSplit, null, s.readWriteCpu, null);
                speedLine(sb, s, "read + DFF aif=none + write depth", s.dffNoneSeconds, s.dffNoneRuns,
                        s.dffNoneSplit, s.ratioNone, s.dffNoneCpu, s.cpuRatioNone);
                speedLine(sb, s, "read + DFF aif=weighted + write depth & AIF", s.dffWeightedSeconds,
                        s.dffWeightedRuns, s.dffWeightedSplit, s.ratioWeighted, s.dffWeightedCpu,
                        s.cpuRatioWeighted);
                speedLine(sb, s, "read + DFF aif=multiscale + write depth & AIF", s.dffMultiscaleSeconds,
                        s.dffMultiscaleRuns, s.dffMultiscaleSplit, s.ratioMultiscale, s.dffMultiscaleCpu,
                        s.cpuRatioMultiscale);
                speedLine(sb, s, "read + DFF aggregation=window aif=none + write depth", s.dffWindowSeconds,
                        s.dffWindowRuns, s.dffWindowSplit, s.ratioWindow, s.dffWindowCpu, s.cpuRatioWindow);
            }
            sb.append('\n');
            for (SpeedRow s : r.speed) {
                sb.append(String.format(Locale.ROOT, "- case (%s): ratio %.2f (aif=none) -> speed goal <= %.0f %s "
                        + "(CPU ratio %.2f)%n", s.caseId, s.ratioNone, SPEED_GOAL,
                        s.ratioNone <= SPEED_GOAL ? "MET" : "MISSED", s.cpuRatioNone));
                sb.append(String.format(Locale.ROOT, "- case (%s): the multi-scale composite adds %.2f x read+write "
                        + "(%.2f CPU) over aif=none; the weighted one %.2f (%.2f CPU)%n", s.caseId,
                        s.ratioMultiscale - s.ratioNone, s.cpuRatioMultiscale - s.cpuRatioNone,
                        s.ratioWeighted - s.ratioNone, s.cpuRatioWeighted - s.cpuRatioNone));
            }
            sb.append('\n');
        }
        if (!r.memory.isEmpty()) {
            MemoryRow first = r.memory.get(0);
            sb.append("## Memory: ").append(first.description).append("\n\n");
            sb.append(String.format(Locale.ROOT, "The stack is built directly as byte[] planes (%.0f MB) and wrapped "
                    + "without copying, in a JVM of max heap %.2f GB (%s). Just before `DepthFromFocus.estimate` a full GC "
                    + "gives the **baseline** (the stack as the JVM stores it) and every heap pool's peak is reset "
                    + "(`MemoryPoolMXBean.resetPeakUsage`). **peak** = sum of the heap pools' peak usage after "
                    + "estimate (an upper bound: pools may peak at different moments, and uncollected garbage "
                    + "counts); a thread sampling `MemoryMXBean` heap used every 1 ms gives a lower bound. "
                    + "**working set** = peak - baseline: what estimate holds beyond the stack. **stack + working "
                    + "set** divides (stack bytes + working set) by stack bytes, i.e. counts the stack at its own "
                    + "size. Goal: <= %.1f x stack bytes.%n%n", first.stackBytes / 1e6, first.maxHeapBytes / 1e9,
                    opt.memoryInProcess ? "this JVM" : "child JVM, -Xmx" + opt.memoryXmx, MEMORY_GOAL));
            sb.append("G1 (the default collector, and Fiji's) stores every array larger than half a heap region as a "
                    + "humongous object rounded up to whole regions: at -Xmx3g regions are 2 MB, so each 4 MB plane "
                    + "of a 2048 x 2048 stack (4 MB + 16 bytes of header) takes 6 MB and the stack alone occupies "
                    + "1.5 x its size before depth from focus allocates anything. -XX:+UseParallelGC shows the same "
                    + "run without that rounding.\n\n");
            sb.append("| collector | aif | stack MB | baseline MB (x stack) | peak MB (x stack) | sampled peak MB "
                    + "(x stack) | working set MB | stack + working set (x stack) | estimate s | goal (raw peak / "
                    + "stack + working set) |\n");
            sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (MemoryRow m : r.memory) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f (%.2f) | %.0f (**%.2f**) | %.0f (%.2f) "
                        + "| %.0f | **%.2f** | %.1f | %s / %s |%n", collector(m), m.allInFocus, m.stackBytes / 1e6,
                        m.baselineBytes / 1e6, m.ratioBaseline, m.peakPoolSumBytes / 1e6, m.ratioPoolPeak,
                        m.peakSampledBytes / 1e6, m.ratioSampledPeak, m.workingSetBytes / 1e6, m.ratioNet, m.seconds,
                        m.ratioPoolPeak <= MEMORY_GOAL ? "MET" : "MISSED", m.ratioNet <= MEMORY_GOAL ? "MET" : "MISSED"));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String collector(MemoryRow m) {
        String gc = m.gc.startsWith("G1") ? "G1" : m.gc.startsWith("PS") ? "Parallel" : m.gc;
        return gc + (m.jvmArgs.contains("-XX:+UseParallelGC") ? " (-XX:+UseParallelGC)" : " (default)");
    }

    private static void speedLine(StringBuilder sb, SpeedRow s, String pass, double sec, List<Double> runs,
            double[] split, Double ratio, double cpu, Double cpuRatio) {
        StringBuilder rs = new StringBuilder();
        for (double v : runs) {
            rs.append(rs.length() > 0 ? ", " : "").append(fmt(v, 3));
        }
        sb.append(String.format(Locale.ROOT, "| (%s) | %s | %s | %.3f | %s | %.2f / %.2f / %.2f | %.1f | %s | %.2f | %s |%n",
                s.caseId, s.description, pass, sec, rs, split[0], split[1], split[2], s.megapixelSlices / sec,
                ratio == null ? "1" : "**" + fmt(ratio, 2) + "**", cpu, cpuRatio == null ? "1" : Double.isFinite(cpuRatio) ? fmt(cpuRatio, 2) : "n/a"));
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, "[bench-dff] " + format, args));
    }

    private static Gson gson() {
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    // --------------------------------------------------------------------------------------------- model

    static final class Report {
        Map<String, String> environment;
        List<SpeedRow> speed = new ArrayList<>();
        List<MemoryRow> memory = new ArrayList<>();
    }

    static final class SpeedRow {
        String caseId;
        String description;
        int width;
        int height;
        int channels;
        int slices;
        double megapixelSlices;
        long tiffBytes;
        double readWriteSeconds;
        double dffNoneSeconds;
        double dffWeightedSeconds;
        double dffMultiscaleSeconds;
        double ratioMultiscale;
        double dffMultiscaleCpu;
        double cpuRatioMultiscale;
        List<Double> dffMultiscaleRuns;
        double[] dffMultiscaleSplit;
        double ratioNone;
        double ratioWeighted;
        /** Median process CPU seconds of each pass, and the DFF / read+write ratios of those. */
        double readWriteCpu;
        double dffNoneCpu;
        double dffWeightedCpu;
        double cpuRatioNone;
        double cpuRatioWeighted;
        List<Double> readWriteRuns;
        List<Double> dffNoneRuns;
        List<Double> dffWeightedRuns;
        /** Median read, compute and write seconds of each pass. */
        double[] readWriteSplit;
        double[] dffNoneSplit;
        double[] dffWeightedSplit;
        /** The same for the window aggregation (the default before guided aggregation), aif=none. */
        double dffWindowSeconds;
        double ratioWindow;
        double dffWindowCpu;
        double cpuRatioWindow;
        List<Double> dffWindowRuns;
        double[] dffWindowSplit;
    }

    static final class MemoryRow {
        String caseId;
        String description;
        String allInFocus;
        String gc;
        String jvmArgs;
        long stackBytes;
        long maxHeapBytes;
        long baselineBytes;
        long peakPoolSumBytes;
        long peakSampledBytes;
        long samples;
        long afterGcBytes;
        double ratioPoolPeak;
        double ratioSampledPeak;
        double ratioBaseline;
        /** Peak minus baseline: what estimate itself holds at its peak (its arrays plus uncollected garbage). */
        long workingSetBytes;
        /** (stack bytes + working set) / stack bytes: the peak with the stack counted at its own size. */
        double ratioNet;
        double seconds;
    }

    static final class Options {
        static final String USAGE = String.join("\n",
                "usage: scripts/bench-dff [--quick] [--only speed|memory] [--cases a,b] [--runs N] [--memory-xmx SIZE]",
                "                         [--memory-jvm-arg ARG]... [--no-gc-compare] [--memory-in-process]",
                "                         [--tmp DIR]",
                "                         [--report FILE] [--json FILE]",
                "  --quick              small sizes, for a smoke run",
                "  --only speed|memory  run only cases (a)+(b) or only case (c)",
                "  --cases a,b          which speed cases to run (default a,b)",
                "  --runs N             timed runs per pass after the warm-up (default 3; median reported)",
                "  --memory-xmx SIZE    -Xmx of the child JVM of case (c) (default 3g)",
                "  --memory-jvm-arg A   extra JVM option for that child (repeatable), e.g. -XX:+UseSerialGC",
                "  --no-gc-compare      run case (c) only with the default collector, not also -XX:+UseParallelGC",
                "  --memory-in-process  measure case (c) in this JVM instead of a child",
                "  --tmp DIR            put the temporary folder for the TIFFs of (a) and (b) in DIR (default: system temp)",
                "  --report FILE        markdown report (default target/bench-dff.md)",
                "  --json FILE          JSON figures (default target/bench-dff.json)");

        boolean quick;
        boolean help;
        boolean speed = true;
        boolean memory = true;
        boolean memoryInProcess;
        List<String> cases = List.of("a", "b");
        boolean gcCompare = true;
        int runs = 3;
        String memoryXmx = "3g";
        List<String> memoryJvmArgs = new ArrayList<>();
        Path tmp;
        Path report = Paths.get("target", "bench-dff.md");
        Path json = Paths.get("target", "bench-dff.json");
        Path childResult;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick":
                        o.quick = true;
                        break;
                    case "-h":
                    case "--help":
                        o.help = true;
                        break;
                    case "--only": {
                        String v = value(args, ++i, a);
                        o.speed = v.equals("speed");
                        o.memory = v.equals("memory");
                        if (!o.speed && !o.memory) {
                            throw new IllegalArgumentException("--only: expected speed or memory, got " + v);
                        }
                        break;
                    }
                    case "--cases":
                        o.cases = List.of(value(args, ++i, a).split(","));
                        break;
                    case "--runs":
                        o.runs = Integer.parseInt(value(args, ++i, a));
                        if (o.runs < 1) {
                            throw new IllegalArgumentException("--runs: expected at least 1");
                        }
                        break;
                    case "--memory-xmx":
                        o.memoryXmx = value(args, ++i, a);
                        break;
                    case "--memory-jvm-arg":
                        o.memoryJvmArgs.add(value(args, ++i, a));
                        break;
                    case "--no-gc-compare":
                        o.gcCompare = false;
                        break;
                    case "--memory-in-process":
                        o.memoryInProcess = true;
                        break;
                    case "--tmp":
                        o.tmp = Paths.get(value(args, ++i, a));
                        break;
                    case "--report":
                        o.report = Paths.get(value(args, ++i, a));
                        break;
                    case "--json":
                        o.json = Paths.get(value(args, ++i, a));
                        break;
                    case "--child-result":
                        o.childResult = Paths.get(value(args, ++i, a));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + ": missing value");
            }
            return args[i];
        }
    }
}
