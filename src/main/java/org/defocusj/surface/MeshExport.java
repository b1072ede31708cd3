package org.defocusj.surface;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.defocusj.BadInputException;
import org.defocusj.io.AtomicOutputs;

/**
 * Writes a height field as a triangle mesh in real units ({@link MeshGrid}): binary STL, binary PLY (per-vertex
 * colours from the texture) or OBJ (with an MTL and the texture as PNG, {@code NAME.mtl} and
 * {@code NAME-texture.png} beside {@code NAME.obj}). The format is the output's extension. Files are streamed
 * (a 4096 x 4096 STL is 1.6 GB) into the temporary files of an {@link AtomicOutputs}, so all files of a mesh
 * appear together or none.
 */
public final class MeshExport {

    /** The formats, by file extension. */
    public enum Format { STL, PLY, OBJ }

    private MeshExport() {
    }

    /** The format an output's extension names. */
    public static Format format(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Format f : Format.values()) {
            if (name.endsWith("." + f.name().toLowerCase(Locale.ROOT)) && name.length() > 4) {
                return f;
            }
        }
        throw BadInputException.forParameter(MeshSettings.MESH.id(), out + ": unknown mesh format (expected a file "
                + "name ending in .stl, .ply or .obj)");
    }

    /** The files a mesh output makes: the mesh, and for a textured OBJ its MTL and texture PNG. */
    public static List<Path> files(Path out, boolean textured) {
        List<Path> files = new ArrayList<>();
        files.add(out);
        if (format(out) == Format.OBJ && textured) {
            String name = out.getFileName().toString();
            String base = name.substring(0, name.length() - 4);
            files.add(out.resolveSibling(base + ".mtl"));
            files.add(out.resolveSibling(base + "-texture.png"));
        }
        return files;
    }

    /**
     * Writes the mesh into its own output set and commits it.
     *
     * @param texture colours (PLY, OBJ), or null; must have the height field's size
     * @throws BadInputException when the format is unknown, the texture does not fit, or no triangle is left
     *                           (every vertex invalid); nothing is written then
     */
    public static MeshSummary write(HeightField field, MeshTexture texture, MeshSettings settings, Path out)
            throws IOException {
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            MeshSummary summary = write(field, texture, settings, out, outputs);
            outputs.commit();
            return summary;
        }
    }

    /**
     * Checks the input, reserves the mesh's files in {@code outputs} and writes them there; the caller commits
     * (with its other outputs) or closes.
     */
    public static MeshSummary write(HeightField field, MeshTexture texture, MeshSettings settings, Path out,
            AtomicOutputs outputs) throws IOException {
        format(out);
        if (texture != null) {
            texture.requireSize(field, MeshSettings.TEXTURE.id());
        }
        return write(prepare(field, settings), texture, out, outputs);
    }

    /** A height field's mesh, checked to have triangles, not yet written. */
    public static final class Mesh {
        private final HeightField field;
        private final MeshSettings settings;
        private final MeshGrid grid;
        private final boolean[] ok;
        private final long triangles;
        private final long vertices;

        private Mesh(HeightField field, MeshSettings settings, MeshGrid grid, boolean[] ok, long triangles,
                long vertices) {
            this.field = field;
            this.settings = settings;
            this.grid = grid;
            this.ok = ok;
            this.triangles = triangles;
            this.vertices = vertices;
        }
    }

    /**
     * The mesh of {@code field}, so that a front end finds a mesh with nothing in it before it reports or writes
     * anything.
     *
     * @throws BadInputException when no triangle is left (every cell has an invalid corner)
     */
    public static Mesh prepare(HeightField field, MeshSettings settings) {
        MeshGrid grid = new MeshGrid(field, settings);
        // Both counts in parallel: they come before the first byte of the file, so their time is not overlapped.
        long[] validPerRow = new long[grid.ny];
        boolean[] ok = grid.validity(settings.threads(), validPerRow);
        long triangles = grid.triangleCount(ok, settings.threads());
        long vertices = MeshGrid.sum(validPerRow);
        if (triangles == 0) {
            throw BadInputException.forParameter(MeshSettings.MESH.id(), "no triangle left to write: " + (vertices == 0
                    ? "every height of the " + field.width() + " x " + field.height() + " map is invalid (NaN, or "
                    + "below the confidence threshold; expected valid heights)"
                    : "no cell of the " + field.width() + " x " + field.height() + " map (step " + settings.step()
                    + ") has three valid corners (expected valid heights; lower the confidence threshold, or use "
                    + BadInputException.ref(MeshSettings.FILL.id()) + ")"));
        }
        return new Mesh(field, settings, grid, ok, triangles, vertices);
    }

    /**
     * Reserves a prepared mesh's files in {@code outputs} and writes them there; the caller commits or closes.
     *
     * @param texture colours (PLY, OBJ), or null; must have the height field's size
     */
    public static MeshSummary write(Mesh mesh, MeshTexture texture, Path out, AtomicOutputs outputs)
            throws IOException {
        Format format = format(out);
        if (texture != null) {
            texture.requireSize(mesh.field, MeshSettings.TEXTURE.id());
        }
        MeshGrid grid = mesh.grid;
        boolean[] ok = mesh.ok;
        long triangles = mesh.triangles;
        int threads = mesh.settings.threads();
        boolean textured = texture != null && format != Format.STL;
        List<Path> files = files(out, textured);
        List<Path> temps = new ArrayList<>();
        for (Path f : files) {
            temps.add(outputs.reserve(f, MeshSettings.MESH.id()));
        }
        switch (format) {
            case STL:
                StlWriter.write(grid, ok, triangles, threads, temps.get(0));
                break;
            case PLY:
                PlyWriter.write(grid, ok, triangles, textured ? texture : null, threads, temps.get(0));
                break;
            default:
                ObjWriter.write(grid, ok, textured ? files.get(1).getFileName().toString() : null, temps.get(0));
                if (textured) {
                    ObjWriter.writeMaterial(files.get(2).getFileName().toString(), temps.get(1));
                    if (!ImageIO.write(texture.toImage(), "png", temps.get(2).toFile())) {
                        throw new IOException("no PNG writer available");
                    }
                }
        }
        return new MeshSummary(format.name().toLowerCase(Locale.ROOT), mesh.vertices, triangles,
                List.copyOf(files), grid.unitNote());
    }
}
