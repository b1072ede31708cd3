package org.defocusj.surface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;

class MeshExportTest {

    private static final double PW = 0.5;
    private static final double PH = 0.25;

    /** Heights that differ at every pixel, so a vertex's z tells which pixel it came from. */
    private static float[] heights(int w, int h) {
        float[] z = new float[w * h];
        for (int i = 0; i < z.length; i++) {
            z[i] = 1 + 0.01f * i + 0.3f * (float) Math.sin(i);
        }
        return z;
    }

    private static HeightField field(int w, int h, float[] z) {
        return HeightField.calibrated(w, h, z, PW, PH, "µm", "µm");
    }

    /** A parsed binary STL: per triangle 12 floats (normal, three vertices). */
    private static float[][] readStl(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] header = new byte[80];
        b.get(header);
        assertFalse(new String(header, StandardCharsets.US_ASCII).startsWith("solid"));
        int n = b.getInt();
        assertEquals(84 + 50L * n, Files.size(file), "file size of " + n + " triangles");
        float[][] t = new float[n][12];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < 12; j++) {
                t[k][j] = b.getFloat();
            }
            assertEquals(0, b.getShort());
        }
        return t;
    }

    /** Checks that (x, y, z) is the vertex of a pixel, in real units; returns its pixel index. */
    private static int pixelOf(float x, float y, float z, HeightField f, double zScale) {
        double col = x / f.pixelWidth();
        double row = f.height() - 1 - y / f.pixelHeight();
        assertEquals(Math.rint(col), col, 1e-4, "x on the grid");
        assertEquals(Math.rint(row), row, 1e-4, "y on the grid");
        int i = (int) Math.rint(row) * f.width() + (int) Math.rint(col);
        assertTrue(f.isValid((int) Math.rint(col), (int) Math.rint(row)), "vertex on a valid pixel");
        assertEquals(f.heights()[i] * zScale, z, 1e-5, "z is the height in the xy unit");
        return i;
    }

    @Test
    void stlOfAFullGridHasTwoTrianglesPerCellInRealUnitsWithUpwardNormals(@TempDir Path dir) throws Exception {
        int w = 7;
        int h = 5;
        HeightField f = field(w, h, heights(w, h));
        Path out = dir.resolve("s.stl");
        MeshSummary summary = MeshExport.write(f, null, MeshSettings.defaults(), out);
        float[][] t = readStl(out);
        assertEquals(2 * (w - 1) * (h - 1), t.length);
        assertEquals(t.length, summary.triangles());
        assertEquals(w * h, summary.vertices());
        String header = new String(Files.readAllBytes(out), 0, 80, StandardCharsets.US_ASCII);
        assertTrue(header.contains("x, y, z in um"), header);
        boolean[] used = new boolean[w * h];
        for (float[] tri : t) {
            float[][] v = {{tri[3], tri[4], tri[5]}, {tri[6], tri[7], tri[8]}, {tri[9], tri[10], tri[11]}};
            for (float[] p : v) {
                used[pixelOf(p[0], p[1], p[2], f, 1)] = true;
            }
            double[] u = {v[1][0] - v[0][0], v[1][1] - v[0][1], v[1][2] - v[0][2]};
            double[] s = {v[2][0] - v[0][0], v[2][1] - v[0][1], v[2][2] - v[0][2]};
            double[] n = {u[1] * s[2] - u[2] * s[1], u[2] * s[0] - u[0] * s[2], u[0] * s[1] - u[1] * s[0]};
            double len = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
            assertTrue(n[2] > 0, "counter-clockwise seen from above");
            for (int k = 0; k < 3; k++) {
                assertEquals(n[k] / len, tri[k], 1e-5, "unit normal of the vertices");
            }
            // Each triangle covers half a cell of the xy grid.
            assertEquals(PW * PH / 2, n[2] / 2, 1e-6);
        }
        for (boolean b : used) {
            assertTrue(b, "every pixel is a vertex");
        }
    }

    @Test
    void heightsInAnotherLengthUnitAreConverted(@TempDir Path dir) throws Exception {
        HeightField f = HeightField.calibrated(3, 3, heights(3, 3), 2, 2, "mm", "µm");
        Path out = dir.resolve("s.stl");
        MeshExport.write(f, null, MeshSettings.defaults(), out);
        for (float[] tri : readStl(out)) {
            pixelOf(tri[3], tri[4], tri[5], f, 1e-3);
        }
        String header = new String(Files.readAllBytes(out), 0, 80, StandardCharsets.US_ASCII);
        assertTrue(header.contains("x, y, z in mm (heights in um x 0.001)"), header);
        HeightField raw = HeightField.uncalibrated(3, 3, heights(3, 3), "slice");
        MeshExport.write(raw, null, MeshSettings.defaults(), out);
        header = new String(Files.readAllBytes(out), 0, 80, StandardCharsets.US_ASCII);
        assertTrue(header.contains("x, y in pixels (no xy calibration), z in slice"), header);
    }

    @Test
    void invalidPixelsAreDroppedOrFilled(@TempDir Path dir) throws Exception {
        int w = 5;
        int h = 4;
        float[] z = heights(w, h);
        z[1 * w + 2] = Float.NaN; // interior: its four cells keep one triangle each
        z[3 * w + 4] = Float.NaN; // corner: its one cell keeps one triangle
        HeightField f = field(w, h, z);
        Path out = dir.resolve("s.stl");
        MeshSummary s = MeshExport.write(f, null, MeshSettings.defaults(), out);
        float[][] t = readStl(out);
        assertEquals(2 * 4 * 3 - 4 - 1, t.length);
        assertEquals(w * h - 2, s.vertices());
        for (float[] tri : t) {
            for (int k = 0; k < 3; k++) {
                pixelOf(tri[3 + 3 * k], tri[4 + 3 * k], tri[5 + 3 * k], f, 1); // asserts the pixel is valid
            }
        }
        MeshSummary filled = MeshExport.write(f, null, MeshSettings.defaults().withFill(true), out);
        assertEquals(2 * 4 * 3, filled.triangles());
        for (float[] tri : readStl(out)) {
            for (int k = 5; k < 12; k += 3) {
                assertTrue(Float.isFinite(tri[k]));
            }
        }
    }

    @Test
    void decimationKeepsEveryStepthPixel(@TempDir Path dir) throws Exception {
        int w = 9;
        int h = 7;
        HeightField f = field(w, h, heights(w, h));
        Path out = dir.resolve("s.stl");
        // Step 2: columns 0, 2, .., 8 (5) and rows 0, 2, 4, 6 (4). Step 3: columns 0, 3, 6 and rows 0, 3, 6.
        assertEquals(2 * 4 * 3, MeshExport.write(f, null, MeshSettings.defaults().withStep(2), out).triangles());
        float[][] t = readStl(out);
        assertEquals(24, t.length);
        for (float[] tri : t) {
            int i = pixelOf(tri[3], tri[4], tri[5], f, 1);
            assertEquals(0, (i % w) % 2);
            assertEquals(0, (i / w) % 2);
        }
        MeshSummary s3 = MeshExport.write(f, null, MeshSettings.defaults().withStep(3), out);
        assertEquals(2 * 2 * 2, s3.triangles());
        assertEquals(9, s3.vertices());
        assertEquals(8, readStl(out).length);
    }

    @Test
    void plyHasItsHeaderVerticesColoursAndFaces(@TempDir Path dir) throws Exception {
        int w = 4;
        int h = 3;
        float[] z = heights(w, h);
        z[0] = Float.NaN;
        HeightField f = field(w, h, z);
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (10 * i << 16) | (200 - 5 * i << 8) | (3 * i);
        }
        Path out = dir.resolve("s.ply");
        MeshSummary s = MeshExport.write(f, MeshTexture.ofRgb(w, h, rgb), MeshSettings.defaults(), out);
        byte[] bytes = Files.readAllBytes(out);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("end_header\n") + "end_header\n".length();
        List<String> header = Arrays.asList(text.substring(0, end).split("\n"));
        assertEquals("ply", header.get(0));
        assertEquals("format binary_little_endian 1.0", header.get(1));
        int vertices = w * h - 1;
        int faces = 2 * 3 * 2 - 1;
        assertTrue(header.contains("element vertex " + vertices), header.toString());
        assertTrue(header.contains("element face " + faces), header.toString());
        assertTrue(header.contains("property uchar red"));
        assertTrue(header.contains("property list uchar int vertex_indices"));
        assertEquals(faces, s.triangles());
        ByteBuffer b = ByteBuffer.wrap(bytes, end, bytes.length - end).order(ByteOrder.LITTLE_ENDIAN);
        for (int v = 0; v < vertices; v++) {
            int i = pixelOf(b.getFloat(), b.getFloat(), b.getFloat(), f, 1);
            int colour = ((b.get() & 0xff) << 16) | ((b.get() & 0xff) << 8) | (b.get() & 0xff);
            assertEquals(rgb[i], colour, "colour of pixel " + i);
        }
        for (int k = 0; k < faces; k++) {
            assertEquals(3, b.get());
            for (int j = 0; j < 3; j++) {
                int idx = b.getInt();
                assertTrue(idx >= 0 && idx < vertices);
            }
        }
        assertFalse(b.hasRemaining(), "nothing after the faces");
    }

    @Test
    void objReferencesItsMaterialAndTextureWithUvsInTheUnitSquare(@TempDir Path dir) throws Exception {
        int w = 6;
        int h = 4;
        HeightField f = field(w, h, heights(w, h));
        int[] rgb = new int[w * h];
        Arrays.fill(rgb, 0x336699);
        Path out = dir.resolve("surf.obj");
        MeshSummary s = MeshExport.write(f, MeshTexture.ofRgb(w, h, rgb), MeshSettings.defaults(), out);
        assertEquals(List.of(out, dir.resolve("surf.mtl"), dir.resolve("surf-texture.png")), s.files());
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.contains("mtllib surf.mtl"));
        assertTrue(lines.contains("usemtl surface"));
        List<String> mtl = Files.readAllLines(dir.resolve("surf.mtl"));
        assertTrue(mtl.contains("newmtl surface"));
        assertTrue(mtl.contains("map_Kd surf-texture.png"));
        BufferedImage png = ImageIO.read(dir.resolve("surf-texture.png").toFile());
        assertEquals(w, png.getWidth());
        assertEquals(0x336699, png.getRGB(2, 1) & 0xffffff);
        List<float[]> v = new ArrayList<>();
        List<float[]> vt = new ArrayList<>();
        int faces = 0;
        for (String line : lines) {
            String[] p = line.split(" ");
            if (p[0].equals("v")) {
                v.add(new float[] {Float.parseFloat(p[1]), Float.parseFloat(p[2]), Float.parseFloat(p[3])});
            } else if (p[0].equals("vt")) {
                vt.add(new float[] {Float.parseFloat(p[1]), Float.parseFloat(p[2])});
            } else if (p[0].equals("f")) {
                faces++;
                for (int k = 1; k <= 3; k++) {
                    String[] ref = p[k].split("/");
                    assertEquals(ref[0], ref[1], "one texture coordinate per vertex");
                    int idx = Integer.parseInt(ref[0]);
                    assertTrue(idx >= 1 && idx <= w * h);
                }
            }
        }
        assertEquals(w * h, v.size());
        assertEquals(w * h, vt.size());
        assertEquals(2 * (w - 1) * (h - 1), faces);
        for (int k = 0; k < v.size(); k++) {
            int i = pixelOf(v.get(k)[0], v.get(k)[1], v.get(k)[2], f, 1);
            float[] uv = vt.get(k);
            assertTrue(uv[0] > 0 && uv[0] < 1 && uv[1] > 0 && uv[1] < 1, Arrays.toString(uv));
            // The centre of the vertex's pixel, v up.
            assertEquals(((i % w) + 0.5) / w, uv[0], 1e-6);
            assertEquals(1 - ((i / w) + 0.5) / h, uv[1], 1e-6);
        }
        // Without a texture: geometry only, one file.
        Path plain = dir.resolve("plain.obj");
        assertEquals(List.of(plain), MeshExport.write(f, null, MeshSettings.defaults(), plain).files());
        assertFalse(Files.readString(plain).contains("mtllib"));
    }

    @Test
    void viewAndTexturedObjShareOneOutputSet(@TempDir Path dir) throws Exception {
        int w = 8;
        int h = 6;
        HeightField f = field(w, h, heights(w, h));
        MeshTexture tex = MeshTexture.ofRgb(w, h, new int[w * h]);
        try (org.defocusj.io.AtomicOutputs outputs = new org.defocusj.io.AtomicOutputs()) {
            SurfaceView.of(f, tex, SurfaceViewSettings.defaults().withSize(64, 1)).write(dir.resolve("v.png"), outputs);
            MeshExport.write(f, tex, MeshSettings.defaults(), dir.resolve("m.obj"), outputs);
            try (Stream<Path> visible = Files.list(dir).filter(p -> !p.getFileName().toString().startsWith("."))) {
                assertEquals(0, visible.count(), "nothing in place before the commit");
            }
            // Not committed: the run failed after writing.
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.collect(Collectors.toList()), "an abandoned set leaves nothing");
        }
        try (org.defocusj.io.AtomicOutputs outputs = new org.defocusj.io.AtomicOutputs()) {
            SurfaceView.of(f, tex, SurfaceViewSettings.defaults().withSize(64, 1)).write(dir.resolve("v.png"), outputs);
            MeshExport.write(f, tex, MeshSettings.defaults(), dir.resolve("m.obj"), outputs);
            outputs.commit();
        }
        try (Stream<Path> made = Files.list(dir)) {
            assertEquals(List.of("m-texture.png", "m.mtl", "m.obj", "v.png"), made.map(p -> p.getFileName().toString())
                    .sorted().collect(Collectors.toList()));
        }
    }

    @Test
    void nothingLeftIsBadInputAndLeavesNoFile(@TempDir Path dir) throws Exception {
        float[] z = heights(4, 4);
        // Every other pixel invalid: no cell has three valid corners.
        for (int i = 0; i < z.length; i++) {
            if (((i % 4) + (i / 4)) % 2 == 0) {
                z[i] = Float.NaN;
            }
        }
        Path sub = dir.resolve("new");
        for (String name : new String[] {"m.stl", "m.ply", "m.obj"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> MeshExport.write(field(4, 4, z),
                    MeshTexture.ofRgb(4, 4, new int[16]), MeshSettings.defaults(), sub.resolve(name)));
            assertEquals("mesh", e.parameter());
            assertTrue(e.getMessage().contains("no triangle left"), e.getMessage());
        }
        assertFalse(Files.exists(sub), "no folder, no file");
        BadInputException e = assertThrows(BadInputException.class, () -> MeshExport.write(field(4, 4, heights(4, 4)),
                null, MeshSettings.defaults(), dir.resolve("m.xyz")));
        assertEquals("mesh", e.parameter());
        e = assertThrows(BadInputException.class, () -> MeshExport.write(field(4, 4, heights(4, 4)),
                MeshTexture.ofRgb(3, 4, new int[12]), MeshSettings.defaults(), dir.resolve("m.ply")));
        assertEquals("texture", e.parameter());
        e = assertThrows(BadInputException.class, () -> MeshSettings.defaults().withStep(0));
        assertEquals("mesh-step", e.parameter());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.collect(Collectors.toList()));
        }
    }

    @Test
    void parallelEncodingWritesTheSameBytesAsOneThread(@TempDir Path dir) throws Exception {
        // Big enough for several bands of rows per section (a band is at most 4 MB), with holes that drop
        // triangles unevenly between bands: random pixels, a block and a whole row.
        int w = 640;
        int h = 480;
        float[] z = heights(w, h);
        java.util.Random random = new java.util.Random(13);
        for (int i = 0; i < z.length; i++) {
            if (random.nextInt(10) == 0) {
                z[i] = Float.NaN;
            }
        }
        for (int y = 100; y < 160; y++) {
            Arrays.fill(z, y * w + 200, y * w + 330, Float.NaN);
        }
        Arrays.fill(z, 300 * w, 301 * w, Float.NaN);
        HeightField f = field(w, h, z);
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (i * 0x9E3779B1) & 0xffffff;
        }
        MeshTexture tex = MeshTexture.ofRgb(w, h, rgb);
        for (MeshSettings base : new MeshSettings[] {MeshSettings.defaults(), MeshSettings.defaults().withFill(true),
            MeshSettings.defaults().withStep(3)}) {
            for (String name : new String[] {"m.stl", "m.ply"}) {
                Path one = dir.resolve("one-" + name);
                MeshSummary s1 = MeshExport.write(f, tex, base.withThreads(1), one);
                byte[] expected = Files.readAllBytes(one);
                for (int threads : new int[] {2, 3, 8}) {
                    Path many = dir.resolve(threads + "-" + name);
                    MeshSummary s = MeshExport.write(f, tex, base.withThreads(threads), many);
                    assertEquals(s1.triangles(), s.triangles());
                    assertArrayEquals(expected, Files.readAllBytes(many), name + ", " + threads + " threads, step "
                            + base.step() + (base.fill() ? ", filled" : ""));
                    Files.delete(many);
                }
                Files.delete(one);
            }
        }
    }
}
