package org.defocusj.param;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.defocusj.BadInputException;

/**
 * One parameter of DefocusJ, declared once where it is used (a method's settings, the stack's focus and
 * optics) and turned into a command-line option ({@code --id}) and a Fiji input (dialog field, macro key,
 * SciJava input) by the front ends, so that its name, type, default, range and help text exist in one place.
 *
 * <p>Values arrive as text (command line, macro options) or as typed objects (SciJava, dialogs);
 * {@link #convert} turns either into the declared type with a message that names the parameter. Choices are
 * lower-case keys ({@code sml}, {@code weighted}); the method that owns them maps keys to its own types.
 *
 * @param <T> Integer, Double, Boolean, String or Path
 */
public final class ParameterSpec<T> {

    /** How a value is entered. */
    public enum Kind { INTEGER, NUMBER, FLAG, TEXT, CHOICE, FILE, FOLDER }

    private final String id;
    private final String label;
    private final Kind kind;
    private final Class<T> type;
    private final T defaultValue;
    private final List<String> choices;
    private final Double min;
    private final Double max;
    private final Double step;
    private final String help;
    private final String placeholder;
    private final UnaryOperator<String> spellings;

    private ParameterSpec(String id, String label, Kind kind, Class<T> type, T defaultValue, List<String> choices,
            Double min, Double max, Double step, String help, String placeholder, UnaryOperator<String> spellings) {
        if (!id.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("parameter id '" + id + "': expected lower-case words joined by '-'");
        }
        this.id = id;
        this.label = Objects.requireNonNull(label);
        this.kind = kind;
        this.type = type;
        this.defaultValue = defaultValue;
        this.choices = choices;
        this.min = min;
        this.max = max;
        this.step = step;
        this.help = help == null ? "" : help;
        this.placeholder = placeholder;
        this.spellings = spellings;
    }

    public static ParameterSpec<Integer> integer(String id, String label, Integer defaultValue) {
        return new ParameterSpec<>(id, label, Kind.INTEGER, Integer.class, defaultValue, null, null, null, null, null,
                "N", null);
    }

    /** A number; a null default means "not given" (Fiji shows such a number as 0, and reads 0 as not given). */
    public static ParameterSpec<Double> number(String id, String label, Double defaultValue) {
        return new ParameterSpec<>(id, label, Kind.NUMBER, Double.class, defaultValue, null, null, null, null, null,
                "X", null);
    }

    /** An on/off switch, off by default (the command line's {@code --id} turns it on). */
    public static ParameterSpec<Boolean> flag(String id, String label) {
        return new ParameterSpec<>(id, label, Kind.FLAG, Boolean.class, false, null, null, null, null, null, null, null);
    }

    public static ParameterSpec<String> text(String id, String label, String defaultValue) {
        return new ParameterSpec<>(id, label, Kind.TEXT, String.class, defaultValue, null, null, null, null, null,
                "TEXT", null);
    }

    /** One of {@code choices} (lower-case keys), {@code defaultValue} among them. */
    public static ParameterSpec<String> choice(String id, String label, String defaultValue, List<String> choices) {
        List<String> c = Collections.unmodifiableList(new ArrayList<>(choices));
        if (defaultValue != null && !c.contains(defaultValue)) {
            throw new IllegalArgumentException(id + ": default '" + defaultValue + "' is not among " + c);
        }
        return new ParameterSpec<>(id, label, Kind.CHOICE, String.class, defaultValue, c, null, null, null, null,
                "NAME", null);
    }

    /** One of the keys of {@code defaultValue}'s enum ({@link Keys#of}), that constant's key by default. */
    public static <E extends Enum<E> & Keyed> ParameterSpec<String> choice(String id, String label, E defaultValue) {
        return choice(id, label, defaultValue.key(), Keys.of(defaultValue.getDeclaringClass()));
    }

    /** A file to read; null by default (not given). */
    public static ParameterSpec<Path> file(String id, String label) {
        return new ParameterSpec<>(id, label, Kind.FILE, Path.class, null, null, null, null, null, null, "FILE", null);
    }

    public ParameterSpec<T> range(double lo, double hi) {
        return new ParameterSpec<>(id, label, kind, type, defaultValue, choices, lo, hi, step, help, placeholder, spellings);
    }

