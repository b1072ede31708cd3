package org.defocusj.surface;

import java.math.BigDecimal;
import java.math.MathContext;

import org.defocusj.depth.Workers;
import org.defocusj.dff.HoleFilling;
import org.defocusj.stack.DistanceUnit;

/**
 * The vertex grid of a height field's mesh in real units: vertex (i, j) sits on pixel (i * step, j * step) (the
 * last row and column that fit; no averaging), at x = column * pixel width, y = (rows - 1 - row) * pixel height (y
 * up, so that the mesh is not mirrored with z up) and z = height in the xy unit. Each grid cell gives two
 * triangles, counter-clockwise seen from above (normals point up), split along its top-right to bottom-left
 * diagonal; a cell with one invalid corner gives the one triangle of its three valid corners, so no triangle
 * touches an invalid vertex.
 */
final class MeshGrid {

    /** Receives triangles as grid vertex ids ({@code j * nx + i}), counter-clockwise seen from above. */
    interface Triangles<E extends Exception> {
        void triangle(int a, int b, int c) throws E;
    }

    final HeightField field;
    final int step;
    final int nx;
    final int ny;
    /** Heights, filled where the settings ask for it. */
    final float[] heights;
    /** Factor from the height unit to the xy unit; 1 when unknown (see {@link #unitNote()}). */
    final double zScale;
    private final boolean zConverted;

    MeshGrid(HeightField field, MeshSettings settings) {
        this.field = field;
        this.step = settings.step();
        this.nx = (field.width() - 1) / step + 1;
        this.ny = (field.height() - 1) / step + 1;
        float[] h = field.heights();
        if (settings.fill()) {
            h = h.clone();
            HoleFilling.fillNaN(h, field.width(), field.height());
        }
        this.heights = h;
        double k = heightToXy(field);
        this.zConverted = !Double.isNaN(k);
        this.zScale = zConverted ? k : 1;
    }

    /**
     * How many xy units one height unit is: 1 for the same unit, the ratio for two length units (µm heights over
     * an mm grid), NaN when there is no physical relation (xy in pixels, heights in slices or an unknown unit).
     */
    static double heightToXy(HeightField field) {
        if (!field.xyCalibrated()) {
            return Double.NaN;
        }
        DistanceUnit z = DistanceUnit.tryParse(field.heightUnit());
        DistanceUnit xy = DistanceUnit.tryParse(field.xyUnit());
        if (z != null && xy != null && !z.isRelative() && !xy.isRelative()) {
            return z.convert(1, xy);
        }
        return field.heightUnit().trim().equalsIgnoreCase(field.xyUnit().trim()) ? 1 : Double.NaN;
    }

    /** The units of the coordinates, in ASCII for file headers. */
    String unitNote() {
        String xy = ascii(field.xyUnit());
        String z = ascii(field.heightUnit());
        if (!field.xyCalibrated()) {
            return "x, y in pixels (no xy calibration), z in " + z;
        }
        if (!zConverted) {
            return "x, y in " + xy + ", z in " + z + " (not convertible, not to scale)";
        }
        return "x, y, z in " + xy + (zScale == 1 ? "" : " (heights in " + z + " x "
                + new BigDecimal(zScale).round(new MathContext(6)).stripTrailingZeros().toPlainString() + ")");
    }

    static String ascii(String unit) {
        return unit.replace("µ", "u").replace("μ", "u").replaceAll("[^\\x20-\\x7e]", "?");
    }

    int vertices() {
        return nx * ny;
    }

    int column(int i) {
        return i * step;
    }

    int row(int j) {
        return j * step;
    }

    float x(int i) {
        return (float) (column(i) * field.pixelWidth());
    }

    float y(int j) {
        return (float) ((field.height() - 1 - row(j)) * field.pixelHeight());
    }

    /** z of vertex id {@code v}, NaN where invalid. */
    float z(int v) {
        return z(heights[row(v / nx) * field.width() + column(v % nx)]);
    }

    private float z(float height) {
        return (float) (height * zScale);
    }

    /** z of vertex row {@code j}'s {@code nx} vertices into {@code into} from {@code offset}, as {@link #z(int)}. */
    void rowZ(int j, float[] into, int offset) {
        int base = row(j) * field.width();
        for (int i = 0; i < nx; i++) {
            into[offset + i] = z(heights[base + column(i)]);
        }
    }

    boolean valid(int v) {
        return Float.isFinite(heights[row(v / nx) * field.width() + column(v % nx)]);
    }

    /**
     * Validity of every vertex, row-major, in bands of rows on {@code threads} threads; {@code validPerRow[j]}
     * gets row j's count of valid vertices.
     */
    boolean[] validity(int threads, long[] validPerRow) {
        boolean[] ok = new boolean[vertices()];
        Workers.forBands(threads, ny, 16, (from, to) -> {
            for (int j = from; j < to; j++) {
                int base = row(j) * field.width();
                long n = 0;
                for (int i = 0; i < nx; i++) {
                    boolean valid = Float.isFinite(heights[base + column(i)]);
                    ok[j * nx + i] = valid;
                    n += valid ? 1 : 0;
                }
                validPerRow[j] = n;
            }
        }, "mesh grid");
        return ok;
    }

    /** Visits every triangle, row of cells by row of cells. */
    <E extends Exception> void triangles(boolean[] ok, Triangles<E> out) throws E {
        for (int j = 0; j + 1 < ny; j++) {
            trianglesOfRow(ok, j, out);
        }
    }

    /** The triangles of cell row {@code j} (between vertex rows j and j + 1). */
    <E extends Exception> void trianglesOfRow(boolean[] ok, int j, Triangles<E> out) throws E {
        for (int i = 0; i + 1 < nx; i++) {
            int a = j * nx + i;
            int b = a + 1;
            int c = a + nx;
            int d = c + 1;
            int mask = (ok[a] ? 1 : 0) | (ok[b] ? 2 : 0) | (ok[c] ? 4 : 0) | (ok[d] ? 8 : 0);
            switch (mask) {
                case 15:
                    out.triangle(a, c, b);
                    out.triangle(b, c, d);
                    break;
                case 14:
                    out.triangle(b, c, d);
                    break;
                case 7:
                    out.triangle(a, c, b);
                    break;
                case 13:
                    out.triangle(a, c, d);
                    break;
                case 11:
                    out.triangle(a, d, b);
                    break;
                default:
                    break;
            }
        }
    }

    /** How many triangles {@link #triangles} visits, counted in bands of cell rows on {@code threads} threads. */
    long triangleCount(boolean[] ok, int threads) {
        int rows = Math.max(0, ny - 1);
        long[] perRow = new long[rows];
        Workers.forBands(threads, rows, 16, (from, to) -> {
            for (int j = from; j < to; j++) {
                long n = 0;
                for (int a = j * nx, end = a + nx - 1; a < end; a++) {
                    // Four valid corners give two triangles, three give one.
                    int valid = (ok[a] ? 1 : 0) + (ok[a + 1] ? 1 : 0) + (ok[a + nx] ? 1 : 0) + (ok[a + nx + 1] ? 1 : 0);
                    n += Math.max(0, valid - 2);
                }
                perRow[j] = n;
            }
        }, "mesh grid");
        return sum(perRow);
    }

    static long sum(long[] values) {
        long n = 0;
        for (long v : values) {
            n += v;
        }
        return n;
    }
}
