package org.defocusj.fossa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.defocusj.BadInputException;

/**
 * An exported FOSSA network, run by libtorch (DJL) on its TorchScript file or by ONNX Runtime on the ONNX export
 * beside it ({@link FossaRuntime}), fully offline. Inputs are RGB in [0, 1] of shape (1, N, 3, H, W) and
 * canonical focus distances (1, N); the output is canonical depth (1, H, W). The metadata (configuration,
 * canonical convention) is always read from the TorchScript file. Safe to share between threads.
 */
public final class FossaModel implements AutoCloseable {

    /** Prefix of built-in models shipped inside the jar. */
    public static final String BUILTIN_PREFIX = "builtin:";
    /** The default model of {@code --method fossa}. */
    public static final String DEFAULT_MODEL = "builtin:tiny";

    private static final String BUILTIN_FOLDER = "/org/defocusj/fossa/builtin/";

    /** One engine's forward pass. */
    interface Runner extends AutoCloseable {
        /** The network's outputs for one stack: their count, the first one's shape and values (null if wrong). */
        Output run(float[] rgb, float[] focus, int n, int h, int w);

        @Override
        void close();
    }

    /** What a runner got: how many outputs, the first one's shape, its values when that is one H x W map. */
    static final class Output {
        final int count;
        final long[] shape;
        final float[] values;

        Output(int count, long[] shape, float[] values) {
            this.count = count;
            this.shape = shape;
            this.values = values;
        }
    }

    private final Runner runner;
    private final FossaRuntime runtime;
    private final FossaModelInfo info;
    private final String name;
    private final List<Path> extracted;

    private FossaModel(Runner runner, FossaRuntime runtime, FossaModelInfo info, String name, List<Path> extracted) {
        this.runner = runner;
        this.runtime = runtime;
        this.info = info;
        this.name = name;
        this.extracted = extracted;
    }

    /** Loads {@code builtin:NAME} from the jar, or a TorchScript file path, into libtorch. */
    public static FossaModel load(String spec) {
        return load(spec, FossaRuntime.TORCH);
    }

    /**
     * Loads {@code builtin:NAME} or a TorchScript file path into {@code runtime}; {@link FossaRuntime#ONNX} (and
     * {@link FossaRuntime#AUTO} when the file is there) runs the ONNX export beside it, {@link
     * FossaRuntime#ONNX_INT8} its int8 quantisation.
     */
    public static FossaModel load(String spec, FossaRuntime runtime) {
        List<Path> extracted = new ArrayList<>();
        try {
            Path file = spec.startsWith(BUILTIN_PREFIX) ? extractBuiltin(builtinName(spec), ".pt", extracted)
                    : Paths.get(spec);
            FossaModelInfo info = FossaModelInfo.parse(TorchScriptFiles.readMetadata(file), Paths.get(spec));
            FossaRuntime chosen = resolve(spec, runtime);
            Runner runner;
            if (chosen.onnxSuffix() != null) {
                Path onnx = spec.startsWith(BUILTIN_PREFIX)
                        ? extractBuiltin(builtinName(spec), chosen.onnxSuffix(), extracted)
                        : onnxFile(file, chosen);
                runner = OnnxRunner.open(onnx, file, spec, chosen);
            } else {
                runner = LibtorchRunner.open(file, spec);
            }
            return new FossaModel(runner, chosen, info, spec, extracted);
        } catch (RuntimeException e) {
            extracted.forEach(FossaModel::deleteQuietly);
            throw e;
        }
    }

    /**
     * The runtime {@code load(spec, requested)} uses: {@link FossaRuntime#AUTO} becomes the fastest export
     * beside the model (or built in): ONNX_INT8 when MODEL.int8.onnx is there (its held-out scores are within 2 %
     * of fp32's: README, FOSSA), else ONNX when MODEL.onnx is, else TORCH. Bad input (exit 2) when an ONNX
     * runtime is asked for and its file is not there, naming the file, the parameter and the command that writes
     * it. Reads no model.
     */
    public static FossaRuntime resolve(String spec, FossaRuntime requested) {
        if (requested == FossaRuntime.TORCH) {
            return requested;
        }
        if (requested == FossaRuntime.AUTO) {
            for (FossaRuntime r : new FossaRuntime[] {FossaRuntime.ONNX_INT8, FossaRuntime.ONNX}) {
                if (hasExport(spec, r)) {
                    return r;
                }
            }
            return FossaRuntime.TORCH;
        }
        if (hasExport(spec, requested)) {
            return requested;
        }
        boolean int8 = requested == FossaRuntime.ONNX_INT8;
        String where = spec.startsWith(BUILTIN_PREFIX)
                ? "the plugin jar has no " + (BUILTIN_FOLDER + builtinName(spec) + requested.onnxSuffix()).substring(1)
                : "no " + onnxFile(Paths.get(spec), requested);
        String fix = spec.startsWith(BUILTIN_PREFIX) && int8
                ? spec + " ships its fp32 ONNX export only, int8 not paying on so small a network (README, FOSSA); "
                        + "use --runtime onnx"
                : "write it with /usr/bin/python3 scripts/export_fossa_onnx.py " + spec + (int8 ? " --int8" : "")
                        + " --out " + (spec.startsWith(BUILTIN_PREFIX) ? "FILE" + requested.onnxSuffix()
                                : onnxFile(Paths.get(spec), requested).toString())
                        + ", or use --runtime " + (int8 ? "onnx" : "torch");
        throw BadInputException.forParameter(FossaSettings.RUNTIME.id(), requested.key() + " needs the model's "
                + (int8 ? "int8 " : "") + "ONNX export: " + where + " (" + fix + ")");
    }

