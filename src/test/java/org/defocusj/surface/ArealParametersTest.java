package org.defocusj.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ISO 25178-2 parameters against closed forms (exact to 1e-9 relative) and against a numpy reference written
 * here (to 1e-6; skipped without /usr/bin/python3 and numpy).
 */
class ArealParametersTest {

    static final Path PYTHON = Paths.get("/usr/bin/python3");

    /**
     * A sinusoid of amplitude A whose rows are whole periods with phases that step by 1/R of a sample, so that
     * all samples together are one period sampled at W R evenly spaced phases: the discrete means are the
     * continuous ones (Sa = 2A/pi up to (pi / (W R))^2 / 3 = 5e-11 here).
     */
    @Test
    void sinusoidMatchesClosedForms() {
        int w = 1024;
        int h = 256;
        double a = 1.75;
        float[] z = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                z[y * w + x] = (float) (a * Math.sin(2 * Math.PI * ((double) x / w + (double) y / ((double) w * h))));
            }
        }
        HeightField f = HeightField.calibrated(w, h, z, 0.5, 0.5, "µm", "µm");
        ArealParameters p = ArealParameters.of(f);
        assertRelative(2 * a / Math.PI, p.get("Sa"), 1e-9, "Sa = 2A/pi");
        assertRelative(a / Math.sqrt(2), p.get("Sq"), 1e-9, "Sq = A/sqrt(2)");
        assertEquals(0, p.get("Ssk"), 1e-9, "Ssk = 0");
        assertRelative(1.5, p.get("Sku"), 1e-9, "Sku = 1.5");
        assertRelative(a, p.get("Sp"), 1e-9, "Sp = A");
        assertRelative(a, p.get("Sv"), 1e-9, "Sv = A");
        assertRelative(2 * a, p.get("Sz"), 1e-9, "Sz = 2A");
        assertEquals(50, p.get("Smr"), 1e-3, "half the sinusoid is above its mean");
        assertEquals("µm", p.unit("Sa"));
        assertEquals("", p.unit("Sdq"), "µm over µm: a slope without unit");
        assertEquals("%", p.unit("Sdr"));
        assertTrue(p.warnings().isEmpty(), p.warnings().toString());
    }

    @Test
    void flatPlaneHasAllHeightParametersZero() {
        int w = 64;
        int h = 48;
        float[] z = new float[w * h];
        java.util.Arrays.fill(z, 7.25f);
        ArealParameters p = ArealParameters.of(HeightField.calibrated(w, h, z, 1, 1, "µm", "µm"));
        for (String k : List.of("Sa", "Sq", "Sp", "Sv", "Sz", "Ssk", "Sku", "Sdq", "Sdr", "Sk", "Spk", "Svk")) {
            assertEquals(0, p.get(k), 0, k);
        }
    }

    /** A tilted plane (exact in float) is zero after plane levelling; without, Sdq is its gradient. */
    @Test
    void tiltedPlaneIsZeroAfterLevelling() {
        int w = 200;
        int h = 120;
        float[] z = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                z[y * w + x] = (float) (3 + 0.25 * x + 0.125 * y);
            }
        }
        HeightField f = HeightField.calibrated(w, h, z, 0.5, 0.5, "µm", "µm");
        double range = 0.25 * (w - 1) + 0.125 * (h - 1);
        SurfaceSettings.Prepared levelled = SurfaceSettings.defaults().prepare(f, null);
        ArealParameters p = ArealParameters.of(levelled.surface());
        for (String k : List.of("Sa", "Sq", "Sp", "Sv", "Sz", "Sk", "Spk", "Svk")) {
            assertEquals(0, p.get(k), 1e-9 * range, k);
        }
        assertEquals(0, p.get("Sdq"), 1e-9, "Sdq");
        assertEquals(0, p.get("Sdr"), 1e-9, "Sdr");
        List<FittedForm.Coefficient> c = levelled.form().coefficients();
        assertEquals("X", c.get(1).term());
        assertRelative(0.5, c.get(1).value(), 1e-12, "slope in x, um/um");
        assertRelative(0.25, c.get(2).value(), 1e-12, "slope in y, um/um");
        assertRelative(3 + 0.25 * (w - 1) / 2 + 0.125 * (h - 1) / 2, c.get(0).value(), 1e-12, "height at the centre");
        assertEquals("µm/µm", c.get(1).unit());

        ArealParameters raw = ArealParameters.of(SurfaceSettings.defaults().withLevel(FormRemoval.Level.NONE)
                .prepare(f, null).surface());
        assertRelative(Math.sqrt(0.5 * 0.5 + 0.25 * 0.25), raw.get("Sdq"), 1e-12, "Sdq = |grad z|");
        assertRelative(100 * (Math.sqrt(1 + 0.3125) - 1), raw.get("Sdr"), 1e-12, "Sdr of a plane");
    }

    /** A cubic with an outlier of weight zero is removed exactly by order-3 levelling. */
    @Test
    void cubicFormIsRemovedAndZeroWeightIgnored() {
        int w = 90;
        int h = 70;
        float[] z = new float[w * h];
        float[] c = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = x / 8.0 - 5;
                double v = y / 8.0 - 4;
                z[y * w + x] = (float) (1 + 0.5 * u - 0.25 * v + 0.125 * u * u - 0.0625 * u * v + 0.03125 * u * u * u
                        - 0.015625 * v * v * v);
                c[y * w + x] = 0.9f;
            }
        }
        z[10 * w + 10] = 1000;
        c[10 * w + 10] = 0.1f;
        HeightField f = HeightField.calibrated(w, h, z, 1, 1, "µm", "µm");
        SurfaceSettings s = SurfaceSettings.from(org.defocusj.param.ParameterValues.of(Map.of("level", "poly3",
                "min-confidence", 0.5)));
        SurfaceSettings.Prepared p = s.prepare(f, c);
        assertEquals(1, p.leftOut());
        ArealParameters a = ArealParameters.of(p.surface());
        assertEquals(0, a.get("Sz"), 1e-6, "cubic removed; float input rounding only");
        assertEquals(w * h - 1, a.validPixels());
    }

    /**
     * The single pass guesses the histogram's range and the moments' reference from a sample of rows; whether
     * the guess holds (a smooth surface), misses heights outside the sampled rows' range (tall features between
     * the sampled rows), or finds no valid height in them (those rows NaN), the parameters are the exact ones:
     * against a plain sort-based evaluation of the definitions, to 1e-10 (what the two orders of summing
     * 190 000 heights leave).
     */
    @Test
    void exactWhateverTheRowSampleSees() {
        int w = 300;
        int h = 640;
        int stride = h / 64;
        SplittableRandom rnd = new SplittableRandom(7);
        float[][] cases = new float[3][w * h];
        for (int y = 0; y < h; y++) {
            boolean sampled = y % stride == stride / 2;
            for (int x = 0; x < w; x++) {
                double base = 1.5 + 0.002 * x + 0.2 * Math.sin(x / 9.0 + y / 13.0) + 0.05 * rnd.nextDouble();
                int i = y * w + x;
                cases[0][i] = rnd.nextDouble() < 0.02 ? Float.NaN : (float) base;
                // Between the sampled rows, a quarter of the pixels 30 um higher: the guessed range misses them.
                cases[1][i] = (float) (sampled || (x + y) % 4 != 0 ? base : base + 30 + rnd.nextDouble());
                cases[2][i] = sampled ? Float.NaN : (float) base;
            }
        }
        for (int k = 0; k < cases.length; k++) {
            HeightField f = HeightField.calibrated(w, h, cases[k], 0.4, 0.6, "µm", "µm");
            ArealParameters p = ArealParameters.of(f, 0.05);
            Map<String, Double> ref = bySorting(f, 0.05);
            for (ArealParameters.Definition d : ArealParameters.DEFINITIONS) {
                double e = ref.get(d.key());
                assertEquals(e, p.get(d.key()), 1e-10 * Math.max(1, Math.abs(e)), "case " + k + ": " + d.key());
            }
        }
    }

    /** The definitions evaluated directly: two-pass moments, every cell, a sorted copy for the quantiles. */
    private static Map<String, Double> bySorting(HeightField f, double c) {
        float[] z = f.heights();
        int w = f.width();
        int h = f.height();
        double[] v = java.util.Arrays.stream(toDouble(z)).filter(Double::isFinite).sorted().toArray();
        int n = v.length;
        double mean = java.util.Arrays.stream(v).sum() / n;
        double sa = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        for (double x : v) {
            double e = x - mean;
            sa += Math.abs(e);
            s2 += e * e;
            s3 += e * e * e;
            s4 += e * e * e * e;
        }
        double sq = Math.sqrt(s2 / n);
        double g = 0;
        double area = 0;
        int cells = 0;
        for (int y = 0; y + 1 < h; y++) {
            for (int x = 0; x + 1 < w; x++) {
                double a = z[y * w + x];
                double b = z[y * w + x + 1];
                double cc = z[(y + 1) * w + x];
                double dd = z[(y + 1) * w + x + 1];
                if (Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(cc) && Double.isFinite(dd)) {
                    double zx = (b - a + dd - cc) / (2 * f.pixelWidth());
                    double zy = (cc - a + dd - b) / (2 * f.pixelHeight());
                    g += zx * zx + zy * zy;
                    area += Math.sqrt(1 + zx * zx + zy * zy) - 1;
                    cells++;
                }
            }
        }
        double[] curve = new double[2001];
        for (int k = 0; k <= 2000; k++) {
            double pos = (1 - k / 2000.0) * (n - 1);
            int l = (int) Math.floor(pos);
            curve[k] = l + 1 < n ? v[l] + (pos - l) * (v[l + 1] - v[l]) : v[n - 1];
        }
        int best = 0;
        for (int k = 1; k + 800 <= 2000; k++) {
            if (curve[k] - curve[k + 800] < curve[best] - curve[best + 800]) {
                best = k;
            }
        }
        double slope = -(curve[best] - curve[best + 800]) / 0.4;
        double upper = curve[best] - slope * best / 2000.0;
        double lower = upper + slope;
        double above = 0;
        double aboveLower = 0;
        double peak = 0;
        double dale = 0;
        double atC = 0;
        for (double x : v) {
            above += x >= upper ? 1 : 0;
            aboveLower += x >= lower ? 1 : 0;
            peak += Math.max(x - upper, 0);
            dale += Math.max(lower - x, 0);
            atC += x >= mean + c ? 1 : 0;
        }
        double smr1 = above / n;
        double smr2 = aboveLower / n;
        Map<String, Double> out = new java.util.HashMap<>();
        out.put("Sa", sa / n);
        out.put("Sq", sq);
        out.put("Sp", v[n - 1] - mean);
        out.put("Sv", mean - v[0]);
        out.put("Sz", v[n - 1] - v[0]);
        out.put("Ssk", s3 / n / (sq * sq * sq));
        out.put("Sku", s4 / n / (sq * sq * sq * sq));
        out.put("Sdq", Math.sqrt(g / cells));
        out.put("Sdr", 100 * area / cells);
        out.put("Smr", 100 * atC / n);
        out.put("Sk", upper - lower);
        out.put("Spk", 2 * peak / n / smr1);
        out.put("Svk", 2 * dale / n / (1 - smr2));
        out.put("Smr1", 100 * smr1);
        out.put("Smr2", 100 * smr2);
        return out;
    }

    private static double[] toDouble(float[] z) {
        double[] d = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            d[i] = z[i];
        }
        return d;
    }

    /** Parameters and plane levelling against an independent numpy implementation of the same definitions. */
    @Test
    void matchesNumpyReference(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && numpyAvailable(), "/usr/bin/python3 with numpy not available");
        int w = 192;
        int h = 160;
        double pw = 0.4;
        double ph = 0.55;
        float[] z = new float[w * h];
        float[] conf = new float[w * h];
        SplittableRandom rnd = new SplittableRandom(25178);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 2 + 0.03 * x - 0.02 * y + 0.4 * Math.sin(x / 7.0) * Math.cos(y / 11.0)
                        + 0.15 * Math.exp(-((x - 60) * (x - 60) + (y - 90) * (y - 90)) / 200.0) + 0.1 * (rnd.nextDouble() - 0.5)
                        + (rnd.nextDouble() < 0.01 ? 1.5 * rnd.nextDouble() : 0);
                int i = y * w + x;
                z[i] = rnd.nextDouble() < 0.03 ? Float.NaN : (float) v;
                conf[i] = (float) rnd.nextDouble();
            }
        }
        HeightField f = HeightField.calibrated(w, h, z, pw, ph, "µm", "µm");
        SurfaceSettings s = SurfaceSettings.from(org.defocusj.param.ParameterValues.of(Map.of("min-confidence", 0.2,
                "smr-height", 0.1)));
        SurfaceSettings.Prepared prepared = s.prepare(f, conf);
        ArealParameters p = s.parameters(prepared);
        write(dir.resolve("raw.f32"), z);
        write(dir.resolve("conf.f32"), conf);
        write(dir.resolve("levelled.f32"), prepared.surface().heights());
        String script = String.join("\n",
                "import json, sys",
                "import numpy as np",
                "w, h, pw, ph, minc, c = " + w + ", " + h + ", " + pw + ", " + ph + ", 0.2, 0.1",
                "d = sys.argv[1]",
                "z = np.fromfile(d + '/raw.f32', '<f4').reshape(h, w).astype(np.float64)",
                "conf = np.fromfile(d + '/conf.f32', '<f4').reshape(h, w).astype(np.float64)",
                "lev = np.fromfile(d + '/levelled.f32', '<f4').reshape(h, w).astype(np.float64)",
                "ok = np.isfinite(z) & (conf >= minc)",
                "yy, xx = np.mgrid[0:h, 0:w]",
                "X, Y = xx * pw, yy * ph",
                "A = np.stack([np.ones(ok.sum()), X[ok], Y[ok]], 1)",
                "sw = np.sqrt(conf[ok])",
                "coef = np.linalg.lstsq(A * sw[:, None], z[ok] * sw, rcond=None)[0]",
                "ref = np.full((h, w), np.nan)",
                "ref[ok] = z[ok] - A @ coef",
                "out = {'level_diff': float(np.nanmax(np.abs(ref - lev))), 'range': float(np.ptp(z[ok])),",
                "       'nan_same': bool(np.array_equal(np.isnan(ref), np.isnan(lev))),",
                "       'slope_x': float(coef[1]), 'slope_y': float(coef[2])}",
                "v = lev[np.isfinite(lev)]",
                "m = v.mean()",
                "e = v - m",
                "sq = np.sqrt(np.mean(e ** 2))",
                "out.update(Sa=np.mean(np.abs(e)), Sq=sq, Sp=v.max() - m, Sv=m - v.min(), Sz=v.max() - v.min(),",
                "           Ssk=np.mean(e ** 3) / sq ** 3, Sku=np.mean(e ** 4) / sq ** 4)",
                "a, b, cc, dd = lev[:-1, :-1], lev[:-1, 1:], lev[1:, :-1], lev[1:, 1:]",
                "cell = np.isfinite(a) & np.isfinite(b) & np.isfinite(cc) & np.isfinite(dd)",
                "zx = ((b - a) + (dd - cc))[cell] / (2 * pw)",
                "zy = ((cc - a) + (dd - b))[cell] / (2 * ph)",
                "g2 = zx ** 2 + zy ** 2",
                "out.update(Sdq=np.sqrt(np.mean(g2)), Sdr=100 * np.mean(np.sqrt(1 + g2) - 1))",
                "out['Smr'] = 100 * np.mean(v >= m + c)",
                "curve = np.quantile(v, 1 - np.arange(2001) / 2000)",
                "drop = curve[:1201] - curve[800:]",
                "k = int(np.argmin(drop))",
                "g = -drop[k] / 0.4",
                "upper = curve[k] - g * (k / 2000)",
                "lower = upper + g",
                "smr1, smr2 = np.mean(v >= upper), np.mean(v >= lower)",
                "out.update(Sk=upper - lower, Smr1=100 * smr1, Smr2=100 * smr2,",
                "           Spk=2 * np.mean(np.maximum(v - upper, 0)) / smr1,",
                "           Svk=2 * np.mean(np.maximum(lower - v, 0)) / (1 - smr2))",
                "print(json.dumps({k: float(x) for k, x in out.items()}))");
        Path py = dir.resolve("reference.py");
        Files.writeString(py, script, StandardCharsets.UTF_8);
        Process proc = new ProcessBuilder(PYTHON.toString(), py.toString(), dir.toString()).redirectErrorStream(true)
                .start();
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "numpy reference timed out");
        String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, proc.exitValue(), text);
        JsonObject ref = JsonParser.parseString(text.substring(text.lastIndexOf('\n') + 1)).getAsJsonObject();
        assertEquals(1.0, ref.get("nan_same").getAsDouble(), "same pixels left out");
        assertTrue(ref.get("level_diff").getAsDouble() <= 1e-6 * ref.get("range").getAsDouble(),
                "levelled heights differ from numpy's by " + ref.get("level_diff"));
        List<FittedForm.Coefficient> coef = prepared.form().coefficients();
        assertRelative(ref.get("slope_x").getAsDouble(), coef.get(1).value(), 1e-6, "slope x");
        assertRelative(ref.get("slope_y").getAsDouble(), coef.get(2).value(), 1e-6, "slope y");
        for (ArealParameters.Definition d : ArealParameters.DEFINITIONS) {
            assertRelative(ref.get(d.key()).getAsDouble(), p.get(d.key()), 1e-6, d.key() + " vs numpy");
        }
        assertTrue(p.get("Sk") > 0 && p.get("Spk") > 0 && p.get("Svk") > 0, p.values().toString());
    }

    private static boolean numpyAvailable() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static void write(Path file, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        Files.write(file, b.array());
    }

    static void assertRelative(double expected, double actual, double tolerance, String what) {
        assertTrue(Math.abs(actual - expected) <= tolerance * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual + " (relative error "
                        + Math.abs(actual - expected) / Math.abs(expected) + ")");
    }
}
