package org.defocusj;

/**
 * A user-facing failure caused by input the user can fix: a file, a parameter or a value that is not what
 * DefocusJ expected. The message is one line naming the file or parameter and what was expected, so front
 * ends can show it as is (CLI: on stderr with a non-zero exit; Fiji: in IJ.error).
 */
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
