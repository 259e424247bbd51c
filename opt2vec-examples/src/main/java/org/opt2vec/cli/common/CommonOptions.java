package org.opt2vec.cli.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every subcommand has: output directory, verbosity, progress bars. */
public final class CommonOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Directory for this run's report.md, CSVs and plots (default: runs/<command>-<timestamp>). "
                    + "Must not exist or be empty.")
    public Path output;

    @Option(names = {"-v", "--verbose"}, description = "Log DL4J/ND4J and Opt2Vec at INFO/DEBUG (default: warnings only).")
    public boolean verbose;

    @Option(names = "--no-progress", description = "No progress bars (they are shown only when stderr is a terminal).")
    public boolean noProgress;

    /** Sets the log levels; call before ND4J is first touched so its start-up banner stays hidden unless verbose. */
    public void applyLogging() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(verbose ? Level.INFO : Level.WARN);
        ((Logger) LoggerFactory.getLogger("org.opt2vec")).setLevel(verbose ? Level.DEBUG : Level.WARN);
    }

    public boolean progress() {
        return !noProgress && System.console() != null;
    }
}
