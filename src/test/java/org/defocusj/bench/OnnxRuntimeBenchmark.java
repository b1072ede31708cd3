package org.defocusj.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;


import org.defocusj.fossa.FossaModel;
import org.defocusj.fossa.FossaRuntime;

/**
 * The same FOSSA network through DefocusJ's {@code --runtime torch} (libtorch fp32, DJL) and {@code --runtime onnx}
 * (ONNX Runtime fp32 on the ONNX export beside the TorchScript file, scripts/export_fossa_onnx.py: the shipped
 * FossaModel path), and optionally libtorch with int8 dynamic quantisation of the Linear layers, in one process on
 * one input. Runs are interleaved round by round, so that the machine's load (shared cores)
 * drifts over all runtimes alike; reports medians, ratios to libtorch fp32 and each output's largest difference
 * from libtorch fp32, relative to libtorch's largest |depth|.
 * With {@code --onnx-int8 true} (the default) also {@code --runtime onnx-int8} (ONNX Runtime on PT.int8.onnx,
 * scripts/export_fossa_onnx.py --int8).
 * {@code --int8-config K=V,...} adds the int8 export once more with those ONNX Runtime session entries.
 * Arguments: --torch PT [--int8 PT] [--onnx-int8 true|false] [--int8-config K=V,...] [--slices N] [--height H]
 * [--width W] [--runs R]; PT.onnx (and PT.int8.onnx) beside PT; threads
 * from -Dai.djl.pytorch.num_threads and -Ddefocusj.onnx.threads. Prints one JSON line.
 */
public final class OnnxRuntimeBenchmark {

    private OnnxRuntimeBenchmark() {
    }

    public static void main(String[] args) {
        String torch = null;
        String int8 = null;
        boolean onnxInt8 = true;
        String int8Config = null;
        int n = 5;
        int h = 518;
        int w = 777;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            String v = args[++i];
            switch (args[i - 1]) {
                case "--torch": torch = v; break;
                case "--int8": int8 = v; break;
                case "--onnx-int8": onnxInt8 = Boolean.parseBoolean(v); break;
                case "--int8-config": int8Config = v; break;
                case "--slices": n = Integer.parseInt(v); break;
                case "--height": h = Integer.parseInt(v); break;
                case "--width": w = Integer.parseInt(v); break;
                case "--runs": runs = Integer.parseInt(v); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i - 1]);
            }
        }
        float[] x = FossaBenchmark.randomStack(n, h, w);
        float[] fd = FossaBenchmark.focusDistances(n);
        final int fn = n;
        final int fh = h;
        final int fw = w;
        double loadBefore = loadAverage();
        try (FossaModel torchModel = FossaModel.load(torch, FossaRuntime.TORCH);
                FossaModel onnxModel = FossaModel.load(torch, FossaRuntime.ONNX);
                FossaModel onnxInt8Model = onnxInt8 ? FossaModel.load(torch, FossaRuntime.ONNX_INT8) : null;
                FossaModel int8Model = int8 == null ? null : FossaModel.load(int8, FossaRuntime.TORCH);
                FossaModel variant = int8Config == null ? null : loadWithConfig(torch, int8Config)) {
            List<String> names = new ArrayList<>(List.of("torch_fp32", "onnx_fp32"));
            List<Runner> runners = new ArrayList<>();
            runners.add(() -> torchModel.predict(x, fd, fn, fh, fw));
            runners.add(() -> onnxModel.predict(x, fd, fn, fh, fw));
            if (onnxInt8Model != null) {
                names.add("onnx_int8");
                runners.add(() -> onnxInt8Model.predict(x, fd, fn, fh, fw));
            }
            if (int8Model != null) {
                names.add("torch_int8");
                runners.add(() -> int8Model.predict(x, fd, fn, fh, fw));
            }
            if (variant != null) {
                names.add("onnx_int8 " + int8Config);
                runners.add(() -> variant.predict(x, fd, fn, fh, fw));
            }
            float[][] outputs = new float[runners.size()][];
            double[][] times = new double[runners.size()][runs];
            for (int k = 0; k < runners.size(); k++) {
                outputs[k] = runners.get(k).run(); // warm-up, and the output compared below
            }
            for (int r = 0; r < runs; r++) {
                for (int k = 0; k < runners.size(); k++) {
                    long t0 = System.nanoTime();
                    runners.get(k).run();
                    times[k][r] = (System.nanoTime() - t0) / 1e9;
                }
            }
            StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                    "{\"slices\": %d, \"height\": %d, \"width\": %d, \"torch_threads\": \"%s\", "
                            + "\"ort_threads\": \"%s\", \"cores\": %d, \"load_avg_before\": %.1f, \"load_avg\": %.1f",
                    n, h, w, System.getProperty("ai.djl.pytorch.num_threads", "default"),
                    System.getProperty("defocusj.onnx.threads", "default"), Runtime.getRuntime().availableProcessors(),
                    loadBefore, loadAverage()));
            double reference = median(times[0]);
            for (int k = 0; k < runners.size(); k++) {
                json.append(String.format(Locale.ROOT,
                        ", \"%s\": {\"median_s\": %.4f, \"runs\": %s, \"ratio_to_torch_fp32\": %.3f, "
                                + "\"max_rel_diff_to_torch_fp32\": %.3g}",
                        names.get(k), median(times[k]), Arrays.toString(times[k]), median(times[k]) / reference,
                        relativeDifference(outputs[k], outputs[0])));
            }
            json.append(String.format(Locale.ROOT, ", \"peak_rss_mb\": %.1f}", peakRss()));
            System.out.println(json);
        }
    }

    /** {@code --runtime onnx-int8} with ONNX Runtime session entries {@code config} (defocusj.onnx.config). */
    private static FossaModel loadWithConfig(String torch, String config) {
        String before = System.setProperty("defocusj.onnx.config", config);
        try {
            return FossaModel.load(torch, FossaRuntime.ONNX_INT8);
        } finally {
            if (before == null) {
                System.clearProperty("defocusj.onnx.config");
            } else {
                System.setProperty("defocusj.onnx.config", before);
            }
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private interface Runner {
        float[] run();
    }

    public static double relativeDifference(float[] a, float[] ref) {
        if (a.length != ref.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return worst / Math.max(scale, 1e-12);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static double peakRss() {
        try {
            return FossaBenchmark.peakRssMb();
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }
}
