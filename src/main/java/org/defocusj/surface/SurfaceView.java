package org.defocusj.surface;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.process.ColorProcessor;

import org.defocusj.BadInputException;
import org.defocusj.io.AtomicOutputs;
import org.defocusj.io.DepthPng;

/**
 * An orthographic 3D view of a height field: lit (Lambert plus ambient, from per-pixel normals in real units),
 * coloured by a texture (the all-in-focus image) or by height (viridis, with the depth PNGs' colour bar), with a
 * caption that states the angles and units. Invalid pixels are left out (background shows through).
 *
 * <p>How: with no roll, every column of the view sees one line across the height field's plane, so the image is
 * made column by column by marching that line from near to far, bilinearly sampling heights and shaded colours
 * at about one view pixel or one height pixel, whichever is finer, and painting only what rises above the highest
 * point painted so far in that column (a floating horizon). That is exact occlusion for a height field seen from
 * above at any azimuth, with each span between two samples coloured by linear interpolation as a mesh rasteriser
 * would, but costs columns x samples instead of a z-buffer pass over every triangle. Anti-aliasing: the view is
 * rendered {@code supersampling} times larger in each direction and box-averaged.
 */
public final class SurfaceView {

    /** Background of the view; pixels without a surface keep it. */
    public static final int BACKGROUND = 0xffffff;
    /** Lateral extent the height range spans when heights and xy have no common unit, times the exaggeration. */
    static final double AUTO_RELIEF = 0.25;
    private static final int MARGIN = 4;
    private static final int MIN_LEGEND_HEIGHT = 200;
    /** Raster columns marched together (and one parallel task). */
    private static final int BLOCK = 16;

    private final HeightField field;
    private final SurfaceViewSettings settings;
    private final boolean heightColours;
    private final int[] colours;
    private final double zMin;
    private final double zMax;
    private final double[] colourRange;
    /** World z per height unit, exaggeration included. */
    private final double zScale;
    private final boolean trueProportions;
    private final double cosA;
    private final double sinA;
    private final double sinE;
    private final double cosE;
    private final double uMin;
    private final double sMax;
    /** View pixels per world unit (before supersampling). */
    private final double scale;
    private final int viewWidth;
    private final int viewHeight;

