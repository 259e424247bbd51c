package org.opt2vec.spark;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Main class of opt2vec-spark ({@code bin/opt2vec-spark}, and the assembly jar's for spark-submit):
 * {@code meta-train} with inner runs as Spark tasks, and {@code benchmark} (local threads vs Spark).
 */
@Command(name = "opt2vec-spark", mixinStandardHelpOptions = true, subcommands = {SparkMetaTrainCommand.class,
        SparkBenchmarkCommand.class, CommandLine.HelpCommand.class},
        description = "Opt2Vec meta-training on Apache Spark.")
public final class Opt2VecSpark implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: meta-train or benchmark");
    }

    public static void main(String[] args) {
        SparkLogs.quiet();
        int code = new CommandLine(new Opt2VecSpark()).execute(args);
        // Spark leaves non-daemon threads behind in some modes; the exit code is what counts.
        System.exit(code);
    }
}
