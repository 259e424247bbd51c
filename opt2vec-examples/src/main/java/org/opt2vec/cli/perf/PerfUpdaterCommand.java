package org.opt2vec.cli.perf;

import org.nd4j.linalg.api.buffer.DataType;
import org.opt2vec.cli.common.CommonOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code opt2vec perf updater}: applyUpdater of Opt2Vec vs Nesterovs and Adam, and the machine's copy bandwidth. */
@Command(name = "updater", sortOptions = false,
        description = "Times applyUpdater of Opt2Vec (adaptive and momentum directions), DL4J's Nesterovs and Adam on "
                + "blocks of n parameters in one JVM, interleaved, and prints the ratios, the achieved memory bandwidth "
                + "and the machine's copy bandwidth measured in the same process.")
public final class PerfUpdaterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", paramLabel = "N", split = ",", defaultValue = "10000,100000,1000000",
            description = "Block sizes (default: ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--types", paramLabel = "TYPE", split = ",", defaultValue = "FLOAT,DOUBLE",
            description = "Data types, FLOAT and/or DOUBLE (default: ${DEFAULT-VALUE}).")
    DataType[] types;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "15",
            description = "Interleaved rounds per size (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "0.1",
            description = "Seconds of calls per updater and round, about (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = {"-v", "--verbose"}, description = "Log DL4J/ND4J at INFO.")
    boolean verbose;

    @Override
    public Integer call() {
        for (int n : sizes) {
            if (n < 1) {
                throw new ParameterException(spec.commandLine(), "--sizes must be >= 1");
            }
        }
        for (DataType t : types) {
            if (t != DataType.FLOAT && t != DataType.DOUBLE) {
                throw new ParameterException(spec.commandLine(), "--types: FLOAT or DOUBLE, got " + t);
            }
        }
        if (rounds < 1 || !(seconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--rounds must be >= 1 and --seconds > 0");
        }
        CommonOptions logging = new CommonOptions();
        logging.verbose = verbose;
        logging.applyLogging();
        new UpdaterComparison(new UpdaterComparison.Settings(sizes, types, rounds, seconds),
                spec.commandLine().getOut()).run();
        return 0;
    }
}
