package org.defocusj.synth;

import java.util.SplittableRandom;

/**
 * Seeded procedural RGB-D scenes with exact depth in metres. Depth spans [near, far] with near drawn in
 * [0.5, 1.5] m and far = near x [2, 12], a range that FOSSA-style focus sampling brackets. Every surface is
 * textured (fractal noise with a 1/f-like spectrum, or stripes) so that defocus is visible everywhere.
 */
public final class SceneGenerator {

    private final int width;
    private final int height;

    public SceneGenerator(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Scene number {@code index} of a data set with seed {@code seed}: the same inputs give the same scene. */
    public GeneratedScene generate(SceneKind kind, long seed, int index) {
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + index);
        SceneKind k = kind;
        if (k == SceneKind.MIX) {
            SceneKind[] choices = {SceneKind.PLANE, SceneKind.STEPS, SceneKind.SPHERES, SceneKind.DEAD_LEAVES,
                SceneKind.DEAD_LEAVES};
            k = choices[rng.nextInt(choices.length)];
        }
        double near = 0.5 + rng.nextDouble();
        double far = near * (2 + 10 * rng.nextDouble());
        int w = width;
        int h = height;
        float[] depth = new float[w * h];
        float[][] rgb = texture(rng.nextLong());
        switch (k) {
            case PLANE:
                tiltedPlane(depth, near, far, rng);
                break;
            case STEPS:
                steps(depth, rgb, near, far, rng);
                break;
            case SPHERES:
                tiltedPlane(depth, near + 0.5 * (far - near), far, rng);
                spheres(depth, rgb, near, far, rng);
                break;
            case DEAD_LEAVES:
            default:
                tiltedPlane(depth, near + 0.6 * (far - near), far, rng);
                deadLeaves(depth, rgb, near, far, rng);
                break;
        }
        return new GeneratedScene(new SyntheticScene(w, h, rgb, depth), k);
    }

    /** A scene and the kind it was drawn as. */
    public static final class GeneratedScene {
        public final SyntheticScene scene;
        public final SceneKind kind;

        GeneratedScene(SyntheticScene scene, SceneKind kind) {
            this.scene = scene;
            this.kind = kind;
        }
    }

    private float[][] texture(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        if (rng.nextDouble() < 0.75) {
            return SyntheticScene.colourTexture(width, height, rng.nextLong());
        }
        float[] s = ProceduralTexture.stripes(width, height, rng.nextLong());
        float[] n = ProceduralTexture.fractalNoise(width, height, rng.nextLong(), 16, 4);
        double[] tint = {0.6 + 0.4 * rng.nextDouble(), 0.6 + 0.4 * rng.nextDouble(), 0.6 + 0.4 * rng.nextDouble()};
        float[][] rgb = new float[3][width * height];
        for (int i = 0; i < s.length; i++) {
            double v = 25 + 210 * (0.7 * s[i] + 0.3 * n[i]);
            for (int c = 0; c < 3; c++) {
                rgb[c][i] = (float) Math.min(255, v * tint[c]);
            }
        }
        return rgb;
    }

    /** Depth linear across the image between near and far in a random direction. */
    private void tiltedPlane(float[] depth, double near, double far, SplittableRandom rng) {
        double angle = rng.nextDouble() * 2 * Math.PI;
        double ax = Math.cos(angle);
        double ay = Math.sin(angle);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int corner = 0; corner < 4; corner++) {
            double v = ax * (corner % 2) * (width - 1) + ay * (corner / 2) * (height - 1);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double t = (ax * x + ay * y - min) / (max - min);
                depth[y * width + x] = (float) (near + t * (far - near));
            }
        }
    }

    private void steps(float[] depth, float[][] rgb, double near, double far, SplittableRandom rng) {
        int bands = 2 + rng.nextInt(4);
        boolean vertical = rng.nextBoolean();
        int extent = vertical ? width : height;
        double[] level = new double[bands];
        float[][][] tex = new float[bands][][];
        for (int b = 0; b < bands; b++) {
            level[b] = near + rng.nextDouble() * (far - near);
            tex[b] = b == 0 ? rgb : texture(rng.nextLong());
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int b = Math.min(bands - 1, (vertical ? x : y) * bands / extent);
                int i = y * width + x;
                depth[i] = (float) level[b];
                for (int c = 0; c < 3; c++) {
                    rgb[c][i] = tex[b][c][i];
                }
            }
        }
    }

    private void spheres(float[] depth, float[][] rgb, double near, double far, SplittableRandom rng) {
        int count = 1 + rng.nextInt(4);
        for (int s = 0; s < count; s++) {
            double cx = rng.nextDouble() * width;
            double cy = rng.nextDouble() * height;
            double r = (0.1 + 0.25 * rng.nextDouble()) * Math.min(width, height);
            double centre = near + rng.nextDouble() * 0.5 * (far - near);
            // The sphere's depth relief: its radius in metres relative to its distance.
            double reliefM = centre * (0.05 + 0.2 * rng.nextDouble());
            float[][] tex = texture(rng.nextLong());
            for (int y = (int) Math.max(0, cy - r); y < Math.min(height, cy + r + 1); y++) {
                for (int x = (int) Math.max(0, cx - r); x < Math.min(width, cx + r + 1); x++) {
                    double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (r * r);
                    if (d2 > 1) {
                        continue;
                    }
                    int i = y * width + x;
                    double z = centre - reliefM * Math.sqrt(1 - d2);
                    if (z < depth[i]) {
                        depth[i] = (float) Math.max(near, z);
                        for (int c = 0; c < 3; c++) {
                            rgb[c][i] = tex[c][i];
                        }
                    }
                }
            }
        }
    }

    private void deadLeaves(float[] depth, float[][] rgb, double near, double far, SplittableRandom rng) {
        int count = 4 + rng.nextInt(12);
        // Paint far to near: draw depths first, sort descending.
        double[] z = new double[count];
        for (int k = 0; k < count; k++) {
            z[k] = near + rng.nextDouble() * 0.8 * (far - near);
        }
        java.util.Arrays.sort(z);
        for (int k = count - 1; k >= 0; k--) {
            float[][] tex = texture(rng.nextLong());
            boolean disc = rng.nextBoolean();
            double cx = rng.nextDouble() * width;
            double cy = rng.nextDouble() * height;
            double a = (0.05 + 0.2 * rng.nextDouble()) * Math.min(width, height);
            double b = disc ? a : (0.05 + 0.2 * rng.nextDouble()) * Math.min(width, height);
            for (int y = (int) Math.max(0, cy - b); y < Math.min(height, cy + b + 1); y++) {
                for (int x = (int) Math.max(0, cx - a); x < Math.min(width, cx + a + 1); x++) {
                    if (disc && (x - cx) * (x - cx) + (y - cy) * (y - cy) > a * a) {
                        continue;
                    }
                    int i = y * width + x;
                    depth[i] = (float) z[k];
                    for (int c = 0; c < 3; c++) {
                        rgb[c][i] = tex[c][i];
                    }
                }
            }
        }
    }
}
