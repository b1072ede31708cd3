package org.defocusj.dff;

import org.defocusj.BadInputException;
import org.defocusj.param.Keyed;
import org.defocusj.param.Keys;
import org.defocusj.stack.DistanceUnit;

/**
 * The coordinate in which a focus-measure peak is interpolated between slices. A thin lens blurs in
 * proportion to |1/d - 1/s|, so camera focus curves are symmetric in inverse distance (dioptres); a
 * microscope's defocus grows linearly with |z - z_focus|, so its curves are symmetric in z.
 */
public enum InterpolationSpace implements Keyed {
    /** Inverse distance for camera units (m, cm, mm), distance otherwise. */
    AUTO,
    /** The focus distance itself. */
    DISTANCE,
    /** Inverse focus distance (dioptres for metres). Requires positive distances. */
    INVERSE;

    /** Resolves {@link #AUTO} for a unit. */
    public InterpolationSpace resolve(DistanceUnit unit) {
        if (this == AUTO) {
            return unit.isDistanceFromLens() ? INVERSE : DISTANCE;
        }
        if (this == INVERSE && !unit.isDistanceFromLens()) {
            throw BadInputException.forParameter("interpolation", "inverse needs positive camera distances (m, cm or mm), "
                    + "but the focus distances are in " + unit);
        }
        return this;
    }

    public static InterpolationSpace parse(String text) {
        return Keys.parse(InterpolationSpace.class, text, DffParameters.INTERPOLATION.id(), "interpolation");
    }
}
