package org.opt2vec.cli.common;

/** Exit codes of the opt2vec command, listed in every subcommand's --help. */
public final class ExitCodes {
    public static final int OK = 0;
    /** An unexpected error (a bug, or DL4J/ND4J failing). */
    public static final int SOFTWARE = 1;
    /** Bad command-line arguments (picocli's usage-error code). */
    public static final int USAGE = 2;
    /** Missing or invalid input data. */
    public static final int DATA = 3;
    /** The subcommand is not available in this build. */
    public static final int UNAVAILABLE = 4;

    private ExitCodes() {
    }
}
