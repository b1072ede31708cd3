package org.defocusj.fossa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.defocusj.BadInputException;

/**
 * {@link FossaRuntime#ONNX}: the ONNX export (scripts/export_fossa_onnx.py: slices, H and W dynamic) through ONNX
 * Runtime on the CPU, all graph optimisations on, one thread pool for the operators (as measured by
 * bench/OnnxRuntimeBenchmark). A session may be run from several threads at once.
 */
final class OnnxRunner implements FossaModel.Runner {

    /**
     * System property: ONNX Runtime's operator threads (default: its own choice, one per physical core), as
     * {@code ai.djl.pytorch.num_threads} is libtorch's.
     */
    static final String THREADS_PROPERTY = "defocusj.onnx.threads";

    /**
     * System property: extra ONNX Runtime session configuration entries, {@code key=value} separated by commas
     * (e.g. {@code session.intra_op.allow_spinning=0}), for measuring them (bench/OnnxRuntimeBenchmark).
     */
    static final String CONFIG_PROPERTY = "defocusj.onnx.config";

    /** ONNX metadata entry naming the SHA-256 (hex) of the TorchScript file the graph was exported from. */
    static final String TORCHSCRIPT_SHA256 = "defocusj.torchscript.sha256";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String name;

    private OnnxRunner(OrtEnvironment env, OrtSession session, String name) {
        this.env = env;
        this.session = session;
        this.name = name;
    }

    /**
     * Opens {@code onnx}, the export of TorchScript file {@code torchscript}: it must name that file's SHA-256
     * (metadata {@value #TORCHSCRIPT_SHA256}, written by scripts/fossa/onnx_export.py), so that an .onnx left
     * beside a re-exported or retrained .pt is refused instead of giving another network's depth. {@code runtime}
     * (ONNX or ONNX_INT8) names the export command in the messages.
     */
    static OnnxRunner open(Path onnx, Path torchscript, String name, FossaRuntime runtime) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            int threads = Integer.getInteger(THREADS_PROPERTY, 0);
            if (threads > 0) {
                opts.setIntraOpNumThreads(threads);
            }
            opts.setInterOpNumThreads(1);
            for (String entry : System.getProperty(CONFIG_PROPERTY, "").split(",")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    opts.addConfigEntry(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
                }
            }
            // The memory-pattern plan pays for fixed input shapes only (stacks come in any size) and held ViT-S's
            // peak RSS at 3.0 GB against 1.9 GB without it (5 x 518 x 777, README)
            opts.setMemoryPatternOptimization(false);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(onnx.toString(), opts);
            String problem = null;
            String recorded = session.getMetadata().getCustomMetadata().get(TORCHSCRIPT_SHA256);
            if (!session.getInputNames().contains("x") || !session.getInputNames().contains("fd")) {
                problem = "ONNX model has inputs " + session.getInputNames() + " (expected x and fd, as "
                        + "scripts/export_fossa_onnx.py writes them)";
            } else if (recorded == null) {
                problem = "no " + TORCHSCRIPT_SHA256 + " entry: not written by scripts/export_fossa_onnx.py (re-export "
                        + "it from " + torchscript.getFileName() + ")";
            } else if (!recorded.equalsIgnoreCase(sha256(torchscript))) {
                problem = "exported from another version of " + torchscript.getFileName() + " (its SHA-256 differs; "
                        + "re-export it: /usr/bin/python3 scripts/export_fossa_onnx.py " + name
                        + (runtime == FossaRuntime.ONNX_INT8 ? " --int8" : "") + ")";
            }
            if (problem != null) {
                session.close();
                throw BadInputException.forParameter(FossaSettings.RUNTIME.id(), onnx + ": " + problem);
            }
            return new OnnxRunner(env, session, name);
        } catch (OrtException e) {
            throw new BadInputException(onnx + ": ONNX Runtime could not load the model ("
                    + FossaModel.firstLine(e.getMessage()) + "; expected an export by scripts/export_fossa_onnx.py)", e);
        }
    }

    @Override
    public FossaModel.Output run(float[] rgb, float[] focus, int n, int h, int w) {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(rgb), new long[] {1, n, 3, h, w});
                OnnxTensor fd = OnnxTensor.createTensor(env, FloatBuffer.wrap(focus), new long[] {1, n});
                OrtSession.Result out = session.run(Map.of("x", x, "fd", fd))) {
            if (out.size() != 1) {
                return new FossaModel.Output(out.size(), null, null);
            }
            OnnxValue value = out.get(0);
            if (!(value instanceof OnnxTensor)) {
                return new FossaModel.Output(1, new long[0], null);
            }
            OnnxTensor depth = (OnnxTensor) value;
            long[] shape = depth.getInfo().getShape();
            if (!FossaModel.isDepthShape(shape, h, w) || depth.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                return new FossaModel.Output(1, shape, null);
            }
            FloatBuffer b = depth.getFloatBuffer();
            float[] values = new float[b.remaining()];
            b.get(values);
            return new FossaModel.Output(1, shape, values);
        } catch (OrtException e) {
            throw new IllegalStateException(name + ": inference failed: " + FossaModel.firstLine(e.getMessage()), e);
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                d.update(buf, 0, n);
            }
            StringBuilder hex = new StringBuilder();
            for (byte b : d.digest()) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the model file (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(name + ": closing the ONNX Runtime session failed: " + e.getMessage(), e);
        }
    }
}
