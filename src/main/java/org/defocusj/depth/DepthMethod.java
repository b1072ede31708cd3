package org.defocusj.depth;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * A depth method as a plugin (classical depth from focus, FOSSA, ...): what front ends, batch engines and
 * benchmarks need to offer it without naming its types. Registered through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.defocusj.depth.DepthMethod}) and found with {@link DepthMethods}.
 *
 * <p>A method declares its parameters once ({@link #parameters()}); the command line and Fiji make their
 * options and dialog fields from them, and hand back the harvested values to {@link #settings}, which
 * validates them. {@link #open} loads whatever the method needs (a network) into a session that hands out an
 * estimator per stack.
 */
public interface DepthMethod {

    /** Short stable name used on the command line and in reports, e.g. {@code dff} or {@code fossa}. */
    String key();

    /** Where front ends list the method: higher first (DefocusJ's own: dff 100, fossa 90). */
    default double priority() {
        return 0;
    }

    /** The name users read, e.g. {@code FOSSA}. */
    String displayName();

    /** One sentence for help texts: what it is and what it needs. */
    String description();

    /**
     * Whether the method can make a confidence map and an all-in-focus image besides the depth (a batch then
     * writes them for every stack).
     */
    default boolean makesCompanionMaps() {
        return false;
    }

    /**
     * What the method needs of every stack beyond its pixels (by default nothing); front ends check these
     * before {@link #open}.
     */
    default Set<StackNeed> needs() {
        return EnumSet.noneOf(StackNeed.class);
    }

    /** The method's parameters, in the order front ends show them (by default none). */
    default List<ParameterSpec<?>> parameters() {
        return List.of();
    }

    /**
     * Validated settings from harvested values (absent ones take their defaults). {@code values} may hold
     * other methods' parameters too; a method reads those it uses.
     *
     * @throws org.defocusj.BadInputException naming the parameter whose value does not fit
     */
    DepthSettings settings(ParameterValues values);

    /**
     * Checks the files that {@code settings} name without loading them (a model's metadata, not its weights),
     * for engines that open the method on other machines; a front end that opens it here need not call this.
     *
     * @throws org.defocusj.BadInputException if a file named by the settings cannot be used
     */
    default void verify(DepthSettings settings) {
    }

    /**
     * Loads what the method needs for {@code settings} (made by this method's {@link #settings}). The session
     * is closed by the caller and may be shared by threads.
     *
     * @throws org.defocusj.BadInputException if a file named by the settings cannot be used
     */
    DepthSession open(DepthSettings settings);
}
