package org.opt2vec.cli.common;

import picocli.CommandLine.Option;

/** How long and in what minibatches a command trains its networks; each command gives its own defaults. */
public final class TrainingOptions {
    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    public void check(OptionErrors errors) {
        errors.atLeast("--epochs", epochs, 1).atLeast("--batch-size", batchSize, 1);
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }
}
