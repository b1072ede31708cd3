package org.defocusj.psf;

import org.defocusj.param.Keyed;
import org.defocusj.param.Keys;

/** How a focus stack is rendered from an all-in-focus image and its depth: parameter {@code renderer}. */
public enum RendererKind implements Keyed {

    /** FOSSA's: each pixel averages its neighbours, each weighted by its own PSF ({@link GatherRenderer}). */
    GATHER,
    /** Occlusion-aware back-to-front compositing of depth layers ({@link LayeredRenderer}). */
    LAYERED;

    /** {@code gather} or {@code layered}, in any case, surrounding spaces ignored. */
    public static RendererKind parse(String text) {
        return Keys.parse(RendererKind.class, text, RendererSettings.RENDERER.id(), "renderer");
    }
}