    /** True when {@code spec} has the file of ONNX runtime {@code r} beside it (or in the jar, for a built-in). */
    private static boolean hasExport(String spec, FossaRuntime r) {
        return spec.startsWith(BUILTIN_PREFIX)
                ? FossaModel.class.getResource(BUILTIN_FOLDER + builtinName(spec) + r.onnxSuffix()) != null
                : Files.isRegularFile(onnxFile(Paths.get(spec), r));
    }

    /** The fp32 ONNX export that belongs to TorchScript file {@code model}: same folder, same name, {@code .onnx}. */
    public static Path onnxFile(Path model) {
        return onnxFile(model, FossaRuntime.ONNX);
    }

    /** The file {@code runtime} (an ONNX one) reads for TorchScript file {@code model}: same folder, same name. */
    public static Path onnxFile(Path model, FossaRuntime runtime) {
        String file = model.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? file.substring(0, dot) : file) + runtime.onnxSuffix());
    }

    /** Reads only the metadata of a model (no native code), for {@code defocusj model info}. */
    public static FossaModelInfo inspect(String spec) {
        if (spec.startsWith(BUILTIN_PREFIX)) {
            List<Path> tmp = new ArrayList<>();
            try {
                Path file = extractBuiltin(builtinName(spec), ".pt", tmp);
                return FossaModelInfo.parse(TorchScriptFiles.readMetadata(file), Paths.get(spec));
            } finally {
                tmp.forEach(FossaModel::deleteQuietly);
            }
        }
        Path file = Paths.get(spec);
        return FossaModelInfo.parse(TorchScriptFiles.readMetadata(file), file);
    }

    private static String builtinName(String spec) {
        String builtin = spec.substring(BUILTIN_PREFIX.length());
        if (!builtin.matches("[a-z0-9_-]+")) {
            throw BadInputException.forParameter("model", "unknown built-in model '" + builtin + "' (expected builtin:tiny)");
        }
        return builtin;
    }

    /** Copies built-in resource NAME+suffix to a temporary file (added to {@code extracted}). */
    private static Path extractBuiltin(String builtin, String suffix, List<Path> extracted) {
        String resource = BUILTIN_FOLDER + builtin + suffix;
        try (InputStream in = FossaModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw BadInputException.forParameter("model", "unknown built-in model 'builtin:" + builtin
                        + "' (expected builtin:tiny)");
            }
            Path tmp = Files.createTempFile("defocusj-" + builtin + "-", suffix);
            extracted.add(tmp);
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract built-in model " + builtin + ": " + e.getMessage(), e);
        }
    }

    public FossaModelInfo info() {
        return info;
    }

    /** The name the model was loaded by (a path or builtin:NAME). */
    public String name() {
        return name;
    }

    /** The engine running it: {@link FossaRuntime#TORCH}, {@link FossaRuntime#ONNX} or {@code ONNX_INT8}. */
    public FossaRuntime runtime() {
        return runtime;
    }

    /**
     * Runs the network.
     *
     * @param rgb   N x 3 x H x W values in [0, 1], row-major
     * @param focus N canonical focus distances
     * @return H x W canonical depth, row-major
     */
    public float[] predict(float[] rgb, float[] focus, int n, int h, int w) {
        if (rgb.length != (long) n * 3 * h * w || focus.length != n) {
            throw new IllegalArgumentException("input sizes do not match N=" + n + " H=" + h + " W=" + w);
        }
        Output out = runner.run(rgb, focus, n, h, w);
        if (out.count != 1) {
            throw new BadInputException(name + ": model returned " + out.count + " outputs for a stack of " + n
                    + " slices of " + w + " x " + h + " (expected one depth map of shape (1, " + h + ", " + w
                    + "); is it a FOSSA export?)");
        }
        if (out.values == null) {
            throw new BadInputException(name + ": model returned shape " + describe(out.shape) + " for a stack of "
                    + n + " slices of " + w + " x " + h + " (expected (1, " + h + ", " + w + ") float; is it a FOSSA "
                    + "export?)");
        }
        return out.values;
    }

    /**
     * True for one H x W map: (1, H, W) as exported, or with its leading unit dimensions dropped or doubled.
     * The element count alone would let a transposed (W, H) map through.
     */
    static boolean isDepthShape(long[] shape, int h, int w) {
        if (shape.length < 2 || shape[shape.length - 2] != h || shape[shape.length - 1] != w) {
            return false;
        }
        for (int i = 0; i < shape.length - 2; i++) {
            if (shape[i] != 1) {
                return false;
            }
        }
        return true;
    }

    private static String describe(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** Native arrays still held by libtorch for this model (weights included): constant across predictions. */
    int liveArrays() {
        return ((LibtorchRunner) runner).liveArrays();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        runner.close();
        extracted.forEach(FossaModel::deleteQuietly);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary copy of a built-in model; deleteOnExit covers it too
        }
    }
}
