package org.defocusj.command;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

import org.defocusj.BadInputException;
import org.defocusj.ParameterNaming;

/**
 * Names parameters the way Fiji users see them: by the label of the command field. The algorithm layer names
 * parameters by id ({@link BadInputException#forParameter forParameter("window", ...)}); each command field
 * says which option it is with {@code @Parameter(attrs = @Attr(name = "cli", value = "--window"))}, so
 * {@link #naming} renders the message as {@code Window: expected an odd number ...} without a second table
 * of names. {@link #translate} does the same for messages that still spell CLI options in their text.
 */
final class ParameterNames {

    /** Name of the {@link Attr} that holds a field's command-line option(s), comma-separated. */
    static final String CLI = "cli";

    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9-]*");

    private ParameterNames() {
    }

    /** Option name to label, for a command class and its superclasses. */
    static Map<String, String> of(Class<?> type) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Parameter p = f.getAnnotation(Parameter.class);
                if (p == null) {
                    continue;
                }
                for (Attr a : p.attrs()) {
                    if (CLI.equals(a.name())) {
                        for (String option : a.value().split(",")) {
                            names.putIfAbsent(option.trim(), label(f, p));
                        }
                    }
                }
            }
        }
        return names;
    }

    /**
     * Parameter id to label, for a command class and its superclasses: the fields' options without their
     * {@code --}. An id no field has is named as itself, so a label the command passed as the id stays as is.
     */
    static ParameterNaming naming(Class<?> type) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : of(type).entrySet()) {
            if (e.getKey().startsWith("--")) {
                labels.putIfAbsent(e.getKey().substring(2), e.getValue());
            }
        }
        return id -> labels.getOrDefault(id, id);
    }

    /** The message of {@code e} as Fiji users should read it: parameters by label, also in literal options. */
    static String message(BadInputException e, Class<?> type) {
        return translate(e.message(naming(type)), type);
    }

    /** The label of a parameter field: its {@code label}, or the field name. */
    static String label(Field f, Parameter p) {
        return p.label().isEmpty() ? f.getName() : p.label();
    }

    /**
     * The message with every known option name replaced by its label: for messages that spell CLI options
     * as text (packages not yet naming parameters by id).
     */
    static String translate(String message, Class<?> type) {
        if (message == null) {
            return null;
        }
        Map<String, String> names = of(type);
        String m = message.replace("--method fossa", "FOSSA").replace("(--focus index)", "(focus distances 'index')");
        Matcher matcher = OPTION.matcher(m);
        StringBuilder sb = new StringBuilder();
        while (matcher.find()) {
            String label = names.get(matcher.group());
            matcher.appendReplacement(sb, Matcher.quoteReplacement(label == null ? matcher.group() : label));
        }
        matcher.appendTail(sb);
        return sb.toString();
    }
}
