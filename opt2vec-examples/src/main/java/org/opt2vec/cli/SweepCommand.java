package org.opt2vec.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code opt2vec sweep}: Arbiter hyperparameter searches, in the two kinds of {@code opt2vec-arbiter}. */
@Command(name = "sweep", sortOptions = false,
        description = {"Hyperparameter sweeps with DL4J's Arbiter (module opt2vec-arbiter), in the two kinds below. Each "
                + "writes results.csv (a row per candidate as it finishes), report.md (ranked table) and scores.png into "
                + "its output directory, plus the trained networks (models/) or meta-trained weights (weights/).",
                "See `opt2vec sweep train-with --help` and `opt2vec sweep architecture --help`."},
        subcommands = {SweepTrainWithCommand.class, SweepArchitectureCommand.class})
public final class SweepCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing sweep kind: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
