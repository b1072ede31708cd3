package org.defocusj.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.BadInputException;
import org.defocusj.io.AtomicOutputs;
import org.defocusj.io.DepthMapReader;
import org.defocusj.io.StackReader;
import org.defocusj.io.TiffWriter;
import org.defocusj.param.ParameterValues;
import org.defocusj.psf.Psf;
import org.defocusj.psf.RendererSettings;
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
final class SimulateCommand implements Callable<Integer>, DeclaresOptions {

    private final DeclaredOptions simulation = new DeclaredOptions(StackSimulation.PARAMETERS);

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

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads. Default: all processors.")
    Integer threads;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Focus stack TIFF to write.")
    Path out;

    @Override
    public void declareOptions(CommandSpec command) {
        simulation.addTo(command);
    }

    @Override
    public Integer call() throws Exception {
        ParameterValues v = simulation.values();
        SimulationOptics sim = SimulationOptics.from(v);
        DistanceUnit u = unit == null ? sim.defaultUnit() : DistanceUnit.parse(unit, "unit");
        if (u.isRelative()) {
            throw new BadInputException("--unit: expected a length unit (m, cm, mm, um, nm), got slice");
        }
        FocusDistances fd = FocusDistances.ofParameter(FocusDistances.parseList(focus, "focus"), u, "focus");
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        StackSimulation simulation = new StackSimulation(sim, Psf.from(v), RendererSettings.from(v), nThreads);
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            Path temp = outputs.input(image, "image").input(depth, "depth").reserve(out, "out");
            ImagePlus aif = StackReader.openImage(image);
            if (aif.getStackSize() != 1) {
                throw new BadInputException(image + ": has " + aif.getStackSize() + " slices (expected one all-in-focus image)");
            }
            DepthMap d = DepthMapReader.readDepth(depth, "depth");
            ImagePlus result = simulation.render(aif, image.toString(), d.data(), d.width(), depth.toString(), fd,
                    out.getFileName().toString(), null);
            TiffWriter.write(result, temp);
            outputs.commit();
            spec.commandLine().getOut().println("wrote " + out.toAbsolutePath() + " (" + fd.size() + " slices, focus "
                    + fd + ")");
        }
        return 0;
    }
}
