package org.defocusj;

import java.util.Objects;

/**
 * A user-facing failure caused by input the user can fix: a file, a parameter or a value that is not what
 * DefocusJ expected. The message is one line naming the file or parameter and what was expected, so front
 * ends can show it as is (CLI: on stderr with a non-zero exit; Fiji: in IJ.error).
 *
 * <p>The algorithm layer names parameters by id ({@code window}, {@code focal-length-px}), never in a front
 * end's words: {@link #forParameter} says which parameter the message is about, and {@link #ref} names other
 * parameters inside the text. Each front end renders the ids its own way with {@link #message(ParameterNaming)}
 * (the CLI as {@code --window}, Fiji as the dialog label {@code Window}); {@link #getMessage()} uses the
 * command-line names.
 */
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /* Parameter references are kept as ids between two control characters that file names and user text do
       not contain, so rendering never rewrites user data that happens to look like a parameter. */
    private static final char REF_START = '\u0001';
    private static final char REF_END = '\u0002';
    private static final char VALUE = '\u0003';

    private final String parameter;
    private final String template;

    /** A message about a file or value, with no parameter of its own ({@link #ref} may still name some). */
    public BadInputException(String message) {
        this(null, message, null);
    }

    public BadInputException(String message, Throwable cause) {
        this(null, message, cause);
    }

    private BadInputException(String parameter, String template, Throwable cause) {
        super(render(template, ParameterNaming.OPTIONS), cause);
        this.parameter = parameter;
        this.template = template;
    }

    /** A message about parameter {@code id}: rendered as "NAME: detail". */
    public static BadInputException forParameter(String id, String detail) {
        return forParameter(id, detail, null);
    }

    public static BadInputException forParameter(String id, String detail, Throwable cause) {
        Objects.requireNonNull(id, "id");
        return new BadInputException(id, ref(id) + ": " + detail, cause);
    }

    /** {@code cause} reported as being about parameter {@code id} (e.g. a file that parameter named). */
    public static BadInputException forParameter(String id, BadInputException cause) {
        return forParameter(id, cause.template, cause);
    }

    /** A reference to parameter {@code id} inside a message, rendered by each front end in its own words. */
    public static String ref(String id) {
        return REF_START + id + REF_END;
    }

    /**
     * How to give parameter {@code id} a value, e.g. {@code --focal-length-px F} on the command line; front ends
     * whose fields need no placeholder name just the parameter.
     */
    public static String usage(String id, String placeholder) {
        return REF_START + id + VALUE + placeholder + REF_END;
    }

    /** The id of the parameter this message is about, or null when it is about a file or value. */
    public String parameter() {
        return parameter;
    }

    /** The message with parameter ids named by {@code naming}. */
    public String message(ParameterNaming naming) {
        return render(template, naming);
    }

    /** Any text built with {@link #ref}s (a message, a note), with the parameter ids named by {@code naming}. */
    public static String render(String template, ParameterNaming naming) {
        if (template == null || template.indexOf(REF_START) < 0) {
            return template;
        }
        StringBuilder sb = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            int start = template.indexOf(REF_START, i);
            int end = start < 0 ? -1 : template.indexOf(REF_END, start);
            if (end < 0) {
                sb.append(template, i, template.length());
                break;
            }
            String ref = template.substring(start + 1, end);
            int value = ref.indexOf(VALUE);
            sb.append(template, i, start).append(value < 0 ? naming.name(ref)
                    : naming.usage(ref.substring(0, value), ref.substring(value + 1)));
            i = end + 1;
        }
        return sb.toString();
    }
}
