package org.defocusj.synth;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.defocusj.align.Alignment;
import org.defocusj.align.SliceTransform;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;
import org.defocusj.stack.PlaneReader;

/**
 * Makes a rendered focus stack look like a real shot: focus breathing about an optical axis off the image
 * (as in any crop), hand-held jitter and rotation, exposure drift, sensor noise and JPEG recompression. Seeded;
 * {@link #describe()} prints every parameter, and {@link #truth} gives the exact transform of each slice
 * relative to the middle one (what alignment should recover).
 */
public final class ShotDegradation {

    private final long seed;
    private double breathing = 0.02;
    private double axisX = -0.8;
    private double axisY = 0.4;
    private double jitterPx = 1.5;
    private double rotationDeg = 0.15;
    private double exposureDrift = 0.06;
    private double noise = 2.0;
    private int jpegQuality = 90;

    public ShotDegradation(long seed) {
        this.seed = seed;
    }

    /** No degradation at all, to build on. */
    public static ShotDegradation none(long seed) {
        return new ShotDegradation(seed).breathing(0).jitter(0).rotation(0).exposureDrift(0).noise(0).jpeg(0);
    }

    /** The kinds of degradation by name, in the order they apply, for {@link #only}. */
    public static final List<String> KINDS = List.of("breathing", "jitter", "rotation", "exposure", "noise", "jpeg");

    /**
     * This degradation with only the named kinds ({@link #KINDS}) kept and the others off, to find out which
     * costs what. The kinds kept draw the same random numbers as in the full degradation. 8-bit rounding stays.
     *
     * @throws IllegalArgumentException naming an unknown kind and the known ones
     */
    public ShotDegradation only(Collection<String> kinds) {
        for (String k : kinds) {
            if (!KINDS.contains(k)) {
                throw new IllegalArgumentException("unknown degradation '" + k + "' (expected some of "
                        + String.join(", ", KINDS) + ")");
            }
        }
        breathing = kinds.contains("breathing") ? breathing : 0;
        jitterPx = kinds.contains("jitter") ? jitterPx : 0;
        rotationDeg = kinds.contains("rotation") ? rotationDeg : 0;
        exposureDrift = kinds.contains("exposure") ? exposureDrift : 0;
        noise = kinds.contains("noise") ? noise : 0;
        jpegQuality = kinds.contains("jpeg") ? jpegQuality : 0;
        return this;
    }

    /** Total magnification change from first to last slice (0.02 = 2 %). */
    public ShotDegradation breathing(double fraction) {
        breathing = fraction;
        return this;
    }

    /** Where the optical axis is, relative to the image centre in half-widths and half-heights (0, 0: centre). */
    public ShotDegradation axis(double x, double y) {
        axisX = x;
        axisY = y;
        return this;
    }

    /** Largest shift of a slice, pixels (uniform in +-). */
    public ShotDegradation jitter(double px) {
        jitterPx = px;
        return this;
    }

    /** Largest rotation of a slice, degrees (uniform in +-). */
    public ShotDegradation rotation(double degrees) {
        rotationDeg = degrees;
        return this;
    }

    /** Exposure change from first to last slice (0.06 = 6 % brighter), plus a tenth of it at random. */
    public ShotDegradation exposureDrift(double fraction) {
        exposureDrift = fraction;
        return this;
    }

    /** Sensor noise, standard deviation in 8-bit grey levels. */
    public ShotDegradation noise(double sigma) {
        noise = sigma;
        return this;
    }

    /** JPEG quality 1..100 of a recompression, 0 for none. */
    public ShotDegradation jpeg(int quality) {
        jpegQuality = quality;
        return this;
    }

    public String describe() {
        return String.format(Locale.ROOT, "seed %d: breathing %.2f %% about axis (%.2f, %.2f) half-sizes from the "
                + "centre, jitter +-%.2f px, rotation +-%.3f deg, exposure drift %.1f %%, noise sigma %.1f, JPEG %s",
                seed, 100 * breathing, axisX, axisY, jitterPx, rotationDeg, 100 * exposureDrift, noise,
                jpegQuality > 0 ? "quality " + jpegQuality : "none");
    }

