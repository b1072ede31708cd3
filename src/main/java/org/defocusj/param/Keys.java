package org.defocusj.param;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.defocusj.BadInputException;

/** The keys of a {@link Keyed} enum: their list, the constant a text names, and the error when it names none. */
public final class Keys {

    private Keys() {
    }

    /** The keys of every constant of {@code type}, in declaration order. */
    public static <E extends Enum<E> & Keyed> List<String> of(Class<E> type) {
        List<String> keys = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            keys.add(e.key());
        }
        return keys;
    }

    /** The constant whose key or name is {@code text} (any case, surrounding spaces ignored), or null. */
    public static <E extends Enum<E> & Keyed> E find(Class<E> type, String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        for (E e : type.getEnumConstants()) {
            if (e.key().equalsIgnoreCase(t) || e.name().equalsIgnoreCase(t)) {
                return e;
            }
        }
        return null;
    }

    /**
     * As {@link #find}, but a text that names no constant is bad input of {@code parameter}.
     *
     * @param what what the constants are, for the message ("focus measure")
     */
    public static <E extends Enum<E> & Keyed> E parse(Class<E> type, String text, String parameter, String what) {
        E e = find(type, text);
        if (e == null) {
            throw unknown(parameter, what, text, of(type));
        }
        return e;
    }

    /** The error for a text that is none of {@code choices}: one wording for every choice parameter. */
    public static BadInputException unknown(String parameter, String what, String text, List<String> choices) {
        return BadInputException.forParameter(parameter, "unknown " + what.toLowerCase(Locale.ROOT) + " '" + text
                + "' (expected " + String.join(", ", choices) + ")");
    }
}
