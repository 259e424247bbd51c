package org.opt2vec.cli.common;

import org.opt2vec.cli.data.CsvData;
import org.opt2vec.cli.data.Data;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The user's own classification data as CSV files (read by {@link CsvData}). */
public final class CsvOptions {
    @Option(names = "--data", paramLabel = "CSV",
            description = "Your own CSV data instead of the default data: numeric features and an integer class "
                    + "label per line.")
    Path csv;

    @Option(names = "--test-data", paramLabel = "CSV",
            description = "Test CSV for --data (default: hold out --test-fraction of --data).")
    Path testCsv;

    @Option(names = "--label-column", paramLabel = "N", defaultValue = "-1",
            description = "0-based label column of --data; negative counts from the end (default: ${DEFAULT-VALUE}, the last).")
    int labelColumn;

    @Option(names = "--skip-lines", paramLabel = "N", defaultValue = "0",
            description = "Header lines to skip in the CSV files (default: ${DEFAULT-VALUE}).")
    int skipLines;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of --data held out for testing when no --test-data is given (default: ${DEFAULT-VALUE}).")
    double testFraction;

    public boolean isSet() {
        return csv != null;
    }

    public Path file() {
        return csv;
    }

    public Path testFile() {
        return testCsv;
    }

    public int labelColumn() {
        return labelColumn;
    }

    public int skipLines() {
        return skipLines;
    }

    public double testFraction() {
        return testFraction;
    }

    public void check(OptionErrors errors) {
        errors.require(testCsv == null || csv != null, "--test-data needs --data")
                .require(testFraction > 0 && testFraction < 1, "--test-fraction must be in (0, 1), was " + testFraction)
                .atLeast("--skip-lines", skipLines, 0);
    }

    /** Reads and splits the data (fails with a data error naming the file and line). */
    public Data load(int batchSize) {
        return CsvData.load(csv, testCsv, labelColumn, skipLines, testFraction, batchSize);
    }
}
