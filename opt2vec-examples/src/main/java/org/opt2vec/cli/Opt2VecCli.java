package org.opt2vec.cli;

import org.opt2vec.cli.common.ExitCodes;
import org.opt2vec.cli.common.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code opt2vec} command: quick start, MNIST comparison, benchmark suite, meta-training, evaluation, embedding
 * analysis, Arbiter sweeps.
 */
@Command(name = "opt2vec", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = Opt2VecCli.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Opt2Vec, a meta-learned optimizer for Deeplearning4j: try it, compare it with Adam and SGD, "
                + "meta-train it, sweep its hyperparameters with Arbiter and look inside it. Every run writes report.md, CSVs and PNG plots into its own "
                + "output directory.",
        subcommands = {QuickstartCommand.class, MnistCommand.class, BenchmarkCommand.class, MetaTrainCommand.class,
                ConstantSearchCommand.class, EvaluateCommand.class, AnalyzeCommand.class, ProbeCommand.class, SweepCommand.class, org.opt2vec.cli.perf.PerfCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:unexpected error (run with --verbose for details)",
                "2:bad command-line arguments", "3:missing or invalid input data",
                "4:feature not available in this build"})
public final class Opt2VecCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs the command line and returns the exit code (no System.exit), writing to the given streams. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new Opt2VecCli());
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, ignored) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter e = c.getErr();
            e.println("opt2vec: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            c.usage(e);
            e.flush();
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter e = cmd.getErr();
            if (ex instanceof UserException u) {
                e.println(cmd.getCommandSpec().qualifiedName() + ": " + u.getMessage());
                e.flush();
                return u.exitCode();
            }
            e.println(cmd.getCommandSpec().qualifiedName() + ": unexpected error: " + ex);
            if (cmd.getParseResult() != null && cmd.getParseResult().hasMatchedOption("--verbose")) {
                ex.printStackTrace(e);
            } else {
                e.println("(run again with --verbose for the stack trace)");
            }
            e.flush();
            return ExitCodes.SOFTWARE;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Opt2VecCli.class.getPackage().getImplementationVersion();
            return new String[]{"opt2vec " + (v == null ? "(development build)" : v) + ", Deeplearning4j 1.0.0-M2.1, Java "
                    + System.getProperty("java.version")};
        }
    }
}
