package org.opt2vec.cli.common;

import picocli.CommandLine.Option;

/** {@code --seed}: the seed of a run; the command's description says what it drives, its defaults the value. */
public final class SeedOption {
    @Option(names = "--seed", paramLabel = "SEED", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    public long seed() {
        return seed;
    }
}
