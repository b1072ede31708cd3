package org.defocusj.fossa;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

import org.defocusj.BadInputException;

/**
 * {@link FossaRuntime#TORCH}: the TorchScript file through DJL's PyTorch engine, fully offline. Each thread gets
 * its own DJL predictor, and every call frees its native tensors before returning.
 */
final class LibtorchRunner implements FossaModel.Runner {

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
    private final String name;
    private final Map<Thread, Predictor<NDList, NDList>> predictors = new ConcurrentHashMap<>();
    private final ThreadLocal<Boolean> optimizerOff = new ThreadLocal<>();

    private LibtorchRunner(ZooModel<NDList, NDList> model, String name) {
        this.model = model;
        this.name = name;
    }

    static LibtorchRunner open(Path file, String name) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // DJL finds its engine through ServiceLoader on the context class loader; inside Fiji that is not
        // the plugin's loader, so point it at ours while loading.
        thread.setContextClassLoader(LibtorchRunner.class.getClassLoader());
        try {
            Criteria<NDList, NDList> criteria = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optEngine("PyTorch")
                    .optModelPath(file.toAbsolutePath())
                    .optTranslator(new NoopTranslator())
                    .optOption("mapLocation", "true")
                    .build();
            return new LibtorchRunner(criteria.loadModel(), name);
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new BadInputException(name + ": libtorch could not load the TorchScript model (" + e.getMessage() + ")",
                    e);
        } catch (ai.djl.engine.EngineException e) {
            throw new BadInputException(name + ": libtorch rejected the model (" + FossaModel.firstLine(e.getMessage())
                    + ")", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public FossaModel.Output run(float[] rgb, float[] focus, int n, int h, int w) {
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
            try {
                if (out.size() != 1) {
                    return new FossaModel.Output(out.size(), null, null);
                }
                NDArray depth = out.get(0);
                long[] shape = depth.getShape().getShape();
                return new FossaModel.Output(1, shape, FossaModel.isDepthShape(shape, h, w)
                        ? depth.toType(DataType.FLOAT32, false).toFloatArray() : null);
            } finally {
                out.close();
            }
        } catch (TranslateException e) {
            throw new IllegalStateException(name + ": inference failed: " + FossaModel.firstLine(e.getMessage()), e);
        }
    }

    /** Native arrays still held by the model's manager (weights included): constant across predictions. */
    int liveArrays() {
        return model.getNDManager().getManagedArrays().size();
    }

    @Override
    public void close() {
        predictors.values().forEach(Predictor::close);
        predictors.clear();
        model.close();
    }
}
