package org.defocusj.psf;

import java.util.List;
import java.util.Objects;

import org.defocusj.BadInputException;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * The renderer parameters shared by every front end that renders focus stacks ({@code simulate}, {@code synth},
 * Fiji's Simulate Focus Stack): {@code renderer}, {@code kernel-size} and {@code layers}. They are checked here,
 * once, and {@link #renderer} is the one place that builds a {@link DefocusRenderer} from them.
 */
public final class RendererSettings {

    /** FOSSA's kernel size. */
    public static final int DEFAULT_KERNEL_SIZE = 15;
    public static final int DEFAULT_LAYERS = 24;
    /** FOSSA's gather renderer with its 15 x 15 kernel. */
    public static final RendererSettings DEFAULT = new RendererSettings(RendererKind.GATHER, DEFAULT_KERNEL_SIZE,
            DEFAULT_LAYERS);

    public static final ParameterSpec<Integer> KERNEL_SIZE = ParameterSpec.integer("kernel-size", "Kernel size",
            DEFAULT_KERNEL_SIZE).range(3, 255).step(2).placeholder("K")
            .help("Odd PSF support in pixels (K x K), at least 3 (FOSSA's: 15)");
    public static final ParameterSpec<String> RENDERER = ParameterSpec.choice("renderer", "Renderer", RendererKind.GATHER)
            .help("gather (FOSSA's: each pixel averages neighbours weighted by their own PSF) or layered "
                    + "(occlusion-aware back-to-front compositing of depth layers)");
    public static final ParameterSpec<Integer> LAYERS = ParameterSpec.integer("layers", "Layers", DEFAULT_LAYERS)
            .range(1, 4096).help("Depth layers of the layered renderer");

    /** The renderer's parameters, in the order front ends show them. */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(KERNEL_SIZE, RENDERER, LAYERS);

    private final RendererKind kind;
    private final int kernelSize;
    private final int layers;

    /**
     * @param kernelSize odd PSF support K (K x K pixels), at least 3
     * @param layers     depth layers of the layered renderer, at least 1 (kept, and checked, for gather too)
     */
    public RendererSettings(RendererKind kind, int kernelSize, int layers) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (kernelSize < 3 || kernelSize % 2 == 0) {
            throw BadInputException.forParameter(KERNEL_SIZE.id(), "expected an odd number of at least 3, got "
                    + kernelSize);
        }
        if (layers < 1) {
            throw BadInputException.forParameter(LAYERS.id(), "expected at least 1, got " + layers);
        }
        this.kernelSize = kernelSize;
        this.layers = layers;
    }

    /** Settings from a front end's values: {@code renderer} as typed ({@link RendererKind#parse}). */
    public static RendererSettings parse(String renderer, int kernelSize, int layers) {
        return new RendererSettings(RendererKind.parse(renderer), kernelSize, layers);
    }

    /** Settings from harvested values; absent parameters take their declared defaults. */
    public static RendererSettings from(ParameterValues v) {
        return parse(v.get(RENDERER), v.get(KERNEL_SIZE), v.get(LAYERS));
    }

    public RendererKind kind() {
        return kind;
    }

    public boolean layered() {
        return kind == RendererKind.LAYERED;
    }

    public int kernelSize() {
        return kernelSize;
    }

    /** Depth layers; only the layered renderer uses them. */
    public int layers() {
        return layers;
    }

    /** The renderer these settings describe, for {@code psf} on {@code threads} threads. */
    public DefocusRenderer renderer(Psf psf, int threads) {
        switch (kind) {
            case LAYERED:
                return new LayeredRenderer(psf, kernelSize, layers, threads);
            case GATHER:
            default:
                return new GatherRenderer(psf, kernelSize, threads);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RendererSettings)) {
            return false;
        }
        RendererSettings r = (RendererSettings) o;
        return kind == r.kind && kernelSize == r.kernelSize && layers == r.layers;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, kernelSize, layers);
    }

    @Override
    public String toString() {
        return "renderer=" + kind.key() + (layered() ? " layers=" + layers : "") + " kernel=" + kernelSize;
    }
}
