package org.defocusj.param;

import java.util.Locale;

/**
 * An enum whose constants a choice parameter names by key: the constant's name in lower case, with '-' for '_'
 * ({@code ONNX_INT8} is {@code onnx-int8}). {@link Keys} lists, finds and parses them, so that a parameter's
 * choices, the parser behind it and its error message come from the constants themselves and cannot drift apart.
 */
public interface Keyed {

    /** The constant's name ({@link Enum#name()}). */
    String name();

    /** The name users type and that provenance records. */
    default String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
