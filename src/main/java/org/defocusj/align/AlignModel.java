package org.defocusj.align;

import java.util.Locale;

/** What alignment may correct. */
public enum AlignModel {
    /** Similarity, and on failure a warning and the stack processed unaligned. */
    AUTO,
    /** Scale (focus breathing), rotation and shift; failure is bad input. */
    SIMILARITY,
    /** Shift only, as a microscope stage drifts; failure is bad input. */
    TRANSLATION,
    /** No alignment (telecentric optics, stacks aligned already). */
    OFF;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The model fitted: auto fits a similarity. */
    AlignModel fitted() {
        return this == AUTO ? SIMILARITY : this;
    }
}
