package org.defocusj.synth;

/**
 * An RGB-D scene with exact depth: three colour planes in [0, 255] and a depth map in metres (or any unit
 * the renderer is told), all row-major w * h.
 */
public final class SyntheticScene {

    private final int width;
    private final int height;
    private final float[][] rgb;
    private final float[] depth;

    public SyntheticScene(int width, int height, float[][] rgb, float[] depth) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.depth = depth;
    }

    /**
     * A textured scene with a tilted plane on the left (depth rising linearly from {@code near} at the top to
     * {@code far} at the bottom) and a step on the right (two flat regions, at 1/3 and 2/3 of the way).
     */
    public static SyntheticScene planeAndStep(int w, int h, double near, double far, long seed) {
        float[] depth = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d;
                if (x < w / 2) {
                    d = near + (far - near) * y / (double) (h - 1);
                } else {
                    d = y < h / 2 ? near + (far - near) / 3 : near + 2 * (far - near) / 3;
                }
                depth[y * w + x] = (float) d;
            }
        }
        return new SyntheticScene(w, h, colourTexture(w, h, seed), depth);
    }

    /** Fractal noise in three decorrelated channels, mixed so that colours vary but stay natural. */
    static float[][] colourTexture(int w, int h, long seed) {
        float[] luma = ProceduralTexture.fractalNoise(w, h, seed, 32, 6);
        float[] chromaA = ProceduralTexture.fractalNoise(w, h, seed + 1, 64, 3);
        float[] chromaB = ProceduralTexture.fractalNoise(w, h, seed + 2, 64, 3);
        float[][] rgb = new float[3][w * h];
        for (int i = 0; i < w * h; i++) {
            double l = 30 + 200 * luma[i];
            double a = 40 * (chromaA[i] - 0.5);
            double b = 40 * (chromaB[i] - 0.5);
            rgb[0][i] = clamp(l + a);
            rgb[1][i] = clamp(l - 0.5 * a + 0.5 * b);
            rgb[2][i] = clamp(l - b);
        }
        return rgb;
    }

    private static float clamp(double v) {
        return (float) Math.max(0, Math.min(255, v));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Colour planes (R, G, B) in [0, 255]; not copied. */
    public float[][] rgb() {
        return rgb;
    }

    /** Depth per pixel; not copied. */
    public float[] depth() {
        return depth;
    }
}
