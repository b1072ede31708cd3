package org.defocusj.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.defocusj.depth.DepthEstimator;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffParameters;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.EvaluationSet;
import org.defocusj.fossa.FossaEstimator;
import org.defocusj.fossa.FossaModel;
import org.defocusj.fossa.FossaRuntime;
import org.defocusj.io.Npy;
import org.defocusj.io.StackReader;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.DepthMap;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;

/**
 * Scores depth from focus and a FOSSA model on a `defocusj synth` folder, in one process: every scene's
 * stack.tif through both estimators (FOSSA with the scene's focal length in pixels from meta.json), evaluated
 * against depth.npy with FOSSA's metrics; prints a markdown table of the means of per-image figures.
 * Predictions are clipped to the evaluation range [0.01, 1000] m first (a network's ReLU can output 0,
 * which has no logarithm), the same for both methods.
 * Arguments: SYNTH_DIR [MODEL [RUNTIMES]] (default builtin:tiny; RUNTIMES: comma-separated {@code --runtime}
 * values, default torch), one FOSSA row per runtime, then each metric's relative change from the first runtime's
 * (how far another runtime, int8 say, moves the scores). Used by scripts/eval-fossa-synth.
 */
public final class SynthComparison {

    private SynthComparison() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Paths.get(args[0]);
        String model = args.length > 1 ? args[1] : FossaModel.DEFAULT_MODEL;
        List<FossaRuntime> runtimes = new ArrayList<>();
        for (String r : (args.length > 2 ? args[2] : FossaRuntime.TORCH.key()).split(",")) {
            FossaRuntime runtime = FossaRuntime.of(r.trim());
            if (runtime == null) {
                throw new IllegalArgumentException("unknown runtime " + r + " (expected " + Arrays.toString(
                        FossaRuntime.values()).toLowerCase(Locale.ROOT).replace('_', '-') + ")");
            }
            runtimes.add(runtime);
        }
        List<Path> scenes;
        try (Stream<Path> s = Files.list(root)) {
            scenes = s.filter(p -> Files.isRegularFile(p.resolve("meta.json"))).sorted().collect(Collectors.toList());
        }
        DepthEvaluator evaluator = DepthEvaluator.defaults();
        Map<String, EvaluationSet> sets = new LinkedHashMap<>();
        sets.put("dff", new EvaluationSet());
        List<FossaModel> networks = new ArrayList<>();
        long[] nanos = new long[1 + runtimes.size()];
        try {
            for (FossaRuntime r : runtimes) {
                networks.add(FossaModel.load(model, r));
                sets.put("fossa (" + networks.get(networks.size() - 1).runtime().key() + ")", new EvaluationSet());
            }
            List<String> names = new ArrayList<>(sets.keySet());
            for (Path scene : scenes) {
                JsonObject meta = JsonParser.parseString(
                        new String(Files.readAllBytes(scene.resolve("meta.json")), StandardCharsets.UTF_8)).getAsJsonObject();
                FocusStack stack = StackReader.read(scene.resolve("stack.tif"), FocusSource.auto(DistanceUnit.M))
                        .withFocalLength(FocalLength.ofPixels(meta.get("focal_length_px").getAsDouble()));
                Npy.Array gt = Npy.read(scene.resolve("depth.npy"));
                DepthMap truth = new DepthMap(scene.resolve("depth.npy").toString(), stack.width(), stack.height(),
                        gt.data());
                List<DepthEstimator> estimators = new ArrayList<>();
                estimators.add(new DepthFromFocus(DffParameters.defaults()));
                for (FossaModel network : networks) {
                    estimators.add(new FossaEstimator(network, null));
                }
                for (int k = 0; k < estimators.size(); k++) {
                    DepthEstimator e = estimators.get(k);
                    long t0 = System.nanoTime();
                    float[] depth = FloatMaps.data(e.estimate(stack, null).depth());
                    nanos[k] += System.nanoTime() - t0;
                    for (int i = 0; i < depth.length; i++) {
                        depth[i] = Math.max(0.01f, Math.min(1000f, depth[i]));
                    }
                    DepthMap pred = new DepthMap(e.name(), stack.width(), stack.height(), depth);
                    sets.get(names.get(k)).add(evaluator.evaluate(scene.getFileName().toString(), pred, truth, null));
                }
            }
        } finally {
            networks.forEach(FossaModel::close);
        }
        System.out.printf(Locale.ROOT, "%d scenes from %s; FOSSA model %s%n%n", scenes.size(), root, model);
        System.out.println("| method | abs_rel | sq_rel | rmse (m) | rmse_log | d1 | d2 | silog | F1 | time per stack |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        int k = 0;
        for (Map.Entry<String, EvaluationSet> e : sets.entrySet()) {
            org.defocusj.eval.DepthMetrics m = e.getValue().mean();
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.3f | %.3f | %.3f | %.3f | %.2f | %.3f | %.0f ms |%n",
                    e.getKey(), m.get("abs_rel"), m.get("sq_rel"), m.get("rmse"), m.get("rmse_log"), m.get("d1"),
                    m.get("d2"), m.get("silog"), m.get("F1"), nanos[k++] / 1e6 / Math.max(1, scenes.size()));
        }
        if (runtimes.size() > 1) {
            List<org.defocusj.eval.DepthMetrics> fossa = new ArrayList<>();
            sets.values().stream().skip(1).forEach(set -> fossa.add(set.mean()));
            String[] keys = {"abs_rel", "sq_rel", "rmse", "rmse_log", "d1", "d2", "silog", "F1"};
            System.out.printf(Locale.ROOT, "%nrelative change from %s (value / its value - 1)%n%n| runtime |",
                    new ArrayList<>(sets.keySet()).get(1));
            for (String key : keys) {
                System.out.print(" " + key + " |");
            }
            System.out.println("\n|---" + "|---".repeat(keys.length) + "|");
            for (int r = 1; r < fossa.size(); r++) {
                System.out.print("| " + new ArrayList<>(sets.keySet()).get(r + 1) + " |");
                for (String key : keys) {
                    System.out.printf(Locale.ROOT, " %+.2f %% |",
                            100 * (fossa.get(r).get(key) / fossa.get(0).get(key) - 1));
                }
                System.out.println();
            }
        }
    }
}
