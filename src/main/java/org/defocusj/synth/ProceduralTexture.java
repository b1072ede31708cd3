package org.defocusj.synth;

import java.util.SplittableRandom;

/**
 * Seeded textures for synthetic scenes. Fractal value noise sums octaves of smoothly interpolated random
 * lattices with amplitude halving as frequency doubles, giving the roughly 1/f spectrum of natural images
 * and texture at every scale a focus measure can see.
 */
public final class ProceduralTexture {

    private ProceduralTexture() {
    }

    /** Values in [0, 1], row-major w * h. */
    public static float[] fractalNoise(int w, int h, long seed, int baseCell, int octaves) {
        float[] out = new float[w * h];
        SplittableRandom rng = new SplittableRandom(seed);
        double amplitude = 1;
        double total = 0;
        int cell = baseCell;
        for (int o = 0; o < octaves && cell >= 1; o++) {
            addValueNoise(out, w, h, cell, amplitude, rng.split());
            total += amplitude;
            amplitude *= 0.5;
            cell /= 2;
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : out) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float span = max > min ? max - min : 1;
        for (int i = 0; i < out.length; i++) {
            out[i] = (out[i] - min) / span;
        }
        return out;
    }

    private static void addValueNoise(float[] out, int w, int h, int cell, double amplitude, SplittableRandom rng) {
        int gw = w / cell + 2;
        int gh = h / cell + 2;
        double[] lattice = new double[gw * gh];
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = rng.nextDouble();
        }
        for (int y = 0; y < h; y++) {
            double fy = y / (double) cell;
            int iy = (int) fy;
            double ty = smooth(fy - iy);
            for (int x = 0; x < w; x++) {
                double fx = x / (double) cell;
                int ix = (int) fx;
                double tx = smooth(fx - ix);
                double a = lattice[iy * gw + ix];
                double b = lattice[iy * gw + ix + 1];
                double c = lattice[(iy + 1) * gw + ix];
                double d = lattice[(iy + 1) * gw + ix + 1];
                double top = a + tx * (b - a);
                double bottom = c + tx * (d - c);
                out[y * w + x] += (float) (amplitude * (top + ty * (bottom - top)));
            }
        }
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    /** Sinusoidal stripes of a random orientation and period (4 to 24 pixels), values in [0, 1]. */
    public static float[] stripes(int w, int h, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double angle = rng.nextDouble() * Math.PI;
        double period = 4 + 20 * rng.nextDouble();
        double kx = Math.cos(angle) * 2 * Math.PI / period;
        double ky = Math.sin(angle) * 2 * Math.PI / period;
        double phase = rng.nextDouble() * 2 * Math.PI;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (float) (0.5 + 0.5 * Math.sin(kx * x + ky * y + phase));
            }
        }
        return out;
    }
}
