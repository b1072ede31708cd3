package org.defocusj.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.depth.ProgressListener;
import org.defocusj.surface.HeightField;
import org.defocusj.surface.MeshExport;
import org.defocusj.surface.MeshSettings;
import org.defocusj.surface.MeshSummary;
import org.defocusj.surface.MeshTexture;

/**
 * A height map written as a triangle mesh in real units (binary STL, PLY with the texture's colours per vertex,
 * or OBJ with MTL and texture PNG): {@link MeshExport}, as {@code defocusj surface --mesh} writes it. What was
 * written is logged.
 */
@Plugin(type = Command.class, label = "Export Surface Mesh", headless = true,
        description = "Writes a height map as an STL, PLY or OBJ mesh in real units")
public final class ExportSurfaceMeshCommand extends DefocusCommand {

    @Parameter(label = "Height map", persist = false,
            description = "32-bit height map, one plane (e.g. the depth image of a z-sweep); NaN pixels are left out "
                    + "or filled")
    ImagePlus heightMap;

    @Parameter(label = "Texture", required = false, persist = false, description = "Image whose colours the PLY "
            + "vertices and the OBJ texture take, usually the all-in-focus image (same size); *None* for none")
    ImagePlus texture;

    private static final List<Object> LAYOUT = slots("heightMap", "texture", MeshSettings.MESH,
            MeshSettings.PARAMETERS);

    private MeshSummary summary;

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected void perform(ProgressListener progress) {
        summary = null;
        MeshSettings settings = MeshSettings.from(values());
        Path out = values().get(MeshSettings.MESH);
        if (out == null) {
            throw BadInputException.forParameter(MeshSettings.MESH.id(), "no file given (expected a file name "
                    + "ending in .stl, .ply or .obj)");
        }
        MeshExport.format(out);
        HeightField field = SurfaceViewCommand.heightField(heightMap, "height-map");
        MeshTexture colours = texture == null ? null : MeshTexture.of(texture, "texture");
        progress.progress(0, 1, "writing " + out.getFileName());
        MeshSummary written;
        try {
            written = MeshExport.write(field, colours, settings, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        progress.progress(1, 1, "wrote " + out.getFileName());
        showNotes(List.of(String.format(Locale.ROOT, "wrote %s (%s, %d vertices, %d triangles; %s)",
                String.join(", ", written.files().stream().map(Path::toString).toArray(String[]::new)),
                written.format(), written.vertices(), written.triangles(), written.units())));
        summary = written;
    }

    /** What the last successful run wrote; null before. */
    MeshSummary summary() {
        return summary;
    }
}
