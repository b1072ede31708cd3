package org.defocusj.synth;

import java.util.Locale;

import org.defocusj.BadInputException;

/** Families of procedural RGB-D scenes. */
public enum SceneKind {
    /** One textured plane tilted in a random direction. */
    PLANE,
    /** Vertical or horizontal bands of constant depth: depth discontinuities with texture on both sides. */
    STEPS,
    /** Textured spheres in front of a tilted background plane: smooth curvature and occlusion. */
    SPHERES,
    /** Occluding "dead leaves": discs and rectangles at random depths painted far to near on a background. */
    DEAD_LEAVES,
    /** A random choice among the others, per scene. */
    MIX;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SceneKind parse(String text) {
        for (SceneKind k : values()) {
            if (k.key().equalsIgnoreCase(text.trim()) || k.name().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw BadInputException.forParameter("scene", "unknown scene kind '" + text
                + "' (expected plane, steps, spheres, dead-leaves or mix)");
    }
}
