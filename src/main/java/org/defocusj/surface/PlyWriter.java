package org.defocusj.surface;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Binary little-endian PLY: the valid vertices (float x, y, z and, with a texture, uchar red, green, blue of the
 * pixel under the vertex), then the triangles as lists of three int indices into them.
 */
final class PlyWriter {

    /** Bytes of one face: the list length and three indices. */
    private static final int FACE = 13;

    private PlyWriter() {
    }

    /** @param texture null for a mesh without colours */
    static void write(MeshGrid grid, boolean[] ok, long triangles, MeshTexture texture, int threads, Path file)
            throws IOException {
        int[] index = new int[grid.vertices()];
        int count = 0;
        for (int v = 0; v < index.length; v++) {
            index[v] = ok[v] ? count++ : -1;
        }
        try (MeshChannel out = new MeshChannel(file, threads)) {
            StringBuilder h = new StringBuilder();
            h.append("ply\nformat binary_little_endian 1.0\n");
            h.append("comment DefocusJ surface mesh; ").append(grid.unitNote()).append('\n');
            h.append("element vertex ").append(count).append('\n');
            h.append("property float x\nproperty float y\nproperty float z\n");
            if (texture != null) {
                h.append("property uchar red\nproperty uchar green\nproperty uchar blue\n");
            }
            h.append("element face ").append(triangles).append('\n');
            h.append("property list uchar int vertex_indices\nend_header\n");
            out.ascii(h.toString());
            int nx = grid.nx;
            int vertexBytes = texture == null ? 12 : 15;
            out.bands(grid.ny, (long) nx * vertexBytes, (from, to, buf) -> {
                for (int j = from; j < to; j++) {
                    float y = grid.y(j);
                    for (int i = 0; i < nx; i++) {
                        int v = j * nx + i;
                        if (!ok[v]) {
                            continue;
                        }
                        buf.putFloat(grid.x(i)).putFloat(y).putFloat(grid.z(v));
                        if (texture != null) {
                            int rgb = texture.rgb(grid.column(i), grid.row(j));
                            buf.put((byte) (rgb >> 16)).put((byte) (rgb >> 8)).put((byte) rgb);
                        }
                    }
                }
            });
            out.bands(grid.ny - 1, 2L * (nx - 1) * FACE, (from, to, buf) -> {
                for (int j = from; j < to; j++) {
                    grid.trianglesOfRow(ok, j, (a, b, c) -> buf.put((byte) 3).putInt(index[a]).putInt(index[b])
                            .putInt(index[c]));
                }
            });
        }
    }
}
