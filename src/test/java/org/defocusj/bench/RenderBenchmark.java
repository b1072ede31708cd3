package org.defocusj.bench;

import java.util.Arrays;
import java.util.Locale;

import org.defocusj.psf.GatherRenderer;
import org.defocusj.psf.NaiveGather;
import org.defocusj.psf.Psf;
import org.defocusj.psf.ThinLensCamera;
import org.defocusj.synth.SceneGenerator;
import org.defocusj.synth.SceneKind;
import org.defocusj.synth.SyntheticScene;

/**
 * Rendering throughput: a 1024 x 1024 RGB scene, 5 focus slices, K = 15, power-exponential PSF, through the
 * optimised multi-threaded gather renderer and through {@link NaiveGather} (one PSF evaluation per pixel and
 * neighbour, single thread) in the same run. Prints seconds, megapixels per second and the speed-up.
 * Run with scripts/bench-render [--size N] [--runs R].
 */
public final class RenderBenchmark {

    private RenderBenchmark() {
    }

    public static void main(String[] args) {
        int size = 1024;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--size")) {
                size = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        SyntheticScene scene = new SceneGenerator(size, size).generate(SceneKind.DEAD_LEAVES, 3, 0).scene;
        // A 640-pixel-wide full-frame crop geometry (56 um pixels) so blur radii span 0..15 px.
        ThinLensCamera camera = ThinLensCamera.ofSensor(50, 1.4, 36.0 * size / 640, size, size);
        double[] focus = {0.7, 1.0, 1.5, 2.5, 4.0};
        float[][] radii = new float[focus.length][];
        for (int z = 0; z < focus.length; z++) {
            radii[z] = camera.radiusMap(scene.depth(), focus[z]);
        }
        Psf psf = Psf.powerExponential(6);
        GatherRenderer fast = new GatherRenderer(psf, 15, threads);
        double mp = size * (double) size * focus.length / 1e6;

        render(fast, scene, radii, size); // warm-up
        double[] tFast = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            render(fast, scene, radii, size);
            tFast[r] = (System.nanoTime() - t0) / 1e9;
        }
        // The naive renderer is slow: time it on a band of rows and scale to the full image.
        int band = Math.max(16, size / 16);
        float[][] bandRgb = new float[3][];
        for (int c = 0; c < 3; c++) {
            bandRgb[c] = Arrays.copyOf(scene.rgb()[c], band * size);
        }
        double[] tNaive = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            for (int z = 0; z < focus.length; z++) {
                NaiveGather.render(psf, 15, bandRgb, size, band, Arrays.copyOf(radii[z], band * size));
            }
            tNaive[r] = (System.nanoTime() - t0) / 1e9 * size / band;
        }
        double fastMedian = median(tFast);
        double naiveMedian = median(tNaive);
        System.out.printf(Locale.ROOT, "render %dx%d RGB, %d slices, K=15, power-exp p=6, %d threads%n", size, size,
                focus.length, threads);
        System.out.printf(Locale.ROOT, "  optimised gather: %.2f s  (%.2f MP-slices/s)%n", fastMedian, mp / fastMedian);
        System.out.printf(Locale.ROOT, "  naive gather, 1 thread (timed on %d rows, scaled): %.2f s  (%.3f MP-slices/s)%n",
                band, naiveMedian, mp / naiveMedian);
        System.out.printf(Locale.ROOT, "  speed-up: %.1fx%n", naiveMedian / fastMedian);
    }

    private static void render(GatherRenderer r, SyntheticScene s, float[][] radii, int size) {
        for (float[] radius : radii) {
            r.render(s.rgb(), size, size, radius);
        }
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
