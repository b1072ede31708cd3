package org.defocusj.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately plain implementation of the metric table for tests, written from the definitions the way
 * NumPy code states them: select the valid values, then one formula per metric; boundary F1 builds the four
 * edge masks per threshold and counts them, with no level histograms or row buffers.
 */
final class ReferenceMetrics {

    private ReferenceMetrics() {
    }

    static Map<String, Double> of(float[] pred, float[] gt, boolean[] valid, int w, int h, EvaluationSpace space) {
        List<double[]> pt = new ArrayList<>();
        for (int i = 0; i < pred.length; i++) {
            if (valid[i]) {
                pt.add(new double[] {space.map(pred[i]), space.map(gt[i])});
            }
        }
        int n = pt.size();
        Map<String, Double> m = new LinkedHashMap<>();
        double[] th = {1.05, 1.15, 1.25, 1.25 * 1.25, 1.25 * 1.25 * 1.25};
        String[] names = {"d1_05", "d1_15", "d1", "d2", "d3"};
        for (int k = 0; k < th.length; k++) {
            int c = 0;
            for (double[] v : pt) {
                if (Math.max(v[1] / v[0], v[0] / v[1]) < th[k]) {
                    c++;
                }
            }
            m.put(names[k], (double) c / n);
        }
        double absRel = 0;
        double sqRel = 0;
        double mse = 0;
        double logSq = 0;
        double log10 = 0;
        double g = 0;
        for (double[] v : pt) {
            double p = v[0];
            double t = v[1];
            absRel += Math.abs(p - t) / t;
            sqRel += (p - t) * (p - t) / t;
            mse += (p - t) * (p - t);
            logSq += (Math.log(p) - Math.log(t)) * (Math.log(p) - Math.log(t));
            log10 += Math.abs(Math.log10(p) - Math.log10(t));
            g += Math.log(p) - Math.log(t);
        }
        m.put("abs_rel", absRel / n);
        m.put("sq_rel", sqRel / n);
        m.put("mse", mse / n);
        m.put("rmse", Math.sqrt(mse / n));
        m.put("rmse_log", Math.sqrt(logSq / n));
        m.put("log10", log10 / n);
        m.put("silog", Math.sqrt(logSq / n - 0.5 * (g / n) * (g / n)));
        m.put("F1", f1(pred, gt, valid, w, h, space));
        return m;
    }

    /** Depth Pro's SI_boundary_F1 with the valid-pair rule, written out. */
    static double f1(float[] pred, float[] gt, boolean[] valid, int w, int h, EvaluationSpace space) {
        double[] thresholds = new double[10];
        double sum = 0;
        for (int j = 0; j < 10; j++) {
            thresholds[j] = j == 9 ? 1.25 : 1.05 + j * ((1.25 - 1.05) / 9);
            sum += thresholds[j];
        }
        double[] ip = new double[pred.length];
        double[] ig = new double[gt.length];
        for (int i = 0; i < pred.length; i++) {
            ip[i] = 1 / Math.max(space.map(pred[i]), 1e-6);
            ig[i] = 1 / Math.max(space.map(gt[i]), 1e-6);
        }
        double total = 0;
        for (int j = 0; j < 10; j++) {
            double t = thresholds[j];
            double r = 0;
            double p = 0;
            // direction: 0 right, 1 left, 2 bottom, 3 top; pair (a, b) with b the right or lower neighbour.
            for (int dir = 0; dir < 4; dir++) {
                int both = 0;
                int nPred = 0;
                int nGt = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int a = y * w + x;
                        int b;
                        if (dir < 2) {
                            if (x + 1 >= w) {
                                continue;
                            }
                            b = a + 1;
                        } else {
                            if (y + 1 >= h) {
                                continue;
                            }
                            b = a + w;
                        }
                        if (!valid[a] || !valid[b]) {
                            continue;
                        }
                        boolean forward = dir % 2 == 0;
                        boolean ep = forward ? ip[b] / ip[a] > t : ip[a] / ip[b] > t;
                        boolean eg = forward ? ig[b] / ig[a] > t : ig[a] / ig[b] > t;
                        nPred += ep ? 1 : 0;
                        nGt += eg ? 1 : 0;
                        both += ep && eg ? 1 : 0;
                    }
                }
                r += (double) both / Math.max(nGt, 1);
                p += (double) both / Math.max(nPred, 1);
            }
            r /= 4;
            p /= 4;
            double f = r + p == 0 ? 0 : 2 * p * r / (p + r);
            total += f * t / sum;
        }
        return total;
    }
}