    public ParameterSpec<T> step(double s) {
        return new ParameterSpec<>(id, label, kind, type, defaultValue, choices, min, max, s, help, placeholder, spellings);
    }

    public ParameterSpec<T> help(String text) {
        return new ParameterSpec<>(id, label, kind, type, defaultValue, choices, min, max, step, text, placeholder, spellings);
    }

    /** What the command line's help shows for the value, e.g. {@code F} or {@code K.txt}. */
    public ParameterSpec<T> placeholder(String text) {
        return new ParameterSpec<>(id, label, kind, type, defaultValue, choices, min, max, step, help, text, spellings);
    }

    /**
     * Other spellings a choice accepts: {@code canonical} maps typed text to one of the keys (e.g. {@code µm} and
     * {@code micron} to {@code um}), and returns null, or throws its own BadInputException, for text it does not
     * know.
     */
    public ParameterSpec<T> spellings(UnaryOperator<String> canonical) {
        return new ParameterSpec<>(id, label, kind, type, defaultValue, choices, min, max, step, help, placeholder,
                canonical);
    }

    /** Lower-case words joined by '-': the command line's {@code --id}, and how messages refer to it. */
    public String id() {
        return id;
    }

    /** The Fiji dialog label; the macro key is made from it. */
    public String label() {
        return label;
    }

    /** The SciJava input name, the id in camel case ({@code min-confidence} is {@code minConfidence}). */
    public String inputName() {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : id.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    public Kind kind() {
        return kind;
    }

    public Class<T> type() {
        return type;
    }

    /** The default, or null when the parameter is optional and not given by default. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The allowed keys of a choice; null for other kinds. */
    public List<String> choices() {
        return choices;
    }

    /** Lower bound for dialogs, or null. The owner's validation is what enforces a range. */
    public Double min() {
        return min;
    }

    public Double max() {
        return max;
    }

    public Double step() {
        return step;
    }

    public String help() {
        return help;
    }

    public String placeholder() {
        return placeholder;
    }

    /**
     * {@code raw} (text, a number, a boolean, a file, or null) as this parameter's type; null stays null.
     *
     * @throws BadInputException naming this parameter when the value does not fit
     */
    public T convert(Object raw) {
        if (raw == null) {
            return null;
        }
        if (type.isInstance(raw)) {
            return type.cast(kind == Kind.CHOICE ? choice(raw.toString()) : raw);
        }
        String text = raw instanceof java.io.File ? ((java.io.File) raw).getPath() : raw.toString().trim();
        switch (kind) {
            case INTEGER:
                if (raw instanceof Number && ((Number) raw).doubleValue() == Math.rint(((Number) raw).doubleValue())) {
                    return type.cast(((Number) raw).intValue());
                }
                try {
                    return type.cast(Integer.valueOf(text));
                } catch (NumberFormatException e) {
                    throw BadInputException.forParameter(id, "'" + text + "' is not a whole number");
                }
            case NUMBER:
                if (raw instanceof Number) {
                    return type.cast(((Number) raw).doubleValue());
                }
                try {
                    return type.cast(Double.valueOf(text));
                } catch (NumberFormatException e) {
                    throw BadInputException.forParameter(id, "'" + text + "' is not a number");
                }
            case FLAG:
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    return type.cast(Boolean.valueOf(text));
                }
                throw BadInputException.forParameter(id, "'" + text + "' is not true or false");
            case CHOICE:
                return type.cast(choice(text));
            case FILE:
            case FOLDER:
                try {
                    return text.isEmpty() ? null : type.cast(Path.of(text));
                } catch (InvalidPathException e) {
                    throw BadInputException.forParameter(id, "'" + text + "' is not a file name (" + e.getReason() + ")");
                }
            default:
                return type.cast(text);
        }
    }

    private String choice(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT);
        if (!choices.contains(key) && spellings != null && spellings.apply(text.trim()) != null) {
            key = spellings.apply(text.trim());
        }
        if (!choices.contains(key)) {
            throw Keys.unknown(id, label, text, choices);
        }
        return key;
    }

    @Override
    public String toString() {
        return id;
    }
}
