package org.defocusj.depth;

/** What a depth method needs of a stack beyond its pixels; see {@link DepthMethod#needs()}. */
public enum StackNeed {
    /** Focus distances in a length unit: slice indices ({@code index}) will not do. */
    METRIC_FOCUS,
    /** The camera's focal length in pixels, to turn a canonical depth into a metric one. */
    FOCAL_LENGTH
}