    /**
     * The transform of each slice of a {@code w} x {@code h} x {@code n} stack from the middle slice's geometry
     * (the map alignment should find), the same for every call with this seed.
     */
    public SliceTransform[] truth(int w, int h, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        int ref = (n - 1) / 2;
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double ax = cx + axisX * w / 2;
        double ay = cy + axisY * h / 2;
        SliceTransform[] t = new SliceTransform[n];
        for (int z = 0; z < n; z++) {
            double jx = jitterPx * (2 * rng.nextDouble() - 1);
            double jy = jitterPx * (2 * rng.nextDouble() - 1);
            double rot = rotationDeg * (2 * rng.nextDouble() - 1);
            if (z == ref) {
                t[z] = SliceTransform.IDENTITY;
                continue;
            }
            double s = (1 + breathing * ((double) z / Math.max(1, n - 1) - 0.5))
                    / (1 + breathing * ((double) ref / Math.max(1, n - 1) - 0.5));
            // Scale s and rotation about the axis a: p -> a + sR(p - a) + j, i.e. about the centre with shift
            // (I - sR)(a - c) + j.
            double r = Math.toRadians(rot);
            double m = s * Math.cos(r);
            double nn = s * Math.sin(r);
            double ux = ax - cx;
            double uy = ay - cy;
            double dx = ux - (m * ux - nn * uy) + jx;
            double dy = uy - (nn * ux + m * uy) + jy;
            t[z] = SliceTransform.of(s, rot, dx, dy);
        }
        return t;
    }

    /** {@code stack} (8-bit grey or RGB) as the shot would have recorded it; slice labels are kept. */
    public ImagePlus apply(ImagePlus stack) {
        int w = stack.getWidth();
        int h = stack.getHeight();
        int n = stack.getStackSize();
        boolean rgb = stack.getBitDepth() == 24;
        if (!rgb && stack.getBitDepth() != 8) {
            throw new IllegalArgumentException("degradation needs an 8-bit or RGB stack");
        }
        SliceTransform[] t = truth(w, h, n);
        SliceTransform[] inverse = new SliceTransform[n];
        for (int z = 0; z < n; z++) {
            inverse[z] = t[z].inverse();
        }
        // Slice z shows the scene where the reference pixel p lies at t[z](p): it is the clean slice warped by
        // the inverse, so that aligning it by t[z] gives the clean slice back.
        double[] index = new double[n];
        for (int z = 0; z < n; z++) {
            index[z] = z;
        }
        FocusStack clean = ImagePlusStacks.wrap(stack, FocusSource.explicit(index,
                org.defocusj.stack.DistanceUnit.SLICE));
        FocusStack warped = Alignment.known(clean, inverse).apply(clean);
        PlaneReader reader = warped.reader();
        java.util.Random rng = new java.util.Random(seed ^ 0x5DEECE66DL);
        int nC = rgb ? 3 : 1;
        ImageStack out = new ImageStack(w, h);
        float[] plane = new float[w * h];
        for (int z = 0; z < n; z++) {
            double gain = 1 + exposureDrift * ((double) z / Math.max(1, n - 1) - 0.5)
                    + 0.1 * exposureDrift * (2 * rng.nextDouble() - 1);
            int[][] q = new int[nC][w * h];
            for (int c = 0; c < nC; c++) {
                reader.readRows(c, z, 0, h, plane, 0);
                for (int i = 0; i < plane.length; i++) {
                    double v = plane[i] * gain + (noise > 0 ? noise * rng.nextGaussian() : 0);
                    q[c][i] = (int) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
            ImageProcessor ip;
            if (rgb) {
                int[] px = new int[w * h];
                for (int i = 0; i < px.length; i++) {
                    px[i] = 0xff000000 | (q[0][i] << 16) | (q[1][i] << 8) | q[2][i];
                }
                ip = new ColorProcessor(w, h, px);
            } else {
                byte[] px = new byte[w * h];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) q[0][i];
                }
                ip = new ByteProcessor(w, h, px);
            }
            if (jpegQuality > 0) {
                ip = jpeg(ip, jpegQuality);
            }
            out.addSlice(stack.getStack().getSliceLabel(z + 1), ip);
        }
        ImagePlus imp = new ImagePlus(stack.getTitle() + "-degraded", out);
        imp.setCalibration(stack.getCalibration());
        imp.setProperty("Info", "degradation = " + describe());
        return imp;
    }

    /** The slice as a JPEG of {@code quality} would decode. */
    static ImageProcessor jpeg(ImageProcessor ip, int quality) {
        BufferedImage img = ip.getBufferedImage();
        if (ip instanceof ColorProcessor) {
            BufferedImage rgbImage = new BufferedImage(ip.getWidth(), ip.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgbImage.getGraphics().drawImage(img, 0, 0, null);
            img = rgbImage;
        }
        try {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
            ImageWriter writer = writers.next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(ios);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            return ip instanceof ColorProcessor ? new ColorProcessor(decoded)
                    : new ByteProcessor(decoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
