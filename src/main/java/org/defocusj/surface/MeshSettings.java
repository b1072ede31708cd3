package org.defocusj.surface;

import java.nio.file.Path;
import java.util.List;

import org.defocusj.BadInputException;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * How a height field becomes a triangle mesh ({@link MeshExport}), and the declaration of the mesh parameters.
 * {@link #MESH} (the output, whose extension picks the format) and {@link #TEXTURE} (the all-in-focus image that
 * colours meshes and views) are files the front ends hand over; {@link #PARAMETERS} are the settings proper.
 */
public final class MeshSettings {

    public static final ParameterSpec<Path> MESH = ParameterSpec.file("mesh", "Mesh file").placeholder("MESH")
            .help("Write the surface as a triangle mesh in real units: .stl (binary), .ply (binary, per-vertex "
                    + "colours from the texture) or .obj (with .mtl and a texture PNG beside it)");
    public static final ParameterSpec<Path> TEXTURE = ParameterSpec.file("texture", "Texture").placeholder("AIF")
            .help("Image that colours the 3D view and the mesh, usually the all-in-focus composite (same size as "
                    + "the height map; RGB or grey)");
    public static final ParameterSpec<Integer> STEP = ParameterSpec.integer("mesh-step", "Mesh step", 1)
            .range(1, 1024).placeholder("N")
            .help("Decimation: one mesh vertex every N pixels in x and y (1: every pixel)");
    public static final ParameterSpec<Boolean> FILL = ParameterSpec.flag("fill", "Fill invalid pixels")
            .help("Fill invalid (NaN, low-confidence) heights smoothly from their neighbours instead of leaving "
                    + "holes in the mesh");

    /** The settings' parameters, in the order front ends show them (without the files). */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(STEP, FILL);

    private final int step;
    private final boolean fill;
    private final int threads;

    private MeshSettings(int step, boolean fill, int threads) {
        if (step < 1 || step > 1024) {
            throw BadInputException.forParameter(STEP.id(), "expected 1 to 1024 pixels, got " + step);
        }
        this.step = step;
        this.fill = fill;
        this.threads = threads;
    }

    /** Every pixel a vertex, invalid pixels left out. */
    public static MeshSettings defaults() {
        return new MeshSettings(1, false, 0);
    }

    /** Settings from harvested values; absent parameters take their declared defaults. */
    public static MeshSettings from(ParameterValues v) {
        Integer s = v.get(STEP);
        Boolean f = v.get(FILL);
        return new MeshSettings(s == null ? 1 : s, f != null && f, 0);
    }

    public MeshSettings withStep(int pixels) {
        return new MeshSettings(pixels, fill, threads);
    }

    public MeshSettings withFill(boolean fillInvalid) {
        return new MeshSettings(step, fillInvalid, threads);
    }

    /**
     * How many threads encode the binary formats (0: one per processor). Not a parameter: the bytes written are
     * the same for any count; a caller running several exports at once may lower it.
     */
    public MeshSettings withThreads(int count) {
        return new MeshSettings(step, fill, Math.max(0, count));
    }

    public int step() {
        return step;
    }

    public boolean fill() {
        return fill;
    }

    /** The encoding threads, at least 1. */
    public int threads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
