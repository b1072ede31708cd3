package org.defocusj.synth;

import org.defocusj.param.Keyed;
import org.defocusj.param.Keys;

/** Families of procedural RGB-D scenes. */
public enum SceneKind implements Keyed {
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

    public static SceneKind parse(String text) {
        return Keys.parse(SceneKind.class, text, "scene", "scene kind");
    }
}