    private SurfaceView(HeightField field, MeshTexture texture, SurfaceViewSettings settings) {
        this.field = field;
        this.settings = settings;
        if (texture != null) {
            texture.requireSize(field, MeshSettings.TEXTURE.id());
        }
        if ("texture".equals(settings.colors()) && texture == null) {
            throw BadInputException.forParameter(SurfaceViewSettings.COLORS.id(), "texture colours need a texture ("
                    + BadInputException.ref(MeshSettings.TEXTURE.id()) + "; expected a texture image, or height or "
                    + "auto colours)");
        }
        this.heightColours = texture == null || "height".equals(settings.colors());
        float[] h = field.heights();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : h) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(lo <= hi)) {
            throw BadInputException.forParameter(SurfaceViewSettings.VIEW.id(), "the height map has no valid height "
                    + "to show (every pixel is NaN; expected valid heights)");
        }
        this.zMin = lo;
        this.zMax = hi;
        this.colourRange = heightColours ? DepthPng.displayRange(h) : null;
        double widthX = (field.width() - 1) * field.pixelWidth();
        double heightY = (field.height() - 1) * field.pixelHeight();
        double k = MeshGrid.heightToXy(field);
        this.trueProportions = !Double.isNaN(k);
        if (!trueProportions) {
            k = hi > lo ? AUTO_RELIEF * Math.max(Math.max(widthX, heightY), 1) / (hi - lo) : 1;
        }
        this.zScale = k * settings.exaggeration();
        double a = Math.toRadians(settings.azimuth());
        double e = Math.toRadians(settings.elevation());
        cosA = Math.cos(a);
        sinA = Math.sin(a);
        sinE = Math.sin(e);
        cosE = settings.elevation() == 90 ? 0 : Math.cos(e);
        double u0 = Double.POSITIVE_INFINITY;
        double u1 = Double.NEGATIVE_INFINITY;
        for (double x : new double[] {0, widthX}) {
            for (double y : new double[] {0, heightY}) {
                double u = x * cosA + y * sinA;
                u0 = Math.min(u0, u);
                u1 = Math.max(u1, u);
            }
        }
        // The vertical extent from the valid points themselves: a corner's bound at the lowest or highest height
        // would leave empty bands where the surface is tilted.
        double[] sRange = verticalRange();
        double s0 = sRange[0];
        double s1 = sRange[1];
        double extent = Math.max(Math.max(u1 - u0, s1 - s0), 1e-12);
        int inner = settings.size() - 2 * MARGIN;
        this.scale = inner / extent;
        this.uMin = u0 - MARGIN / scale;
        this.sMax = s1 + MARGIN / scale;
        this.viewWidth = (int) Math.ceil((u1 - u0) * scale) + 2 * MARGIN;
        this.viewHeight = (int) Math.ceil((s1 - s0) * scale) + 2 * MARGIN;
        this.colours = shade(texture);
    }

    /**
     * Prepares the view of {@code field}.
     *
     * @param texture colours, or null for height colours
     * @throws BadInputException when no height is valid, or the texture does not fit
     */
    public static SurfaceView of(HeightField field, MeshTexture texture, SurfaceViewSettings settings) {
        return new SurfaceView(field, texture, settings);
    }

    /** Lowest and highest screen-up coordinate {@code v sin(e) + z cos(e)} over the valid pixels. */
    private double[] verticalRange() {
        int w = field.width();
        int h = field.height();
        float[] z = field.heights();
        double px = field.pixelWidth();
        double py = field.pixelHeight();
        return IntStream.range(0, h).parallel().mapToObj(row -> {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double y = (h - 1 - row) * py;
            for (int col = 0; col < w; col++) {
                float c = z[row * w + col];
                if (Float.isFinite(c)) {
                    double s = (-col * px * sinA + y * cosA) * sinE + (c - zMin) * zScale * cosE;
                    lo = Math.min(lo, s);
                    hi = Math.max(hi, s);
                }
            }
            return new double[] {lo, hi};
        }).reduce(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }

    /** Per height pixel: its colour times its lighting, packed RGB. */
    private int[] shade(MeshTexture texture) {
        int w = field.width();
        int h = field.height();
        float[] z = field.heights();
        double la = Math.toRadians(settings.lightAzimuth());
        double le = Math.toRadians(settings.lightElevation());
        double lx = Math.sin(la) * Math.cos(le);
        double ly = -Math.cos(la) * Math.cos(le);
        double lz = Math.sin(le);
        double ambient = settings.ambient();
        double px = field.pixelWidth();
        double py = field.pixelHeight();
        int[] out = new int[w * h];
        int[] tex = heightColours ? null : texture.pixels();
        double cLo = heightColours ? colourRange[0] : 0;
        double cSpan = heightColours ? colourRange[1] - colourRange[0] : 1;
        IntStream.range(0, h).parallel().forEach(row -> {
            for (int col = 0; col < w; col++) {
                int i = row * w + col;
                float c = z[i];
                if (!Float.isFinite(c)) {
                    continue;
                }
                // World y points up the image, so dZ/dY is minus the change down the rows.
                double dzdx = slope(c, col > 0 ? z[i - 1] : Float.NaN, col + 1 < w ? z[i + 1] : Float.NaN, px)
                        * zScale;
                double dzdy = -slope(c, row > 0 ? z[i - w] : Float.NaN, row + 1 < h ? z[i + w] : Float.NaN, py)
                        * zScale;
                double lambert = (-dzdx * lx - dzdy * ly + lz) / Math.sqrt(dzdx * dzdx + dzdy * dzdy + 1);
                double light = ambient + (1 - ambient) * Math.max(0, lambert);
                int rgb = tex != null ? tex[i] : DepthPng.viridis((c - cLo) / cSpan);
                int r = (int) Math.round(((rgb >> 16) & 0xff) * light);
                int g = (int) Math.round(((rgb >> 8) & 0xff) * light);
                int b = (int) Math.round((rgb & 0xff) * light);
                out[i] = (Math.min(255, r) << 16) | (Math.min(255, g) << 8) | Math.min(255, b);
            }
        });
        return out;
    }

    /** Change of height per unit distance at a pixel of height {@code c}, from its neighbours (NaN: none). */
    private static double slope(float c, float before, float after, double pixel) {
        boolean b = Float.isFinite(before);
        boolean a = Float.isFinite(after);
        if (a && b) {
            return (after - before) / (2 * pixel);
        }
        if (a) {
            return (after - c) / pixel;
        }
        if (b) {
            return (c - before) / pixel;
        }
        return 0;
    }

    /** The rendered surface alone (no colour bar or caption), {@link #width()} x {@link #height()}, packed RGB. */
    public int[] surfacePixels() {
        int ss = settings.supersampling();
        int wr = viewWidth * ss;
        int hr = viewHeight * ss;
        int[] raster = new int[wr * hr];
        java.util.Arrays.fill(raster, BACKGROUND);
        IntStream.range(0, (wr + BLOCK - 1) / BLOCK).parallel().forEach(c -> {
            Column[] block = new Column[Math.min(wr, (c + 1) * BLOCK) - c * BLOCK];
            long steps = -1;
            for (int j = 0; j < block.length; j++) {
                block[j] = new Column(raster, wr, hr, c * BLOCK + j, scale * ss);
                steps = Math.max(steps, block[j].steps);
            }
            // Neighbouring columns march side by side, step for step: their samples at one step lie a pixel or
            // so apart on the map, so the heights and colours they read are still in the cache; one column
            // after the other would fetch every line of its own diagonal path from memory.
            for (long k = 0; k <= steps; k++) {
                for (Column col : block) {
                    if (k <= col.steps) {
                        col.sample(k);
                    }
                }
            }
        });
        return ss == 1 ? raster : downsample(raster, wr, hr, ss);
    }

    /**
     * One raster column: the ground line under it, marched near to far, painting what rises above the highest
     * point painted so far (the horizon).
     */
    private final class Column {
        private final int[] raster;
        private final int wr;
        private final int hr;
        private final int cx;
        private final double rscale;
        /** Pixel coordinates along the line: col = c0 + v * dc, row = r0 + v * dr. */
        private final double c0;
        private final double dc;
        private final double r0;
        private final double dr;
        private final double vStart;
        private final double dv;
        /** Last step, -1 when the line misses the map. */
        final long steps;
        private double horizon;
        private boolean havePrev;
        private double tPrev;
        private float rPrev;
        private float gPrev;
        private float bPrev;

        Column(int[] raster, int wr, int hr, int cx, double rscale) {
            this.raster = raster;
            this.wr = wr;
            this.hr = hr;
            this.cx = cx;
            this.rscale = rscale;
            int w = field.width();
            int h = field.height();
            double px = field.pixelWidth();
            double py = field.pixelHeight();
            double u = uMin + (cx + 0.5) / rscale;
            c0 = u * cosA / px;
            dc = -sinA / px;
            r0 = (h - 1) - u * sinA / py;
            dr = -cosA / py;
            double[] range = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
            dv = Math.min(Math.min(px, py), 1 / rscale);
            if (!clip(range, c0, dc, w - 1) || !clip(range, r0, dr, h - 1)) {
                steps = -1;
                vStart = 0;
            } else {
                steps = (long) Math.floor((range[1] - range[0]) / dv);
                vStart = range[0];
            }
            horizon = hr;
        }

        void sample(long k) {
            int w = field.width();
            int h = field.height();
            float[] z = field.heights();
            double v = vStart + k * dv;
            double fc = Math.min(w - 1, Math.max(0, c0 + v * dc));
            double fr = Math.min(h - 1, Math.max(0, r0 + v * dr));
            int ic = Math.min(w - 2, (int) fc);
            int ir = Math.min(h - 2, (int) fr);
            if (w == 1) {
                ic = 0;
            }
            if (h == 1) {
                ir = 0;
            }
            double ac = fc - ic;
            double ar = fr - ir;
            int i00 = ir * w + ic;
            int i01 = w > 1 ? i00 + 1 : i00;
            int i10 = h > 1 ? i00 + w : i00;
            int i11 = w > 1 ? i10 + 1 : i10;
            float z00 = z[i00];
            float z01 = z[i01];
            float z10 = z[i10];
            float z11 = z[i11];
            if (!(Float.isFinite(z00) && Float.isFinite(z01) && Float.isFinite(z10) && Float.isFinite(z11))) {
                havePrev = false;
                return;
            }
            double w00 = (1 - ac) * (1 - ar);
            double w01 = ac * (1 - ar);
            double w10 = (1 - ac) * ar;
            double w11 = ac * ar;
            double height = w00 * z00 + w01 * z01 + w10 * z10 + w11 * z11;
            double s = v * sinE + (height - zMin) * zScale * cosE;
            double t = (sMax - s) * rscale;
            int[] cs = colours;
            float rc = mix(cs, i00, i01, i10, i11, w00, w01, w10, w11, 16);
            float gc = mix(cs, i00, i01, i10, i11, w00, w01, w10, w11, 8);
            float bc = mix(cs, i00, i01, i10, i11, w00, w01, w10, w11, 0);
            if (t < horizon) {
                double bottom = havePrev ? horizon : Math.min(horizon, t + 1);
                int first = Math.max(0, (int) Math.ceil(t - 0.5));
                int last = Math.min(hr - 1, (int) Math.ceil(bottom - 0.5) - 1);
                double span = tPrev - t;
                for (int row = first; row <= last; row++) {
                    double f = havePrev && span > 0 ? Math.min(1, Math.max(0, (tPrev - (row + 0.5)) / span)) : 1;
                    int r = (int) (rPrev + f * (rc - rPrev) + 0.5f);
                    int g = (int) (gPrev + f * (gc - gPrev) + 0.5f);
                    int b = (int) (bPrev + f * (bc - bPrev) + 0.5f);
                    raster[row * wr + cx] = (r << 16) | (g << 8) | b;
                }
                horizon = t;
            }
            havePrev = true;
            tPrev = t;
            rPrev = rc;
            gPrev = gc;
            bPrev = bc;
        }
    }

    private static float mix(int[] cs, int i00, int i01, int i10, int i11, double w00, double w01, double w10,
            double w11, int shift) {
        return (float) (w00 * ((cs[i00] >> shift) & 0xff) + w01 * ((cs[i01] >> shift) & 0xff)
                + w10 * ((cs[i10] >> shift) & 0xff) + w11 * ((cs[i11] >> shift) & 0xff));
    }

    /** Narrows {@code range} of v to where {@code p0 + v * dp} lies in [0, max]; false if empty. */
    private static boolean clip(double[] range, double p0, double dp, double max) {
        if (Math.abs(dp) < 1e-12) {
            return p0 >= -1e-9 && p0 <= max + 1e-9;
        }
        double a = (0 - p0) / dp;
        double b = (max - p0) / dp;
        range[0] = Math.max(range[0], Math.min(a, b));
        range[1] = Math.min(range[1], Math.max(a, b));
        return range[0] <= range[1];
    }

    private static int[] downsample(int[] raster, int wr, int hr, int ss) {
        int w = wr / ss;
        int h = hr / ss;
        int[] out = new int[w * h];
        int n = ss * ss;
        IntStream.range(0, h).parallel().forEach(y -> {
            for (int x = 0; x < w; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int dy = 0; dy < ss; dy++) {
                    int base = (y * ss + dy) * wr + x * ss;
                    for (int dx = 0; dx < ss; dx++) {
                        int c = raster[base + dx];
                        r += (c >> 16) & 0xff;
                        g += (c >> 8) & 0xff;
                        b += c & 0xff;
                    }
                }
                out[y * w + x] = ((r + n / 2) / n << 16) | ((g + n / 2) / n << 8) | (b + n / 2) / n;
            }
        });
        return out;
    }

    /** Width of the rendered surface in pixels (without colour bar). */
    public int width() {
        return viewWidth;
    }

    public int height() {
        return viewHeight;
    }

    /**
     * Where the point of pixel ({@code col}, {@code row}) at height {@code value} lands in the surface pixels:
     * {x, y}, fractional.
     */
    public double[] project(double col, double row, double value) {
        double x = col * field.pixelWidth();
        double y = (field.height() - 1 - row) * field.pixelHeight();
        double u = x * cosA + y * sinA;
        double v = -x * sinA + y * cosA;
        double s = v * sinE + (value - zMin) * zScale * cosE;
        return new double[] {(u - uMin) * scale, (sMax - s) * scale};
    }

    /** Whether the colours are heights (and the colour bar is drawn) rather than the texture. */
    public boolean heightColours() {
        return heightColours;
    }

    /** The caption's lines: angles, exaggeration, units; for a textured view also the height range. */
    public List<String> caption() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "azimuth %s\u00b0, elevation %s\u00b0, vertical exaggeration %s\u00d7",
                number(settings.azimuth()), number(settings.elevation()), number(settings.exaggeration())));
        String unit = field.heightUnit();
        if (!field.xyCalibrated()) {
            lines.add("x, y not calibrated (pixels): heights drawn to " + Math.round(AUTO_RELIEF * 100)
                    + " % of the width (times the exaggeration), not to scale");
        } else if (!trueProportions) {
            lines.add(String.format(Locale.ROOT, "x, y: %s %s/pixel; heights in %s, not convertible: drawn to %d %% of"
                    + " the width, not to scale", number(field.pixelWidth()), field.xyUnit(), unit,
                    Math.round(AUTO_RELIEF * 100)));
        } else {
            lines.add(String.format(Locale.ROOT, "x, y: %s %s/pixel (%s x %s %s); heights in %s, to scale",
                    number(field.pixelWidth()), field.xyUnit(), number(field.width() * field.pixelWidth()),
                    number(field.height() * field.pixelHeight()), field.xyUnit(), unit));
        }
        if (!heightColours) {
            lines.add(String.format(Locale.ROOT, "heights %s to %s %s", number(zMin), number(zMax), unit));
        }
        return lines;
    }

    private static String number(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** The view: the surface, the colour bar (height colours) to its right and the caption below. */
    public BufferedImage render() {
        int[] surface = surfacePixels();
        BufferedImage legend = heightColours ? DepthPng.legend(colourRange[0], colourRange[1],
                "height (" + field.heightUnit() + ")", Math.max(MIN_LEGEND_HEIGHT, viewHeight)) : null;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        List<String> caption = caption();
        int lineHeight = 16;
        int legendW = legend == null ? 0 : legend.getWidth();
        int bodyH = Math.max(viewHeight, legend == null ? 0 : legend.getHeight());
        int width = Math.max(viewWidth + legendW, 360);
        int height = bodyH + caption.size() * lineHeight + 6;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        // The surface straight into the image's pixels: setRGB converts pixel by pixel, and an image of its own
        // drawn in would be one more copy.
        int[] pixels = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(pixels, BACKGROUND);
        for (int y = 0; y < viewHeight; y++) {
            System.arraycopy(surface, y * viewWidth, pixels, y * width, viewWidth);
        }
        Graphics2D g = out.createGraphics();
        try {
            if (legend != null) {
                g.drawImage(legend, viewWidth, 0, null);
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(Color.DARK_GRAY);
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < caption.size(); i++) {
                g.drawString(caption.get(i), MARGIN, bodyH + 2 + i * lineHeight + fm.getAscent());
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The view as an RGB ImagePlus, for Fiji. */
    public ImagePlus toImagePlus(String title) {
        return new ImagePlus(title, new ColorProcessor(render()));
    }

    /** Renders into {@code outputs} (reserved and written there; the caller commits) as PNG. */
    public void write(Path out, AtomicOutputs outputs) throws IOException {
        Path temp = outputs.reserve(out, SurfaceViewSettings.VIEW.id());
        if (!ImageIO.write(render(), "png", temp.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /** Renders and writes {@code out} as PNG, atomically. */
    public void write(Path out) throws IOException {
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            write(out, outputs);
            outputs.commit();
        }
    }
}
