package org.defocusj.cli;

import picocli.CommandLine.Option;

import org.defocusj.BadInputException;
import org.defocusj.psf.DefocusRenderer;
import org.defocusj.psf.GatherRenderer;
import org.defocusj.psf.LayeredRenderer;
import org.defocusj.psf.Psf;

/** PSF and renderer options shared by {@code simulate} and {@code synth}. */
final class PsfOptions {

    @Option(names = "--kernel-size", paramLabel = "K", defaultValue = "15",
            description = "Odd PSF support in pixels (K x K), at least 3. Default: ${DEFAULT-VALUE} (FOSSA's).")
    int kernelSize;

    @Option(names = "--renderer", paramLabel = "NAME", defaultValue = "gather",
            description = "gather (FOSSA's: each pixel averages neighbours weighted by their own PSF) or layered "
                    + "(occlusion-aware back-to-front compositing of depth layers). Default: ${DEFAULT-VALUE}.")
    String renderer;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "24",
            description = "Depth layers of the layered renderer. Default: ${DEFAULT-VALUE}.")
    int layers;

    boolean layered() {
        switch (renderer.trim().toLowerCase()) {
            case "gather":
                return false;
            case "layered":
                return true;
            default:
                throw new BadInputException("--renderer: unknown renderer '" + renderer + "' (expected gather or layered)");
        }
    }

    DefocusRenderer renderer(Psf psf, int threads) {
        return layered() ? new LayeredRenderer(psf, kernelSize, layers, threads)
                : new GatherRenderer(psf, kernelSize, threads);
    }
}
