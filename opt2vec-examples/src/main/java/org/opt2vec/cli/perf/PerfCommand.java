package org.opt2vec.cli.perf;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code opt2vec perf}: the performance measurements of docs/benchmarks.md, each printed by one command. */
@Command(name = "perf", sortOptions = false,
        description = {"Performance measurements (docs/benchmarks.md), printed to the terminal with the machine's load "
                + "average beside every figure. Timings on a shared machine are noisy: compare the ratios, which are "
                + "measured interleaved in one process."},
        subcommands = {PerfUpdaterCommand.class, PerfMetaTrainCommand.class})
public final class PerfCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing measurement: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
