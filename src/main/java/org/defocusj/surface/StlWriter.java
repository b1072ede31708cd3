package org.defocusj.surface;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Binary STL: an 80-byte header (here the units, which STL itself does not record), the triangle count, then per
 * triangle its unit normal, three vertices (32-bit floats) and a zero attribute word; 50 bytes a triangle.
 */
final class StlWriter {

    static final int HEADER = 80;
    static final int TRIANGLE = 50;

    private StlWriter() {
    }

    /** Writes the mesh's {@code triangles} triangles (counted beforehand: the count comes first). */
    static void write(MeshGrid grid, boolean[] ok, long triangles, int threads, Path file) throws IOException {
        float[] xs = new float[grid.nx];
        for (int i = 0; i < grid.nx; i++) {
            xs[i] = grid.x(i);
        }
        float[] ys = new float[grid.ny];
        for (int j = 0; j < grid.ny; j++) {
            ys[j] = grid.y(j);
        }
        int nx = grid.nx;
        try (MeshChannel out = new MeshChannel(file, threads)) {
            byte[] header = new byte[HEADER];
            Arrays.fill(header, (byte) ' ');
            // A header starting with "solid" makes some readers take the file for ASCII STL.
            byte[] text = ("DefocusJ surface mesh; " + grid.unitNote()).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, header, 0, Math.min(HEADER, text.length));
            out.room(HEADER + 4).put(header).putInt((int) triangles);
            out.bands(grid.ny - 1, 2L * (nx - 1) * TRIANGLE, (from, to, buf) -> {
                float[] zs = new float[2 * nx];
                float[] rowY = new float[2];
                for (int j = from; j < to; j++) {
                    // Two vertex rows at a time: a vertex id minus the row's base is i (row j) or nx + i (row j + 1).
                    for (int i = 0; i < nx; i++) {
                        zs[i] = grid.z(j * nx + i);
                        zs[nx + i] = grid.z((j + 1) * nx + i);
                    }
                    rowY[0] = ys[j];
                    rowY[1] = ys[j + 1];
                    int base = j * nx;
                    grid.trianglesOfRow(ok, j, (a, b, c) -> put(buf, xs, rowY, zs, nx, a - base, b - base, c - base));
                }
            });
        }
    }

    /** One triangle; {@code la, lb, lc} are vertex ids relative to the upper row's first vertex. */
    private static void put(ByteBuffer buf, float[] xs, float[] rowY, float[] zs, int nx, int la, int lb, int lc) {
        float ax = xs[la < nx ? la : la - nx];
        float ay = rowY[la < nx ? 0 : 1];
        float az = zs[la];
        float bx = xs[lb < nx ? lb : lb - nx];
        float by = rowY[lb < nx ? 0 : 1];
        float bz = zs[lb];
        float cx = xs[lc < nx ? lc : lc - nx];
        float cy = rowY[lc < nx ? 0 : 1];
        float cz = zs[lc];
        float ux = bx - ax;
        float uy = by - ay;
        float uz = bz - az;
        float vx = cx - ax;
        float vy = cy - ay;
        float vz = cz - az;
        float nx0 = uy * vz - uz * vy;
        float ny0 = uz * vx - ux * vz;
        float nz0 = ux * vy - uy * vx;
        float len = (float) Math.sqrt(nx0 * nx0 + ny0 * ny0 + nz0 * nz0);
        float inv = len > 0 ? 1 / len : 0;
        buf.putFloat(nx0 * inv).putFloat(ny0 * inv).putFloat(nz0 * inv);
        buf.putFloat(ax).putFloat(ay).putFloat(az);
        buf.putFloat(bx).putFloat(by).putFloat(bz);
        buf.putFloat(cx).putFloat(cy).putFloat(cz);
        buf.putShort((short) 0);
    }
}
