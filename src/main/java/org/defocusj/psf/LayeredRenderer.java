package org.defocusj.psf;

import java.util.Arrays;

import org.defocusj.BadInputException;
import org.defocusj.depth.Workers;

/**
 * Occlusion-aware defocus: the scene is cut into depth layers (equal-count bins of depth), each layer's
 * colour and coverage are blurred with that layer's PSF radius, and layers are composited back to front
 * ("over"), then divided by the accumulated coverage. Unlike gathering, an in-focus foreground edge stays
 * sharp and a blurred foreground spreads over the background, as a real lens does. Larger depth values are
 * taken as farther from the lens. What a foreground object hides of the background is unknown, so the
 * blurred rim of a foreground object over a hidden region keeps the object's colour (normalised coverage)
 * rather than showing background.
 */
public final class LayeredRenderer implements DefocusRenderer {

    private final Psf psf;
    private final int kernelSize;
    private final int layers;
    private final int threads;

    public LayeredRenderer(Psf psf, int kernelSize, int layers, int threads) {
        if (kernelSize < 3 || kernelSize % 2 == 0) {
            throw BadInputException.forParameter("kernel-size",
                    "expected an odd number of at least 3, got " + kernelSize);
        }
        if (layers < 1) {
            throw BadInputException.forParameter("layers", "expected at least 1, got " + layers);
        }
        this.psf = psf;
        this.kernelSize = kernelSize;
        this.layers = layers;
        this.threads = Math.max(1, threads);
    }

    /**
     * @param channels colour planes, each w * h
     * @param depth    scene depth per pixel
     * @param model    defocus model giving each layer's radius
     * @param focus    focus setting in the model's unit
     */
    @Override
    public float[][] render(float[][] channels, int w, int h, float[] depth, DefocusModel model, double focus) {
        int n = w * h;
        int nC = channels.length;
        int[] layerOf = assignLayers(depth);
        int count = 0;
        for (int l : layerOf) {
            count = Math.max(count, l + 1);
        }
        double[][] accColour = new double[nC][n];
        double[] accAlpha = new double[n];
        float[][] premult = new float[nC][n];
        float[] alpha = new float[n];
        for (int layer = count - 1; layer >= 0; layer--) {
            double sum = 0;
            int members = 0;
            Arrays.fill(alpha, 0);
            for (int i = 0; i < n; i++) {
                boolean in = layerOf[i] == layer;
                alpha[i] = in ? 1 : 0;
                for (int c = 0; c < nC; c++) {
                    premult[c][i] = in ? channels[c][i] : 0;
                }
                if (in) {
                    sum += depth[i];
                    members++;
                }
            }
            if (members == 0) {
                continue;
            }
            double radius = model.radiusPx(sum / members, focus);
            composite(premult, alpha, w, h, radius, accColour, accAlpha);
        }
        float[][] out = new float[nC][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < nC; c++) {
                out[c][i] = accAlpha[i] > 0 ? (float) (accColour[c][i] / accAlpha[i]) : channels[c][i];
            }
        }
        return out;
    }

    /** Equal-count depth bins, 0 = nearest. */
    int[] assignLayers(float[] depth) {
        float[] sorted = depth.clone();
        Arrays.sort(sorted);
        float[] edges = new float[layers - 1];
        for (int k = 1; k < layers; k++) {
            edges[k - 1] = sorted[(int) ((long) k * (sorted.length - 1) / layers)];
        }
        int[] layerOf = new int[depth.length];
        for (int i = 0; i < depth.length; i++) {
            int pos = Arrays.binarySearch(edges, depth[i]);
            // Equal values go to the lowest bin holding them so a flat region is never split.
            if (pos >= 0) {
                while (pos > 0 && edges[pos - 1] == depth[i]) {
                    pos--;
                }
            } else {
                pos = -pos - 1;
            }
            layerOf[i] = pos;
        }
        return layerOf;
    }

    private void composite(float[][] premult, float[] alpha, int w, int h, double radius, double[][] accColour,
            double[] accAlpha) {
        int half = kernelSize / 2;
        int size = kernelSize;
        double[] kernel = new double[size * size];
        boolean blur = radius > 1;
        for (int dy = -half; dy <= half; dy++) {
            for (int dx = -half; dx <= half; dx++) {
                kernel[(dy + half) * size + dx + half] = blur ? psf.weight(dx * dx + dy * dy, radius)
                        : (dx == 0 && dy == 0 ? 1 : 0);
            }
        }
        int nC = premult.length;
        Workers.forBands(threads, h, 1, (from, to) -> {
            double[] c = new double[nC];
            for (int y = from; y < to; y++) {
                for (int x = 0; x < w; x++) {
                    double a = 0;
                    double norm = 0;
                    Arrays.fill(c, 0);
                    for (int dy = -half; dy <= half; dy++) {
                        int yy = y + dy;
                        if (yy < 0 || yy >= h) {
                            continue;
                        }
                        for (int dx = -half; dx <= half; dx++) {
                            int xx = x + dx;
                            if (xx < 0 || xx >= w) {
                                continue;
                            }
                            double k = kernel[(dy + half) * size + dx + half];
                            norm += k;
                            int q = yy * w + xx;
                            if (alpha[q] != 0) {
                                a += k;
                                for (int ch = 0; ch < nC; ch++) {
                                    c[ch] += k * premult[ch][q];
                                }
                            }
                        }
                    }
                    if (a == 0) {
                        continue;
                    }
                    int i = y * w + x;
                    a /= norm;
                    double keep = 1 - a;
                    accAlpha[i] = a + keep * accAlpha[i];
                    for (int ch = 0; ch < nC; ch++) {
                        accColour[ch][i] = c[ch] / norm + keep * accColour[ch][i];
                    }
                }
            }
        }, "defocusj render");
    }
}
