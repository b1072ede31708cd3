package org.defocusj.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import org.defocusj.cli.Main;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.DepthMetrics;
import org.defocusj.eval.EvaluationSet;
import org.defocusj.synth.ShotDegradation;
import org.defocusj.synth.SynthDataset;

/**
 * The real-like benchmark: rendered scenes with exact depth, each also degraded as a real shot is (breathing
 * off the optical axis, jitter, rotation, exposure drift, noise, JPEG; seeded, parameters printed), every
 * scene depth-estimated clean and degraded by the command line under each configuration (a set of
 * {@code depth} flags), scored against the exact depth. Pixels a configuration leaves NaN (outside the region
 * every aligned slice covers) are left out of its scores, as {@code evaluate} does. Writes a markdown table.
 *
 * <pre>
 * RealLikeEval [--scenes N] [--size S] [--seed K] [--work DIR] [--out FILE] [--only KIND,...]
 *              [--config "NAME=FLAGS"]...
 * </pre>
 * Default configurations: {@code align-off=--align off} and {@code default=} (no flags). {@code --only} keeps
 * only the named degradations ({@link ShotDegradation#KINDS}), to see which costs what; the degraded stacks
 * are then written as {@code degraded-KIND-...tif}.
 */
public final class RealLikeEval {

    static final String FOCUS = "0.8,1.0,1.2,1.45,1.7,2.0,2.4,3.0,3.8,4.7,6.0,8.0";

    private RealLikeEval() {
    }

    public static void main(String[] args) throws IOException {
        int scenes = 6;
        int size = 320;
        long seed = 2026;
        Path work = Paths.get("target/eval-real-like");
        Path out = Paths.get("target/eval-real-like.md");
        Map<String, String> configs = new LinkedHashMap<>();
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scenes": scenes = Integer.parseInt(args[++i]); break;
                case "--size": size = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                case "--work": work = Paths.get(args[++i]); break;
                case "--out": out = Paths.get(args[++i]); break;
                case "--only": only = List.of(args[++i].split(",")); break;
                case "--config": {
                    String c = args[++i];
                    int eq = c.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--config expects NAME=FLAGS, got " + c);
                    }
                    configs.put(c.substring(0, eq), c.substring(eq + 1).trim());
                    break;
                }
                default:
                    throw new IllegalArgumentException("unknown argument " + args[i] + " (expected --scenes, "
                            + "--size, --seed, --work, --out, --only KIND,..., --config NAME=FLAGS)");
            }
        }
        if (configs.isEmpty()) {
            configs.put("align-off", "--align off");
            configs.put("default", "");
        }
        // A crop of a 640-pixel-wide full-frame image, as scripts/eval-dff-synth renders.
        String sensor = String.format(Locale.ROOT, "%.4f", 36.0 * size / 640);
        Path data = work.resolve("data");
        cli("synth", "--scenes", String.valueOf(scenes), "--size", String.valueOf(size), "--seed",
                String.valueOf(seed), "--psf", "power-exp", "--p", "8", "--fnumber", "2.8", "--focal-length-mm", "50",
                "--sensor-width-mm", sensor, "--focus-sampling", FOCUS, "--out", data.toString(), "--quiet");
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "# Real-like benchmark: %d scenes, %d x %d, %d slices (%s m), seed %d",
                scenes, size, size, FOCUS.split(",").length, FOCUS, seed));
        report.add("");
        String degradedKind = only == null ? "degraded" : "degraded-" + String.join("-", only);
        report.add("Degradations (one seed per scene)" + (only == null ? "" : ", only " + String.join(", ", only))
                + ":");
        report.add("");
        for (int i = 0; i < scenes; i++) {
            Path scene = data.resolve(SynthDataset.sceneName(i));
            ShotDegradation d = new ShotDegradation(seed + i);
            if (only != null) {
                d.only(only);
            }
            report.add("- " + scene.getFileName() + ": " + d.describe());
            Path degraded = scene.resolve(degradedKind + ".tif");
            if (!Files.isRegularFile(degraded)) {
                ImagePlus clean = IJ.openImage(scene.resolve("stack.tif").toString());
                if (!new FileSaver(d.apply(clean)).saveAsTiffStack(degraded.toString())) {
                    throw new IOException("cannot write " + degraded);
                }
                Files.copy(scene.resolve("stack.focus.txt"), scene.resolve(degradedKind + ".focus.txt"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        report.add("");
        report.add("| configuration | flags | stack | abs_rel | rmse (m) | d1 | boundary F1 | valid px | s per stack |");
        report.add("|---|---|---|---|---|---|---|---|---|");
        DepthEvaluator evaluator = DepthEvaluator.from(org.defocusj.param.ParameterValues.DEFAULTS
                .with(DepthEvaluator.IGNORE_INVALID_PRED, true));
        for (Map.Entry<String, String> c : configs.entrySet()) {
            for (String kind : new String[] {"stack", degradedKind}) {
                EvaluationSet set = new EvaluationSet();
                long nanos = 0;
                double valid = 0;
                Path predDir = work.resolve("pred").resolve(c.getKey()).resolve(kind);
                Files.createDirectories(predDir);
                for (int i = 0; i < scenes; i++) {
                    Path scene = data.resolve(SynthDataset.sceneName(i));
                    Path pred = predDir.resolve(scene.getFileName() + ".tif");
                    List<String> a = new ArrayList<>(List.of("depth", scene.resolve(kind + ".tif").toString(),
                            "-o", pred.toString(), "--quiet"));
                    if (!c.getValue().isEmpty()) {
                        a.addAll(List.of(c.getValue().split("\\s+")));
                    }
                    long t0 = System.nanoTime();
                    cli(a.toArray(new String[0]));
                    nanos += System.nanoTime() - t0;
                    set.add(evaluator.evaluate(scene.getFileName().toString(), pred, scene.resolve("depth.npy"),
                            null));
                }
                DepthMetrics m = set.mean();
                for (org.defocusj.eval.ImageEvaluation e : set.images()) {
                    valid += e.metrics().validPixels();
                }
                report.add(String.format(Locale.ROOT, "| %s | `%s` | %s | %.4f | %.3f | %.3f | %.3f | %.1f %% | %.2f |",
                        c.getKey(), c.getValue(), kind.equals("stack") ? "clean" : "degraded", m.get("abs_rel"),
                        m.get("rmse"), m.get("d1"), m.get("F1"), 100 * valid / scenes / ((double) size * size),
                        nanos / 1e9 / scenes));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, (String.join("\n", report) + "\n").getBytes(StandardCharsets.UTF_8));
        report.forEach(System.out::println);
        System.out.println("wrote " + out);
    }

    private static void cli(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        if (code != 0) {
            throw new IllegalStateException("defocusj " + String.join(" ", args) + " exited " + code + ": " + err);
        }
        String e = err.toString();
        if (e.contains("warning")) {
            System.err.print(e);
        }
    }
}
