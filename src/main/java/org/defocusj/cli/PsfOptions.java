package org.defocusj.cli;

import picocli.CommandLine.Option;

import org.defocusj.psf.RendererSettings;

/** Renderer options shared by {@code simulate} and {@code synth}; {@link RendererSettings} checks them. */
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

    RendererSettings settings() {
        return RendererSettings.parse(renderer, kernelSize, layers);
    }
}
