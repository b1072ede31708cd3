package org.defocusj.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;
import org.defocusj.io.DepthPng;

class SurfaceViewTest {

    private static final int GREY = 200;

    private static HeightField field(int w, int h, Object unused, float[] z) {
        return HeightField.calibrated(w, h, z, 1, 1, "µm", "µm");
    }

    private static float[] plane(int w, int h, double slopeX) {
        float[] z = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                z[y * w + x] = (float) (slopeX * x);
            }
        }
        return z;
    }

    private static MeshTexture grey(int w, int h) {
        int[] rgb = new int[w * h];
        java.util.Arrays.fill(rgb, (GREY << 16) | (GREY << 8) | GREY);
        return MeshTexture.ofRgb(w, h, rgb);
    }

    private static int centre(SurfaceView view) {
        int[] px = view.surfacePixels();
        return px[(view.height() / 2) * view.width() + view.width() / 2];
    }

    @Test
    void tiltedPlaneLitFromAKnownDirectionHasLambertShading() {
        int n = 64;
        double slope = 0.5;
        double ambient = 0.2;
        // Light from the right edge (azimuth 90), 45 degrees up; looking straight down.
        SurfaceViewSettings s = SurfaceViewSettings.defaults().withAngles(0, 90).withSize(200, 1)
                .withLight(90, 45, ambient);
        double[] shade = new double[2];
        for (int k = 0; k < 2; k++) {
            double a = k == 0 ? slope : -slope;
            SurfaceView view = SurfaceView.of(field(n, n, null, plane(n, n, a)), grey(n, n), s);
            int c = centre(view);
            shade[k] = (c & 0xff) / (double) GREY;
            // Normal (-a, 0, 1)/|.|, light (cos 45, 0, sin 45).
            double lambert = (-a * Math.cos(Math.PI / 4) + Math.sin(Math.PI / 4)) / Math.sqrt(1 + a * a);
            double expected = ambient + (1 - ambient) * Math.max(0, lambert);
            assertEquals(expected, shade[k], 1.5 / GREY, "slope " + a);
            assertEquals(c & 0xff, (c >> 16) & 0xff, "grey stays grey");
        }
        // Facing the light is brighter: the ratio of the two Lambert terms plus ambient.
        double lit = ambient + (1 - ambient) * (slope + 1) / Math.sqrt(2 * (1 + slope * slope));
        double dark = ambient + (1 - ambient) * (1 - slope) / Math.sqrt(2 * (1 + slope * slope));
        assertEquals(lit / dark, shade[1] / shade[0], 0.03);
    }

    /** A flat field with a Gaussian bump of {@code height} at (bx, by). */
    private static float[] bump(int w, int h, int bx, int by, double sigma, double height) {
        float[] z = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r2 = (x - bx) * (x - bx) + (y - by) * (y - by);
                z[y * w + x] = (float) (height * Math.exp(-r2 / (2 * sigma * sigma)));
            }
        }
        return z;
    }

    @Test
    void bumpAppearsWhereItProjects() {
        int w = 80;
        int h = 60;
        int bx = 20;
        int by = 40;
        float[] z = bump(w, h, bx, by, 4, 10);
        // Oblique view from the bottom-right, height colours, light from straight above: the bump's top is the
        // only place both at the top of the colour range and facing the light.
        SurfaceViewSettings s = SurfaceViewSettings.defaults().withAngles(40, 35).withSize(300, 2)
                .withLight(0, 90, 0.3);
        SurfaceView view = SurfaceView.of(field(w, h, null, z), null, s);
        int[] px = view.surfacePixels();
        int top = DepthPng.viridis(1) & 0xffffff;
        double bestD = Double.MAX_VALUE;
        int bestI = -1;
        for (int i = 0; i < px.length; i++) {
            double d = distance(px[i], top);
            if (d < bestD) {
                bestD = d;
                bestI = i;
            }
        }
        double[] p = view.project(bx, by, 10);
        double dx = bestI % view.width() - p[0];
        double dy = bestI / view.width() - p[1];
        assertTrue(Math.hypot(dx, dy) < 4, "yellowest pixel at (" + bestI % view.width() + ", " + bestI / view.width()
                + "), bump top projects to (" + p[0] + ", " + p[1] + ")");
        assertTrue(bestD < 20, "bump top has the top colour, distance " + bestD);
        // The flat corner far from the bump has the bottom colour, lit from above (normal up: full light).
        double[] corner = view.project(w - 5, 5, 0);
        int c = px[(int) corner[1] * view.width() + (int) corner[0]];
        assertTrue(distance(c, DepthPng.viridis(0) & 0xffffff) < 20, "flat far corner " + Integer.toHexString(c));
    }

    private static double distance(int a, int b) {
        int dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
        int dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
        int db = (a & 0xff) - (b & 0xff);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    @Test
    void invalidPixelsAreBackground() {
        int n = 60;
        float[] z = plane(n, n, 0.1);
        for (int y = 20; y < 40; y++) {
            for (int x = 10; x < 30; x++) {
                z[y * n + x] = Float.NaN;
            }
        }
        SurfaceView view = SurfaceView.of(field(n, n, null, z), grey(n, n),
                SurfaceViewSettings.defaults().withAngles(0, 90).withSize(240, 2));
        int[] px = view.surfacePixels();
        int hole = 0;
        int surface = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double[] p = view.project(x, y, z[y * n + x] == z[y * n + x] ? z[y * n + x] : 0);
                int c = px[(int) p[1] * view.width() + (int) p[0]] & 0xffffff;
                boolean inside = x >= 12 && x < 28 && y >= 22 && y < 38;
                boolean outside = x < 8 || x >= 32 || y < 18 || y >= 42;
                if (inside) {
                    assertEquals(SurfaceView.BACKGROUND, c, "hole pixel " + x + ", " + y);
                    hole++;
                } else if (outside && x > 1 && y > 1 && x < n - 2 && y < n - 2) {
                    assertTrue(c != SurfaceView.BACKGROUND, "surface pixel " + x + ", " + y);
                    surface++;
                }
            }
        }
        assertTrue(hole > 200 && surface > 2000);
    }

    /** Per view column, the first row that is not background (the view's height where none). */
    private static int[] silhouette(SurfaceView view) {
        int[] px = view.surfacePixels();
        int[] top = new int[view.width()];
        for (int x = 0; x < view.width(); x++) {
            top[x] = view.height();
            for (int y = 0; y < view.height(); y++) {
                if ((px[y * view.width() + x] & 0xffffff) != SurfaceView.BACKGROUND) {
                    top[x] = y;
                    break;
                }
            }
        }
        return top;
    }

    @Test
    void exaggerationChangesTheSilhouette() {
        int n = 100;
        // A 2 um bump in the middle of a 100 um square seen from 5 degrees above: its top, at s = v sin 5 +
        // 2 cos 5, stays below the far edge (50 sin 5 = 4.4) at exaggeration 1 and rises above it at 10.
        float[] z = bump(n, n, 50, 50, 6, 2);
        SurfaceViewSettings s = SurfaceViewSettings.defaults().withAngles(0, 5).withSize(400, 1).withColors("height");
        int[] flat = silhouette(SurfaceView.of(field(n, n, null, z), null, s));
        SurfaceView tall = SurfaceView.of(field(n, n, null, z), null, s.withExaggeration(10));
        int[] raised = silhouette(tall);
        int w = flat.length;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int x = w / 10; x < w - w / 10; x++) {
            min = Math.min(min, flat[x]);
            max = Math.max(max, flat[x]);
        }
        assertTrue(max - min <= 1, "exaggeration 1: the far edge is the silhouette, a straight line (" + min + ".."
                + max + ")");
        int edge = raised[raised.length / 10];
        int peak = raised[raised.length / 2];
        double[] top = tall.project(50, 50, 2);
        assertTrue(edge - peak > 0.3 * tall.height(), "exaggeration 10: the bump rises above the far edge (edge row "
                + edge + ", peak row " + peak + ", view " + tall.height() + ")");
        assertEquals(top[1], peak, 3, "the silhouette's peak is the bump's top");
    }

    @Test
    void heightColoursComeWithAColourBarAndTheCaptionStatesUnits(@TempDir Path dir) throws Exception {
        int n = 50;
        SurfaceView view = SurfaceView.of(field(n, n, null, plane(n, n, 0.2)), null,
                SurfaceViewSettings.defaults().withSize(200, 2));
        Path png = dir.resolve("view.png");
        view.write(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > view.width() + 40, "room for the bar");
        int barX = view.width() + 12 + 9;
        int low = img.getRGB(barX, Math.max(200, view.height()) - 12) & 0xffffff;
        int high = img.getRGB(barX, 26) & 0xffffff;
        assertTrue(distance(low, DepthPng.viridis(0) & 0xffffff) < 30, Integer.toHexString(low));
        assertTrue(distance(high, DepthPng.viridis(1) & 0xffffff) < 30, Integer.toHexString(high));
        assertTrue(String.join("\n", view.caption()).contains("heights in µm, to scale"));

        SurfaceView textured = SurfaceView.of(field(n, n, null, plane(n, n, 0.2)), grey(n, n),
                SurfaceViewSettings.defaults().withSize(200, 2));
        assertFalse(textured.heightColours());
        assertEquals(Math.max(360, textured.width()), textured.render().getWidth(), "no bar over a texture");
        assertTrue(String.join("\n", textured.caption()).contains("heights 0 to 9.8 µm"),
                String.join("\n", textured.caption()));
        assertEquals(1, Files.list(dir).count(), "no temporary file left");
    }

    @Test
    void uncalibratedXyIsSaidAndDrawnToAFixedRelief() {
        int n = 40;
        HeightField f = HeightField.uncalibrated(n, n, plane(n, n, 1), "slice");
        SurfaceView view = SurfaceView.of(f, null, SurfaceViewSettings.defaults());
        assertTrue(String.join("\n", view.caption()).contains("not calibrated"), String.join("\n", view.caption()));
        // Heights 0..39 drawn as 25 % of the 39-pixel width.
        double[] low = view.project(0, 20, 0);
        double[] high = view.project(0, 20, 39);
        double[] across = view.project(39, 20, 0);
        double e = Math.toRadians(SurfaceViewSettings.ELEVATION.defaultValue());
        double a = Math.toRadians(SurfaceViewSettings.AZIMUTH.defaultValue());
        double lateral = Math.hypot(across[0] - low[0], across[1] - low[1]);
        double lateralExpected = Math.hypot(Math.cos(a), Math.sin(a) * Math.sin(e));
        assertEquals(0.25 * Math.cos(e) / lateralExpected, (low[1] - high[1]) / lateral, 1e-6);
    }

    @Test
    void badInputNamesTheParameter() {
        float[] nan = new float[16];
        java.util.Arrays.fill(nan, Float.NaN);
        BadInputException e = assertThrows(BadInputException.class,
                () -> SurfaceView.of(field(4, 4, null, nan), null, SurfaceViewSettings.defaults()));
        assertEquals("view", e.parameter());
        e = assertThrows(BadInputException.class, () -> SurfaceView.of(field(4, 4, null, plane(4, 4, 1)), grey(5, 4),
                SurfaceViewSettings.defaults()));
        assertEquals("texture", e.parameter());
        e = assertThrows(BadInputException.class, () -> SurfaceViewSettings.defaults().withAngles(0, 0));
        assertEquals("elevation", e.parameter());
        e = assertThrows(BadInputException.class, () -> SurfaceViewSettings.defaults().withExaggeration(-1));
        assertEquals("exaggeration", e.parameter());
    }
}
