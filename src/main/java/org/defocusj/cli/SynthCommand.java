package org.defocusj.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.BadInputException;
import org.defocusj.psf.RendererSettings;
import org.defocusj.stack.FocusDistances;
import org.defocusj.synth.SceneKind;
import org.defocusj.synth.SynthDataset;
import org.defocusj.synth.SynthSettings;

/** {@code defocusj synth}: a synthetic benchmark / training set of focus stacks with exact depth. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Writes a synthetic data set: procedural RGB-D scenes rendered as focus stacks through a thin-lens "
                + "camera, with exact depth. Defaults follow FOSSA's training randomisation: PSF power-exponential "
                + "with p log-uniform in [2, 32], f-number from {1.0, 1.4, 2.0, 2.8, 4.0}, focal length uniform in "
                + "[24, 70] mm on a 36 mm sensor, focus lists depth-dependent (20 %%) or power-inverse (80 %%).",
            "Layout: OUT/manifest.json; OUT/scene_NNNN/{rgb.png, depth.tif, depth.npy, stack.tif, "
                + "stack.focus.txt, stack.npy (uint8 N x H x W x 3), meta.json}. Finished scenes are kept, so a "
                + "rerun resumes. Same seed, same data."})
final class SynthCommand implements Callable<Integer>, DeclaresOptions {

    private final DeclaredOptions render = new DeclaredOptions(RendererSettings.PARAMETERS);

    @Spec
    CommandSpec spec;

    @Option(names = "--scenes", paramLabel = "N", defaultValue = "200", description = "Number of scenes. "
            + "Default: ${DEFAULT-VALUE}.")
    int scenes;

    @Option(names = "--slices", paramLabel = "N", defaultValue = "5", description = "Focus slices per stack. "
            + "Default: ${DEFAULT-VALUE}.")
    int slices;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "256",
            description = "Image size: PX (square) or WxH. Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--scene", paramLabel = "KIND", defaultValue = "mix",
            description = "plane, steps, spheres, dead-leaves or mix. Default: ${DEFAULT-VALUE}.")
    String scene;

    @Option(names = "--psf", paramLabel = "FAMILY", defaultValue = "random",
            description = "random (power-exp, p log-uniform in [2, 32]), gaussian, disk or power-exp. "
                    + "Default: ${DEFAULT-VALUE}.")
    String psf;

    @Option(names = "--p", paramLabel = "P", defaultValue = "2", description = "Shape for --psf power-exp. "
            + "Default: ${DEFAULT-VALUE}.")
    double p;

    @Option(names = "--fnumber", paramLabel = "N|random", defaultValue = "random",
            description = "f-number, or random. Default: ${DEFAULT-VALUE}.")
    String fNumber;

    @Option(names = "--focal-length-mm", paramLabel = "F|random", defaultValue = "random",
            description = "Focal length in mm, or random. Default: ${DEFAULT-VALUE}.")
    String focalLength;

    @Option(names = "--sensor-width-mm", paramLabel = "W", defaultValue = "36",
            description = "Sensor width in mm (mapped onto the longer edge). Default: ${DEFAULT-VALUE}.")
    double sensorWidth;

    @Option(names = "--focus-sampling", paramLabel = "MODE", defaultValue = "mix",
            description = "mix, depth (5-95 %% disparity quantiles), power-inverse, or a fixed list such as "
                    + "0.8,1.7,3.0,4.7,8.0 (metres). Default: ${DEFAULT-VALUE}.")
    String focusSampling;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads. Default: all processors.")
    Integer threads;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public void declareOptions(CommandSpec command) {
        render.addTo(command);
    }

    @Override
    public Integer call() throws Exception {
        SynthSettings s = new SynthSettings().scenes(scenes).slices(slices).seed(seed)
                .sceneKind(SceneKind.parse(scene)).psf(psf, p).renderer(RendererSettings.from(render.values()))
                .fNumber(randomOr(fNumber, "--fnumber")).focalLengthMm(randomOr(focalLength, "--focal-length-mm"))
                .sensorWidthMm(sensorWidth);
        int[] wh = parseSize(size);
        s.size(wh[0], wh[1]);
        switch (focusSampling.trim().toLowerCase()) {
            case "mix":
                s.focus(SynthSettings.FocusStrategy.MIX, null);
                break;
            case "depth":
                s.focus(SynthSettings.FocusStrategy.DEPTH, null);
                break;
            case "power-inverse":
                s.focus(SynthSettings.FocusStrategy.POWER_INVERSE, null);
                break;
            default:
                double[] fixed = FocusDistances.parseList(focusSampling, "focus-sampling");
                new org.defocusj.stack.FocusDistances(fixed, org.defocusj.stack.DistanceUnit.M, "--focus-sampling");
                s.focus(SynthSettings.FocusStrategy.FIXED, fixed);
        }
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        new SynthDataset(s, nThreads).write(out,
                quiet ? null : new TerminalProgress(spec.commandLine().getErr(), System.console() != null));
        if (!quiet) {
            spec.commandLine().getOut().println("wrote " + scenes + " scenes to " + out.toAbsolutePath() + " (" + s + ")");
        }
        return 0;
    }

    private static double randomOr(String text, String option) {
        if ("random".equalsIgnoreCase(text.trim())) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(option + ": '" + text + "' is neither a number nor 'random'");
        }
    }

    static int[] parseSize(String text) {
        try {
            String[] parts = text.toLowerCase().split("x");
            int w = Integer.parseInt(parts[0].trim());
            int h = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : w;
            return new int[] {w, h};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new BadInputException("--size: '" + text + "' is not a size (expected PX or WxH, e.g. 256 or 320x240)");
        }
    }
}
