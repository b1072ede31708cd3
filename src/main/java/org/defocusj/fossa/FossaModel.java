package org.defocusj.fossa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

import org.defocusj.BadInputException;

/**
 * An exported FOSSA network loaded through DJL's PyTorch engine, fully offline. Inputs are RGB in [0, 1]
 * of shape (1, N, 3, H, W) and canonical focus distances (1, N); the output is canonical depth (1, H, W).
 * Safe to share between threads: each thread gets its own DJL predictor, and every call frees its native
 * tensors before returning.
 */
public final class FossaModel implements AutoCloseable {

    /** Prefix of built-in models shipped inside the jar. */
    public static final String BUILTIN_PREFIX = "builtin:";
    /** The default model of {@code --method fossa}. */
    public static final String DEFAULT_MODEL = "builtin:tiny";

    static {
        // Never download anything at run time, and do not let libtorch's profiling graph executor
        // re-optimise (slowly) for every new input size. Users may still override both explicitly.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
            System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        }
    }

    private final ZooModel<NDList, NDList> model;
    private final FossaModelInfo info;
    private final String name;
    private final Path extracted;
    private final Map<Thread, Predictor<NDList, NDList>> predictors = new ConcurrentHashMap<>();
    private final ThreadLocal<Boolean> optimizerOff = new ThreadLocal<>();

    private FossaModel(ZooModel<NDList, NDList> model, FossaModelInfo info, String name, Path extracted) {
        this.model = model;
        this.info = info;
        this.name = name;
        this.extracted = extracted;
    }

    /** Loads {@code builtin:NAME} from the jar, or a TorchScript file path. */
    public static FossaModel load(String spec) {
        if (spec.startsWith(BUILTIN_PREFIX)) {
            String builtin = spec.substring(BUILTIN_PREFIX.length());
            Path tmp = extractBuiltin(builtin);
            try {
                return load(tmp, spec, tmp);
            } catch (RuntimeException e) {
                deleteQuietly(tmp);
                throw e;
            }
        }
        Path file = Paths.get(spec);
        return load(file, file.toString(), null);
    }

    /** Reads only the metadata of a model (no native code), for {@code defocusj model info}. */
    public static FossaModelInfo inspect(String spec) {
        if (spec.startsWith(BUILTIN_PREFIX)) {
            Path tmp = extractBuiltin(spec.substring(BUILTIN_PREFIX.length()));
            try {
                return FossaModelInfo.parse(TorchScriptFiles.readMetadata(tmp), Paths.get(spec));
            } finally {
                deleteQuietly(tmp);
            }
        }
        Path file = Paths.get(spec);
        return FossaModelInfo.parse(TorchScriptFiles.readMetadata(file), file);
    }

    private static FossaModel load(Path file, String name, Path extracted) {
        FossaModelInfo info = FossaModelInfo.parse(TorchScriptFiles.readMetadata(file), Paths.get(name));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // DJL finds its engine through ServiceLoader on the context class loader; inside Fiji that is not
        // the plugin's loader, so point it at ours while loading.
        thread.setContextClassLoader(FossaModel.class.getClassLoader());
        try {
            Criteria<NDList, NDList> criteria = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optEngine("PyTorch")
                    .optModelPath(file.toAbsolutePath())
                    .optTranslator(new NoopTranslator())
                    .optOption("mapLocation", "true")
                    .build();
            ZooModel<NDList, NDList> zoo = criteria.loadModel();
            return new FossaModel(zoo, info, name, extracted);
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new BadInputException(name + ": libtorch could not load the TorchScript model (" + e.getMessage() + ")",
                    e);
        } catch (ai.djl.engine.EngineException e) {
            throw new BadInputException(name + ": libtorch rejected the model (" + firstLine(e.getMessage()) + ")", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Path extractBuiltin(String builtin) {
        if (!builtin.matches("[a-z0-9_-]+")) {
            throw BadInputException.forParameter("model", "unknown built-in model '" + builtin + "' (expected builtin:tiny)");
        }
        String resource = "/org/defocusj/fossa/builtin/" + builtin + ".pt";
        try (InputStream in = FossaModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw BadInputException.forParameter("model", "unknown built-in model 'builtin:" + builtin
                        + "' (expected builtin:tiny)");
            }
            Path tmp = Files.createTempFile("defocusj-" + builtin + "-", ".pt");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            tmp.toFile().deleteOnExit();
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
        if (optimizerOff.get() == null) {
            // The graph-executor switch is thread-local in libtorch.
            JniUtils.setGraphExecutorOptimize(false);
            optimizerOff.set(Boolean.TRUE);
        }
        Predictor<NDList, NDList> predictor = predictors.computeIfAbsent(Thread.currentThread(),
                t -> model.newPredictor());
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(rgb, new Shape(1, n, 3, h, w));
            NDArray fd = manager.create(focus, new Shape(1, n));
            NDList out = predictor.predict(new NDList(x, fd));
            if (out.size() != 1) {
                throw new BadInputException(name + ": model returned " + out.size() + " outputs for a stack of " + n
                        + " slices of " + w + " x " + h + " (expected one depth map of shape (1, " + h + ", " + w
                        + "); is it a FOSSA export?)");
            }
            NDArray depth = out.get(0);
            long[] shape = depth.getShape().getShape();
            if (!isDepthShape(shape, h, w)) {
                throw new BadInputException(name + ": model returned shape " + describe(shape) + " for a stack of "
                        + n + " slices of " + w + " x " + h + " (expected (1, " + h + ", " + w + "); is it a FOSSA "
                        + "export?)");
            }
            float[] result = depth.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            out.close();
            return result;
        } catch (TranslateException e) {
            throw new IllegalStateException(name + ": inference failed: " + firstLine(e.getMessage()), e);
        }
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

    /** Native arrays still held by this model's manager (weights included): constant across predictions. */
    int liveArrays() {
        return model.getNDManager().getManagedArrays().size();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        predictors.values().forEach(Predictor::close);
        predictors.clear();
        model.close();
        if (extracted != null) {
            deleteQuietly(extracted);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary copy of a built-in model; deleteOnExit covers it too
        }
    }
}
