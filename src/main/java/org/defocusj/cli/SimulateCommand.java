package org.defocusj.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.BadInputException;
import org.defocusj.psf.DefocusModel;
import org.defocusj.psf.DefocusRenderer;
import org.defocusj.psf.Psf;
import org.defocusj.psf.ThinLensCamera;
import org.defocusj.psf.WidefieldMicroscope;
import org.defocusj.stack.AtomicOutputs;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.Npy;
import org.defocusj.stack.SliceLabels;
import org.defocusj.stack.StackReader;
import org.defocusj.stack.TiffWriter;
import org.defocusj.synth.FocusStackRenderer;

/** {@code defocusj simulate}: renders a focus stack from an all-in-focus image and its depth map. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Renders a focus stack from an all-in-focus image (RGB or gray) and a depth map, one slice per focus "
                + "distance, and writes it as a TIFF whose slice labels record the focus distances (so "
                + "'defocusj depth' reads them back without --focus).",
            "Camera optics (default): thin lens; PSF radius = CoC / 2 / pixel, CoC = |d - s| f D / (d (s - f)), "
                + "D = f / N, the sensor width mapped onto the image's longer edge. Microscope optics: radius = "
                + "sqrt((|z - z_focus| tan(asin(NA/n)))^2 + (0.61 lambda / NA)^2) / (camera pixel / magnification)."})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--image", required = true, paramLabel = "FILE",
            description = "All-in-focus image (PNG, JPEG or TIFF; RGB or 8/16/32-bit gray).")
    Path image;

    @Option(names = "--depth", required = true, paramLabel = "FILE",
            description = "Depth map of the same size: 32-bit TIFF or NumPy .npy, in --unit.")
    Path depth;

    @Option(names = "--focus", required = true, paramLabel = "LIST",
            description = "Focus distances, one per slice to render, comma-separated, in --unit.")
    String focus;

    @Option(names = "--unit", paramLabel = "UNIT",
            description = "Unit of --depth and --focus: m, cm, mm (camera) or um, nm (microscope). "
                    + "Default: m for camera optics, um for microscope optics.")
    String unit;

    @Option(names = "--optics", paramLabel = "KIND", defaultValue = "camera",
            description = "camera (thin lens) or microscope (widefield). Default: ${DEFAULT-VALUE}.")
    String optics;

    @Option(names = "--fnumber", paramLabel = "N", defaultValue = "2.8",
            description = "Camera f-number. Default: ${DEFAULT-VALUE}.")
    double fNumber;

    @Option(names = "--focal-length-mm", paramLabel = "F", defaultValue = "50",
            description = "Camera focal length in mm. Default: ${DEFAULT-VALUE}.")
    double focalLengthMm;

    @Option(names = "--sensor-width-mm", paramLabel = "W", defaultValue = "36",
            description = "Sensor width in mm, mapped onto the image's longer edge. Default: ${DEFAULT-VALUE}.")
    double sensorWidthMm;

    @Option(names = "--na", paramLabel = "NA", defaultValue = "0.3", description = "Microscope numerical aperture. "
            + "Default: ${DEFAULT-VALUE}.")
    double numericalAperture;

    @Option(names = "--refractive-index", paramLabel = "N", defaultValue = "1.0",
            description = "Immersion medium refractive index. Default: ${DEFAULT-VALUE}.")
    double refractiveIndex;

    @Option(names = "--wavelength-nm", paramLabel = "L", defaultValue = "550",
            description = "Wavelength in nm. Default: ${DEFAULT-VALUE}.")
    double wavelengthNm;

    @Option(names = "--magnification", paramLabel = "M", defaultValue = "10",
            description = "Total magnification onto the camera. Default: ${DEFAULT-VALUE}.")
    double magnification;

    @Option(names = "--camera-pixel-um", paramLabel = "P", defaultValue = "6.5",
            description = "Camera pixel pitch in µm. Default: ${DEFAULT-VALUE}.")
    double cameraPixelUm;

    @Option(names = "--psf", paramLabel = "FAMILY", defaultValue = "gaussian",
            description = "PSF family: gaussian, disk (pillbox) or power-exp (shape --p). Default: ${DEFAULT-VALUE}.")
    String psfFamily;

    @Option(names = "--p", paramLabel = "P", defaultValue = "2",
            description = "Power-exponential shape: 2 = Gaussian, large = disk. Default: ${DEFAULT-VALUE}.")
    double p;

    @Mixin
    PsfOptions render;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads. Default: all processors.")
    Integer threads;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Focus stack TIFF to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        boolean microscope = parseOptics();
        DistanceUnit u = DistanceUnit.parse(unit == null ? (microscope ? "um" : "m") : unit, "--unit");
        if (u.isRelative()) {
            throw new BadInputException("--unit: expected a length unit (m, cm, mm, um, nm), got slice");
        }
        FocusDistances fd = new FocusDistances(DepthCommand.parseList(focus), u, "--focus");
        Psf psf = Psf.parse(psfFamily, p);
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        boolean layered = render.layered();
        DefocusRenderer renderer = render.renderer(psf, nThreads);
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            Path temp = outputs.reserve(out, "--out");
            ImagePlus aif = StackReader.openImage(image);
            if (aif.getStackSize() != 1) {
                throw new BadInputException(image + ": has " + aif.getStackSize() + " slices (expected one all-in-focus image)");
            }
            int w = aif.getWidth();
            int h = aif.getHeight();
            float[] d = readDepth(w, h, u, microscope);
            float[][] planes = planes(aif);
            DefocusModel model;
            float[] modelDepth = d;
            double scale = 1;
            if (microscope) {
                model = new WidefieldMicroscope(numericalAperture, refractiveIndex, wavelengthNm, magnification,
                        cameraPixelUm);
                scale = u.convert(1, DistanceUnit.UM);
            } else {
                model = ThinLensCamera.ofSensor(focalLengthMm, fNumber, sensorWidthMm, w, h);
                scale = u.convert(1, DistanceUnit.M);
                for (int i = 0; i < fd.size(); i++) {
                    if (!(fd.get(i) * scale > focalLengthMm * 1e-3)) {
                        throw new BadInputException("--focus: focus distance " + fd.get(i) + " " + u
                                + " is not beyond the focal length " + focalLengthMm + " mm (expected distances "
                                + "larger than --focal-length-mm)");
                    }
                }
            }
            if (scale != 1) {
                modelDepth = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    modelDepth[i] = (float) (d[i] * scale);
                }
            }
            ImageStack stack = new ImageStack(w, h);
            for (int z = 0; z < fd.size(); z++) {
                double s = fd.get(z) * scale;
                float[][] blurred = renderer.render(planes, w, h, modelDepth, model, s);
                ImageProcessor ip = FocusStackRenderer.slice(blurred, w, h, aif.getBitDepth());
                stack.addSlice(SliceLabels.format(fd.get(z), u), ip);
            }
            ImagePlus result = new ImagePlus(out.getFileName().toString(), stack);
            result.setCalibration(aif.getCalibration());
            result.setProperty("Info", String.format(Locale.ROOT,
                    "software = DefocusJ simulate%nsource_image = %s%nsource_depth = %s%noptics = %s%npsf = %s%n"
                            + "p = %s%nkernel_size = %d%nrenderer = %s%nfocus_distances = %s%n",
                    image, depth, describeOptics(microscope), psf.family(), psf.shape(), render.kernelSize,
                    layered ? "layered" : "gather", fd));
            TiffWriter.write(result, temp);
            outputs.commit();
            spec.commandLine().getOut().println("wrote " + out.toAbsolutePath() + " (" + fd.size() + " slices, focus "
                    + fd + ")");
        }
        return 0;
    }

    private boolean parseOptics() {
        switch (optics.trim().toLowerCase(Locale.ROOT)) {
            case "camera":
                if (!(fNumber > 0)) {
                    throw new BadInputException("--fnumber: expected a positive f-number, got " + fNumber);
                }
                if (!(focalLengthMm > 0)) {
                    throw new BadInputException("--focal-length-mm: expected a positive focal length, got " + focalLengthMm);
                }
                return false;
            case "microscope":
                return true;
            default:
                throw new BadInputException("--optics: unknown optics '" + optics + "' (expected camera or microscope)");
        }
    }

    private String describeOptics(boolean microscope) {
        if (microscope) {
            return String.format(Locale.ROOT, "microscope NA %.3f n %.3f lambda %.0f nm magnification %.1f camera pixel %.2f um",
                    numericalAperture, refractiveIndex, wavelengthNm, magnification, cameraPixelUm);
        }
        return String.format(Locale.ROOT, "thin lens f %.1f mm N %.2f sensor %.1f mm", focalLengthMm, fNumber,
                sensorWidthMm);
    }

    private float[] readDepth(int w, int h, DistanceUnit u, boolean microscope) {
        float[] d;
        int dw;
        int dh;
        if (depth.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            Npy.Array a = Npy.read(depth);
            int[] shape = a.shape();
            if (shape.length != 2) {
                throw new BadInputException(depth + ": depth array has shape " + java.util.Arrays.toString(shape)
                        + " (expected 2-D, height x width)");
            }
            dh = shape[0];
            dw = shape[1];
            d = a.data();
        } else {
            ImagePlus imp = StackReader.openImage(depth);
            if (imp.getStackSize() != 1) {
                throw new BadInputException(depth + ": has " + imp.getStackSize() + " slices (expected one depth map)");
            }
            dw = imp.getWidth();
            dh = imp.getHeight();
            d = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
        }
        if (dw != w || dh != h) {
            throw new BadInputException(depth + ": depth map is " + dw + "x" + dh + " but " + image + " is " + w + "x" + h
                    + " (expected the same size)");
        }
        for (int i = 0; i < d.length; i++) {
            boolean bad = !Float.isFinite(d[i]) || (!microscope && d[i] <= 0);
            if (bad) {
                throw new BadInputException(depth + ": depth at pixel (" + (i % w) + ", " + (i / w) + ") is " + d[i]
                        + (microscope ? " (expected finite heights)" : " " + u + " (expected positive finite distances)"));
            }
        }
        return d;
    }

    private static float[][] planes(ImagePlus imp) {
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
