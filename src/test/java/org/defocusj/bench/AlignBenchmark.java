package org.defocusj.bench;

import java.io.IOException;
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
import org.defocusj.synth.ShotDegradation;

/**
 * What alignment costs, as ratios to one plain read + write of the same TIFF stack measured in the same run:
 * read + depth from focus (weighted all-in-focus) + write with {@code --align off} and with the default
 * ({@code auto}), on a synthetic RGB stack degraded by breathing, jitter and rotation (so that alignment warps).
 * Arguments: [WIDTH HEIGHT SLICES [RUNS]] (default 2048 1536 12 3; the case is 4000 3000 20). Writes
 * target/bench-align.md. Run by scripts/bench-align.
 */
public final class AlignBenchmark {

    private AlignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int w = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 1536;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path dir = Paths.get("target/bench-align");
        Files.createDirectories(dir);
        Path input = dir.resolve("stack-" + w + "x" + h + "x" + n + ".tif");
        if (!Files.isRegularFile(input)) {
            ShotDegradation d = new ShotDegradation(1).noise(1).jpeg(0);
            ImagePlus clean = new ImagePlus("bench", DffBenchmark.syntheticStack(w, h, n, true, 77));
            ImagePlus shot = d.apply(clean);
            System.err.println("degradation: " + d.describe());
            if (!new FileSaver(shot).saveAsTiffStack(input.toString())) {
                throw new IOException("cannot write " + input);
            }
        }
        Path out = dir.resolve("out.tif");
        DffParameters dff = DffParameters.defaults().withAllInFocus(AllInFocusMode.WEIGHTED);
        MethodSetup off = MethodSetup.of(new DffMethod(), dff).withAlign(AlignSettings.OFF);
        MethodSetup auto = MethodSetup.of(new DffMethod(), dff).withAlign(AlignSettings.DEFAULTS);
        MethodSetup alignOnly = MethodSetup.of(new DffMethod(), dff)
                .withAlign(new AlignSettings(AlignModel.SIMILARITY, false));
        String[] names = {"read + write", "read + dff + write (align off)", "read + align + dff + write (auto)"};
        double[][] t = new double[3][runs];
        for (int r = 0; r < runs; r++) {
            t[0][r] = time(() -> TiffWriter.write(StackReader.openImage(input), out));
            t[1][r] = time(() -> depth(input, off, out));
            t[2][r] = time(() -> depth(input, auto, out));
            System.err.printf(Locale.ROOT, "run %d: %.2f s, %.2f s, %.2f s%n", r + 1, t[0][r], t[1][r], t[2][r]);
        }
        double alignAlone = time(() -> {
            FocusStack s = StackReader.read(input, FocusSource.index());
            new org.defocusj.align.StackAligner(alignOnly.align().model(), Runtime.getRuntime().availableProcessors())
                    .estimate(s, null);
        });
        double ref = median(t[0]);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "RGB %d x %d x %d, %d processors, median of %d (the first run, "
                + "the warm-up, counts)", w, h, n, runs, Runtime.getRuntime().availableProcessors()));
        lines.add("");
        lines.add("| pass | seconds | ratio to read + write |");
        lines.add("|---|---|---|");
        for (int i = 0; i < 3; i++) {
            lines.add(String.format(Locale.ROOT, "| %s | %.2f | %.2f |", names[i], median(t[i]), median(t[i]) / ref));
        }
        lines.add(String.format(Locale.ROOT, "| read + estimate the transforms only | %.2f | %.2f |", alignAlone,
                alignAlone / ref));
        Files.write(Paths.get("target/bench-align.md"), (String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        lines.forEach(System.out::println);
        Files.deleteIfExists(out);
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
