package org.defocusj.surface;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wavefront OBJ: vertices ({@code v x y z}), with a texture also texture coordinates ({@code vt u v}, one per
 * vertex: the centre of its pixel, v up as OBJ has it) and a material ({@code mtllib}, {@code usemtl}) whose
 * {@code map_Kd} is the texture PNG; faces {@code f a/a b/b c/c}, 1-based. The MTL and PNG are named by file
 * name only, so the three files move together.
 */
final class ObjWriter {

    static final String MATERIAL = "surface";

    private ObjWriter() {
    }

    /**
     * @param mtlName file name of the MTL beside the OBJ, null for a mesh without texture
     */
    static void write(MeshGrid grid, boolean[] ok, String mtlName, Path file) throws IOException {
        int[] index = new int[grid.vertices()];
        int count = 0;
        for (int v = 0; v < index.length; v++) {
            index[v] = ok[v] ? ++count : 0;
        }
        boolean uv = mtlName != null;
        int w = grid.field.width();
        int h = grid.field.height();
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            out.write("# DefocusJ surface mesh; " + grid.unitNote() + "\n");
            if (uv) {
                out.write("mtllib " + mtlName + "\n");
            }
            StringBuilder line = new StringBuilder(64);
            for (int j = 0; j < grid.ny; j++) {
                float y = grid.y(j);
                for (int i = 0; i < grid.nx; i++) {
                    int v = j * grid.nx + i;
                    if (ok[v]) {
                        line.setLength(0);
                        line.append("v ").append(grid.x(i)).append(' ').append(y).append(' ').append(grid.z(v))
                                .append('\n');
                        out.append(line);
                    }
                }
            }
            if (uv) {
                for (int j = 0; j < grid.ny; j++) {
                    float t = 1 - (grid.row(j) + 0.5f) / h;
                    for (int i = 0; i < grid.nx; i++) {
                        if (ok[j * grid.nx + i]) {
                            line.setLength(0);
                            line.append("vt ").append((grid.column(i) + 0.5f) / w).append(' ').append(t).append('\n');
                            out.append(line);
                        }
                    }
                }
                out.write("usemtl " + MATERIAL + "\n");
            }
            grid.triangles(ok, (a, b, c) -> {
                line.setLength(0);
                line.append('f');
                for (int k : new int[] {index[a], index[b], index[c]}) {
                    line.append(' ').append(k);
                    if (uv) {
                        line.append('/').append(k);
                    }
                }
                out.append(line.append('\n'));
            });
        }
    }

    /** The material file: a white diffuse material textured with {@code textureName}. */
    static void writeMaterial(String textureName, Path file) throws IOException {
        Files.writeString(file, "# DefocusJ surface material\nnewmtl " + MATERIAL + "\nKa 1 1 1\nKd 1 1 1\n"
                + "Ks 0 0 0\nd 1\nillum 1\nmap_Kd " + textureName + "\n", StandardCharsets.US_ASCII);
    }
}
