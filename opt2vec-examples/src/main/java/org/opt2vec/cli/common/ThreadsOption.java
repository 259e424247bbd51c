package org.opt2vec.cli.common;

import picocli.CommandLine.Option;

/** {@code --threads}: Java threads for work that runs many small trainings at once. */
public final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", description = "Java threads (default: all cores).")
    Integer threads;

    public void check(OptionErrors errors) {
        errors.atLeast("--threads", threads, 1);
    }

    /** The threads to use: the option, else every core. */
    public int threads() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
