package org.defocusj.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.defocusj.stack.OrderStatistics;

/**
 * A depth map rendered for people: colours from the perceptually uniform viridis map between the 1st and
 * 99th percentiles (so a few outliers do not wash out the scene), a colour bar with ticks, and the quantity
 * with its unit above the bar. Pixels without depth are drawn dark grey.
 */
public final class DepthPng {

    /** Viridis sampled at nine evenly spaced points (matplotlib's definition); linear in between. */
    private static final int[][] VIRIDIS = {
        {68, 1, 84}, {71, 44, 122}, {59, 82, 139}, {44, 114, 142}, {33, 145, 140},
        {40, 174, 128}, {94, 201, 98}, {173, 220, 48}, {253, 231, 37},
    };
    private static final int NO_DATA = 0xff303030;
    private static final int BAR_WIDTH = 18;
    private static final int MARGIN = 12;
    private static final int MIN_HEIGHT = 200;
    /** Histogram of the display range: fine enough that the two bins gathered are small. */
    private static final int RANGE_BINS = 1 << 16;
    private static final int RANGE_BANDS = 8;

    private DepthPng() {
    }

    /** Colour of {@code t} in [0, 1] as packed RGB. */
    public static int viridis(double t) {
        double s = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) s);
        double f = s - i;
        int r = (int) Math.round(VIRIDIS[i][0] + f * (VIRIDIS[i + 1][0] - VIRIDIS[i][0]));
        int g = (int) Math.round(VIRIDIS[i][1] + f * (VIRIDIS[i + 1][1] - VIRIDIS[i][1]));
        int b = (int) Math.round(VIRIDIS[i][2] + f * (VIRIDIS[i + 1][2] - VIRIDIS[i][2]));
        return 0xff000000 | (r << 16) | (g << 8) | b;
    }

    /**
     * @param label the quantity and unit shown above the bar, e.g. "depth (m)"
     */
    public static BufferedImage render(float[] depth, int w, int h, String label) {
        double[] range = displayRange(depth);
        double lo = range[0];
        double hi = range[1];
        int canvasH = Math.max(h, MIN_HEIGHT);
        BufferedImage legend = legend(lo, hi, label, canvasH);
        BufferedImage out = new BufferedImage(w + legend.getWidth(), canvasH, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = depth[y * w + x];
                row[x] = Float.isFinite(v) ? viridis((v - lo) / (hi - lo)) : NO_DATA;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        Graphics2D g = out.createGraphics();
        try {
            if (h < canvasH) {
                g.setColor(Color.WHITE);
                g.fillRect(0, h, w, canvasH - h);
            }
            g.drawImage(legend, w, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The colour bar alone, on white: viridis from {@code lo} (bottom) to {@code hi} (top), five ticks, and
     * {@code label} above it; {@code height} pixels tall. PNGs put it beside the map, ImageJ as an overlay.
     */
    public static BufferedImage legend(double lo, double hi, String label, int height) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        int textWidth = Math.max(60, labelWidth(font, label) - BAR_WIDTH - 6 + 4);
        int legendW = MARGIN + BAR_WIDTH + 6 + textWidth;
        BufferedImage out = new BufferedImage(legendW, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, legendW, height);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            int barTop = fm.getHeight() + 8;
            int barBottom = height - fm.getHeight() / 2 - 2;
            int barX = MARGIN;
            for (int y = barTop; y <= barBottom; y++) {
                double t = (barBottom - y) / (double) (barBottom - barTop);
                g.setColor(new Color(viridis(t)));
                g.drawLine(barX, y, barX + BAR_WIDTH - 1, y);
            }
            g.setColor(Color.BLACK);
            g.drawRect(barX, barTop, BAR_WIDTH - 1, barBottom - barTop);
            g.drawString(label, Math.max(2, legendW - fm.stringWidth(label) - 4), fm.getAscent() + 2);
            int ticks = 5;
            for (int k = 0; k < ticks; k++) {
                double t = k / (double) (ticks - 1);
                int y = (int) Math.round(barBottom - t * (barBottom - barTop));
                g.drawLine(barX + BAR_WIDTH, y, barX + BAR_WIDTH + 3, y);
                g.drawString(formatTick(lo + t * (hi - lo), hi - lo), barX + BAR_WIDTH + 6, y + fm.getAscent() / 2 - 1);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static int labelWidth(Font font, String label) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(font).stringWidth(label);
        } finally {
            g.dispose();
        }
    }

    public static void write(float[] depth, int w, int h, String label, Path file) throws IOException {
        if (!ImageIO.write(render(depth, w, h, label), "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /**
     * 1st and 99th percentile of the finite values (the values of ranks round(0.01 (n - 1)) and
     * round(0.99 (n - 1)) of the n finite ones), widened if they coincide; {0, 1} if none is finite. Exact, from
     * a histogram and the two bins that hold those ranks, in parallel: no sort of the whole map.
     */
    public static double[] displayRange(float[] values) {
        int n = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                n++;
                if (v < min) {
                    min = v;
                }
                if (v > max) {
                    max = v;
                }
            }
        }
        if (n == 0) {
            return new double[] {0, 1};
        }
        int bins = Math.max(1, Math.min(RANGE_BINS, n / 16));
        double[] q = new OrderStatistics(values, 1, values.length, RANGE_BANDS, min, max, bins).countAll()
                .at(new long[] {Math.round(0.01 * (n - 1)), Math.round(0.99 * (n - 1))});
        double lo = q[0];
        double hi = q[1];
        if (!(hi > lo)) {
            double pad = Math.max(Math.abs(lo) * 1e-3, 1e-6);
            lo -= pad;
            hi += pad;
        }
        return new double[] {lo, hi};
    }

    private static String formatTick(double v, double span) {
        int decimals = Math.max(0, Math.min(6, 2 - (int) Math.floor(Math.log10(span))));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
