package org.defocusj.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.BadInputException;
import org.defocusj.io.AtomicOutputs;
import org.defocusj.io.Npy;
import org.defocusj.io.StackReader;
import org.defocusj.io.TiffWriter;
import org.defocusj.psf.Psf;
import org.defocusj.stack.DepthMap;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.synth.SimulationOptics;
import org.defocusj.synth.StackSimulation;

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
        SimulationOptics sim = parseOptics();
        DistanceUnit u = unit == null ? sim.defaultUnit() : DistanceUnit.parse(unit, "unit");
        if (u.isRelative()) {
            throw new BadInputException("--unit: expected a length unit (m, cm, mm, um, nm), got slice");
        }
        FocusDistances fd = FocusDistances.ofParameter(FocusDistances.parseList(focus, "focus"), u, "focus");
        Psf psf = Psf.parse(psfFamily, p);
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        StackSimulation simulation = new StackSimulation(sim, psf, render.kernelSize, render.layered(), render.layers,
                nThreads);
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            Path temp = outputs.input(image, "image").input(depth, "depth").reserve(out, "out");
            ImagePlus aif = StackReader.openImage(image);
            if (aif.getStackSize() != 1) {
                throw new BadInputException(image + ": has " + aif.getStackSize() + " slices (expected one all-in-focus image)");
            }
            DepthMap d = readDepth();
            ImagePlus result = simulation.render(aif, image.toString(), d.data(), d.width(), depth.toString(), fd,
                    out.getFileName().toString(), null);
            TiffWriter.write(result, temp);
            outputs.commit();
            spec.commandLine().getOut().println("wrote " + out.toAbsolutePath() + " (" + fd.size() + " slices, focus "
                    + fd + ")");
        }
        return 0;
    }

    private SimulationOptics parseOptics() {
        return SimulationOptics.parse(optics, focalLengthMm, fNumber, sensorWidthMm, numericalAperture, refractiveIndex,
                wavelengthNm, magnification, cameraPixelUm);
    }

    /** The depth map as stored (a 2-D .npy or a one-plane image), converted to float. */
    private DepthMap readDepth() {
        if (depth.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            Npy.Array a = Npy.read(depth);
            int[] shape = a.shape();
            if (shape.length != 2) {
                throw new BadInputException(depth + ": depth array has shape " + java.util.Arrays.toString(shape)
                        + " (expected 2-D, height x width)");
            }
            return new DepthMap(depth.toString(), shape[1], shape[0], a.data());
        }
        ImagePlus imp = StackReader.openImage(depth);
        if (imp.getStackSize() != 1) {
            throw new BadInputException(depth + ": has " + imp.getStackSize() + " slices (expected one depth map)");
        }
        return new DepthMap(depth.toString(), imp.getWidth(), imp.getHeight(),
                (float[]) imp.getProcessor().convertToFloatProcessor().getPixels());
    }
}
