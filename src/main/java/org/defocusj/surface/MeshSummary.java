package org.defocusj.surface;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link MeshExport} wrote: the format, how many vertices and triangles, the files (an OBJ with a texture is
 * three) and the units of the coordinates.
 */
public final class MeshSummary {

    private final String format;
    private final long vertices;
    private final long triangles;
    private final List<Path> files;
    private final String units;

    MeshSummary(String format, long vertices, long triangles, List<Path> files, String units) {
        this.format = format;
        this.vertices = vertices;
        this.triangles = triangles;
        this.files = List.copyOf(files);
        this.units = units;
    }

    /** stl, ply or obj. */
    public String format() {
        return format;
    }

    public long vertices() {
        return vertices;
    }

    public long triangles() {
        return triangles;
    }

    /** The files written, the mesh first. */
    public List<Path> files() {
        return files;
    }

    /** The units of the coordinates, e.g. {@code x, y, z in um}. */
    public String units() {
        return units;
    }
}
