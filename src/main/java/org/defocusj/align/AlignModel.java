package org.defocusj.align;

import org.defocusj.param.Keyed;

/** What alignment may correct. */
public enum AlignModel implements Keyed {
    /** Similarity, and on failure a warning and the stack processed unaligned. */
    AUTO,
    /** Scale (focus breathing), rotation and shift; failure is bad input. */
    SIMILARITY,
    /** Shift only, as a microscope stage drifts; failure is bad input. */
    TRANSLATION,
    /** No alignment (telecentric optics, stacks aligned already). */
    OFF;

    /** The model fitted: auto fits a similarity. */
    AlignModel fitted() {
        return this == AUTO ? SIMILARITY : this;
    }
}
