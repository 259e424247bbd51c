package org.opt2vec.cli.common;

/**
 * An error the user can fix (missing data, a file in the wrong format, a feature not in this build). The CLI
 * prints only its message, no stack trace, and exits with {@link #exitCode()}.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Missing or invalid input data. */
    public static UserException data(String message) {
        return new UserException(ExitCodes.DATA, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
