package org.defocusj.fossa;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthSettings;
import org.defocusj.dff.DffParameters;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * Settings of FOSSA: the model, and the depth-from-focus settings of the confidence and all-in-focus maps that
 * run alongside (FOSSA makes neither); no companions when neither map is wanted.
 */
public final class FossaSettings implements DepthSettings {

    private static final long serialVersionUID = 1L;

    public static final ParameterSpec<String> MODEL = ParameterSpec.text("model", "Model", FossaModel.DEFAULT_MODEL)
            .placeholder("builtin:tiny|FILE.pt")
            .help("FOSSA model: builtin:tiny (shipped in the jar), or a TorchScript file exported by "
                    + "scripts/export_fossa.py");

    public static final ParameterSpec<String> RUNTIME = ParameterSpec.choice("runtime", "Runtime",
            FossaRuntime.AUTO)
            .help("engine for the network: torch (libtorch on the TorchScript file), onnx (ONNX Runtime on the "
                    + "ONNX export beside it, MODEL.onnx next to MODEL.pt: scripts/export_fossa_onnx.py), onnx-int8 "
                    + "(ONNX Runtime on its int8 quantisation, MODEL.int8.onnx: scripts/export_fossa_onnx.py "
                    + "--int8), or auto (the fastest of these files beside the model: onnx-int8, else onnx, else torch)");

    /** FOSSA's own parameters; its companion maps read depth from focus's ({@link DffParameters#PARAMETERS}). */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(MODEL, RUNTIME);

    private final String model;
    private final FossaRuntime runtime;
    private final DffParameters companions;
    private final boolean makeCompanions;

    private FossaSettings(String model, FossaRuntime runtime, DffParameters companions, boolean makeCompanions) {
        this.model = model;
        this.runtime = Objects.requireNonNull(runtime);
        this.companions = Objects.requireNonNull(companions);
        this.makeCompanions = makeCompanions;
    }

    /**
     * Settings from harvested values. A model file is kept as an absolute path: workers of a distributed
     * engine start elsewhere.
     */
    public static FossaSettings from(ParameterValues v) {
        return of(v.get(MODEL), FossaRuntime.of(v.get(RUNTIME)), DffParameters.from(v));
    }

    public static FossaSettings of(String model, DffParameters companions) {
        return of(model, FossaRuntime.AUTO, companions);
    }

    public static FossaSettings of(String model, FossaRuntime runtime, DffParameters companions) {
        String m = model == null ? "" : model.trim();
        if (m.isEmpty()) {
            throw BadInputException.forParameter(MODEL.id(), "empty (expected builtin:tiny or the path of an exported "
                    + "TorchScript file)");
        }
        if (!m.startsWith(FossaModel.BUILTIN_PREFIX)) {
            m = Path.of(m).toAbsolutePath().toString();
        }
        return new FossaSettings(m, runtime, companions, true);
    }

    /** The model name ({@code builtin:...}) or absolute file. */
    public String model() {
        return model;
    }

    /** The companions' settings, or null when no companion map is made. */
    public DffParameters companions() {
        return makeCompanions ? companions : null;
    }

    /** The runtime asked for ({@link FossaRuntime#AUTO} is resolved when the model is opened). */
    public FossaRuntime runtime() {
        return runtime;
    }

    @Override
    public Map<String, Path> inputFiles() {
        if (model.startsWith(FossaModel.BUILTIN_PREFIX)) {
            return Map.of();
        }
        Path file = Path.of(model);
        // an ONNX export is read too: with onnx or onnx-int8, and with auto the one it finds beside the model
        FossaRuntime reads = runtime == FossaRuntime.AUTO ? FossaModel.resolve(model, runtime) : runtime;
        return reads == FossaRuntime.TORCH ? Map.of(MODEL.id(), file)
                : Map.of(MODEL.id(), file, RUNTIME.id(), FossaModel.onnxFile(file, reads));
    }

    @Override
    public FossaSettings withThreads(int threads) {
        return new FossaSettings(model, runtime, companions.withThreads(threads), makeCompanions);
    }

    @Override
    public FossaSettings withOutputs(boolean confidence, boolean allInFocus) {
        return new FossaSettings(model, runtime, companions.withOutputs(confidence, allInFocus), confidence || allInFocus);
    }

    @Override
    public String toString() {
        return "model=" + model + " runtime=" + runtime.key() + (makeCompanions ? " companions: " + companions : "");
    }
}
