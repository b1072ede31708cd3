package org.defocusj.surface;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class,
            ByteOrder.LITTLE_ENDIAN);

    private StlWriter() {
    }

    /** Writes the mesh's {@code triangles} triangles (counted beforehand: the count comes first). */
    static void write(MeshGrid grid, boolean[] ok, long triangles, int threads, Path file) throws IOException {
        // The x of a vertex by its id relative to a cell row's first vertex: i (upper row) or nx + i (lower row).
        float[] xs = new float[2 * grid.nx];
        for (int i = 0; i < grid.nx; i++) {
            xs[i] = grid.x(i);
            xs[grid.nx + i] = xs[i];
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
                // A row is encoded into a heap array, then copied in bulk: the direct buffer's own putFloat costs
                // about as much as the rest of the encoding.
                byte[] row = new byte[2 * Math.max(0, nx - 1) * TRIANGLE];
                int[] at = new int[1];
                grid.rowZ(from, zs, nx);
                for (int j = from; j < to; j++) {
                    // Two vertex rows at a time: a vertex id minus the row's base is i (row j) or nx + i (row j + 1);
                    // the lower row of one cell row is the upper row of the next.
                    System.arraycopy(zs, nx, zs, 0, nx);
                    grid.rowZ(j + 1, zs, nx);
                    rowY[0] = ys[j];
                    rowY[1] = ys[j + 1];
                    int base = j * nx;
                    at[0] = 0;
                    grid.trianglesOfRow(ok, j, (a, b, c) -> {
                        put(row, at[0], xs, rowY, zs, nx, a - base, b - base, c - base);
                        at[0] += TRIANGLE;
                    });
                    buf.put(row, 0, at[0]);
                }
            });
        }
    }

    /** 0 for a vertex of the upper row ({@code local < nx}), 1 for the lower, without a branch. */
    private static int row(int local, int nx) {
        return 1 - ((local - nx) >>> 31);
    }

    /** One triangle at {@code buf[at]}; {@code la, lb, lc} are vertex ids relative to the upper row's first vertex. */
    private static void put(byte[] buf, int at, float[] xs, float[] rowY, float[] zs, int nx, int la, int lb, int lc) {
        float ax = xs[la];
        float ay = rowY[row(la, nx)];
        float az = zs[la];
        float bx = xs[lb];
        float by = rowY[row(lb, nx)];
        float bz = zs[lb];
        float cx = xs[lc];
        float cy = rowY[row(lc, nx)];
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
        FLOAT.set(buf, at, nx0 * inv);
        FLOAT.set(buf, at + 4, ny0 * inv);
        FLOAT.set(buf, at + 8, nz0 * inv);
        FLOAT.set(buf, at + 12, ax);
        FLOAT.set(buf, at + 16, ay);
        FLOAT.set(buf, at + 20, az);
        FLOAT.set(buf, at + 24, bx);
        FLOAT.set(buf, at + 28, by);
        FLOAT.set(buf, at + 32, bz);
        FLOAT.set(buf, at + 36, cx);
        FLOAT.set(buf, at + 40, cy);
        FLOAT.set(buf, at + 44, cz);
        buf[at + 48] = 0;
        buf[at + 49] = 0;
    }
}
