package org.defocusj.psf;

import java.util.Locale;

import org.defocusj.BadInputException;

/** How a focus stack is rendered from an all-in-focus image and its depth: parameter {@code renderer}. */
public enum RendererKind {

    /** FOSSA's: each pixel averages its neighbours, each weighted by its own PSF ({@link GatherRenderer}). */
    GATHER("gather"),
    /** Occlusion-aware back-to-front compositing of depth layers ({@link LayeredRenderer}). */
    LAYERED("layered");

    private final String key;

    RendererKind(String key) {
        this.key = key;
    }

    /** The name users type and that provenance records: {@code gather} or {@code layered}. */
    public String key() {
        return key;
    }

    /** {@code gather} or {@code layered}, in any case, surrounding spaces ignored. */
    public static RendererKind parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (RendererKind k : values()) {
            if (k.key.equals(t)) {
                return k;
            }
        }
        throw BadInputException.forParameter("renderer", "unknown renderer '" + text + "' (expected gather or layered)");
    }
}
