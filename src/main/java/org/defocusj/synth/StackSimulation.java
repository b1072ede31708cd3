package org.defocusj.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

import org.defocusj.BadInputException;
import org.defocusj.depth.ProgressListener;
import org.defocusj.param.ParameterSpec;
import org.defocusj.psf.DefocusModel;
import org.defocusj.psf.DefocusRenderer;
import org.defocusj.psf.Psf;
import org.defocusj.psf.RendererSettings;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.SliceLabels;

/**
 * Renders a focus stack from an all-in-focus image and its depth map, one slice per focus distance, as
 * {@code defocusj simulate} and Fiji's "Simulate Focus Stack" both do: the stack has the image's type and
 * calibration, slice labels {@code focus=<d> <unit>} (so depth from focus reads the distances back) and its
 * provenance in the Info property. Settings are checked on construction; inputs by {@link #render}, before
 * the first slice is rendered.
 */
public final class StackSimulation {

    /** What a simulation is made from: the optics, the PSF and the renderer, in the order front ends show them. */
    public static final List<ParameterSpec<?>> PARAMETERS;

    static {
        List<ParameterSpec<?>> p = new ArrayList<>(SimulationOptics.PARAMETERS);
        p.addAll(Psf.PARAMETERS);
        p.addAll(RendererSettings.PARAMETERS);
        PARAMETERS = Collections.unmodifiableList(p);
    }

    private final SimulationOptics optics;
    private final Psf psf;
    private final RendererSettings settings;
    private final DefocusRenderer renderer;

    public StackSimulation(SimulationOptics optics, Psf psf, RendererSettings renderer, int threads) {
        this.optics = optics;
        this.psf = psf;
        this.settings = renderer;
        this.renderer = renderer.renderer(psf, threads);
    }

    public SimulationOptics optics() {
        return optics;
    }

    /**
     * @param image      all-in-focus image, one plane: RGB or 8/16/32-bit gray
     * @param imageName  names the image in messages and provenance
     * @param depth      depth (camera) or height (microscope) per pixel, in {@code focus.unit()}, row-major
     * @param depthWidth width of the depth map (its height follows from the length)
     * @param depthName  names the depth map in messages and provenance
     * @param title      title of the stack returned
     */
    public ImagePlus render(ImagePlus image, String imageName, float[] depth, int depthWidth, String depthName,
            FocusDistances focus, String title, ProgressListener progress) {
        ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
        DistanceUnit u = focus.unit();
        if (u.isRelative()) {
            throw BadInputException.forParameter("unit", "expected a length unit (m, cm, mm, um, nm), got slice");
        }
        if (image.getStackSize() != 1) {
            throw new BadInputException(imageName + ": has " + image.getStackSize()
                    + " slices (expected one all-in-focus image)");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int dh = depthWidth > 0 ? depth.length / depthWidth : 0;
        if (depthWidth != w || dh != h || (long) depthWidth * dh != depth.length) {
            throw new BadInputException(depthName + ": depth map is " + depthWidth + "x" + dh + " but " + imageName
                    + " is " + w + "x" + h + " (expected the same size)");
        }
        checkDepth(depth, w, u, optics.isMicroscope(), depthName);
        optics.checkFocus(focus);
        DefocusModel model = optics.model(w, h);
        double scale = u.convert(1, optics.modelUnit());
        float[] modelDepth = depth;
        if (scale != 1) {
            modelDepth = new float[depth.length];
            for (int i = 0; i < depth.length; i++) {
                modelDepth[i] = (float) (depth[i] * scale);
            }
        }
        float[][] planes = planes(image);
        ImageStack stack = new ImageStack(w, h);
        for (int z = 0; z < focus.size(); z++) {
            if (pl.isCancelled()) {
                throw new CancellationException("cancelled");
            }
            pl.progress(z, focus.size(), "simulating slice " + (z + 1) + " of " + focus.size());
            float[][] blurred = renderer.render(planes, w, h, modelDepth, model, focus.get(z) * scale);
            ImageProcessor ip = FocusStackRenderer.slice(blurred, w, h, image.getBitDepth());
            stack.addSlice(SliceLabels.format(focus.get(z), u), ip);
        }
        pl.progress(focus.size(), focus.size(), "simulated " + focus.size() + " slices");
        ImagePlus result = new ImagePlus(title, stack);
        result.setCalibration(image.getCalibration());
        result.setProperty("Info", String.format(Locale.ROOT,
                "software = DefocusJ simulate%nsource_image = %s%nsource_depth = %s%noptics = %s%npsf = %s%n"
                        + "p = %s%nkernel_size = %d%nrenderer = %s%n%sfocus_distances = %s%n",
                imageName, depthName, optics.describe(), psf.family(), psf.shape(), settings.kernelSize(),
                settings.kind().key(),
                settings.layered() ? String.format(Locale.ROOT, "layers = %d%n", settings.layers()) : "", focus));
        return result;
    }

    /**
     * Depth must be finite everywhere and, for distances from a lens, positive.
     *
     * @param depthName names the map in the message
     */
    public static void checkDepth(float[] d, int w, DistanceUnit u, boolean microscope, String depthName) {
        for (int i = 0; i < d.length; i++) {
            boolean bad = !Float.isFinite(d[i]) || (!microscope && d[i] <= 0);
            if (bad) {
                throw new BadInputException(depthName + ": depth at pixel (" + (i % w) + ", " + (i / w) + ") is "
                        + d[i] + (microscope ? " (expected finite heights)"
                                : " " + u + " (expected positive finite distances)"));
            }
        }
    }

    /** The image's colour planes as floats: three for RGB, one otherwise. */
    static float[][] planes(ImagePlus imp) {
        ImageProcessor ip = imp.getProcessor();
        int n = imp.getWidth() * imp.getHeight();
        if (imp.getBitDepth() == 24) {
            int[] px = (int[]) ip.getPixels();
            float[][] rgb = new float[3][n];
            for (int i = 0; i < n; i++) {
                rgb[0][i] = (px[i] >> 16) & 0xff;
                rgb[1][i] = (px[i] >> 8) & 0xff;
                rgb[2][i] = px[i] & 0xff;
            }
            return rgb;
        }
        return new float[][] {(float[]) ip.convertToFloatProcessor().getPixels()};
    }
}
