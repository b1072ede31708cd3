package org.defocusj;

/**
 * How a front end names a parameter id in messages: the command line as {@code --id}, Fiji by the label of
 * the dialog field. See {@link BadInputException}.
 */
@FunctionalInterface
public interface ParameterNaming {

    /** The command-line option of a parameter: {@code --} and its id. */
    ParameterNaming OPTIONS = id -> "--" + id;

    /** What users of this front end call parameter {@code id}. */
    String name(String id);

    /** How users of this front end give parameter {@code id} a value: by default its name and a placeholder. */
    default String usage(String id, String placeholder) {
        return name(id) + " " + placeholder;
    }
}
