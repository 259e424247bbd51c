package org.opt2vec.cli.common;

import org.opt2vec.cli.data.MnistFiles;
import org.opt2vec.tasks.CsvTaskFamily;
import org.opt2vec.tasks.MnistSubsetFamily;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Task families for meta-training and evaluation: built-in ones by name, and the user's CSV data. */
public final class TaskOptions {
    @Option(names = "--data", paramLabel = "CSV",
            description = "Add your own CSV data as a task family (numeric columns; see --label-column, --num-classes).")
    public Path csv;

    @Option(names = "--label-column", paramLabel = "N", defaultValue = "-1",
            description = "0-based label column of --data; negative counts from the end (default: ${DEFAULT-VALUE}, the last).")
    public int labelColumn;

    @Option(names = "--num-classes", paramLabel = "K", defaultValue = "0",
            description = "Classes of --data's label, 0 for regression (default: ${DEFAULT-VALUE}).")
    public int numClasses;

    @Option(names = "--skip-lines", paramLabel = "N", defaultValue = "0",
            description = "Header lines of --data to skip (default: ${DEFAULT-VALUE}).")
    public int skipLines;

    @Option(names = "--mnist-dir", paramLabel = "DIR",
            description = "Directory with MNIST's IDX files for the mnist-subset family (default: DL4J's cache).")
    public Path mnistDir;

    /** Points the mnist-subset family at the CLI's MNIST directory unless the user set one. */
    public void configureMnist() {
        configureMnist(mnistDir);
    }

    /**
     * Points the mnist-subset family at {@code mnistDir} (a command's {@code --mnist-dir}, may be null), else at the
     * CLI's MNIST directory unless the user set one.
     */
    public static void configureMnist(Path mnistDir) {
        if (mnistDir != null) {
            if (!Files.isDirectory(mnistDir)) {
                throw UserException.data("--mnist-dir " + mnistDir + " does not exist");
            }
            System.setProperty(MnistSubsetFamily.DIR_PROPERTY, mnistDir.toString());
        } else if (System.getProperty(MnistSubsetFamily.DIR_PROPERTY) == null
                && System.getenv(MnistSubsetFamily.DIR_ENV) == null
                && MnistFiles.problems(MnistFiles.defaultDir()).isEmpty()) {
            System.setProperty(MnistSubsetFamily.DIR_PROPERTY, MnistFiles.defaultDir().toString());
        }
    }

    /** The CSV family, or null without --data. */
    public TaskDistribution csvFamily() {
        if (csv == null) {
            return null;
        }
        if (!Files.isRegularFile(csv)) {
            throw UserException.data("--data " + csv + " does not exist or is not a file");
        }
        int label = labelColumn;
        if (label < 0) {
            try (var lines = Files.lines(csv)) {
                String first = lines.skip(skipLines).findFirst()
                        .orElseThrow(() -> UserException.data(csv + " holds no data lines"));
                label = first.split(",", -1).length + labelColumn;
            } catch (java.io.IOException e) {
                throw UserException.data("cannot read " + csv + ": " + e.getMessage());
            }
        }
        try {
            String name = "csv:" + csv.getFileName();
            return new CsvTaskFamily(name, csv, label, numClasses).skipLines(skipLines);
        } catch (IllegalArgumentException e) {
            throw UserException.data("--data " + csv + ": " + e.getMessage());
        }
    }

    /** Parses a family list ("default" or comma-separated names), adding the CSV family if any. */
    public TaskDistribution distribution(String spec) {
        List<TaskDistribution> parts = new ArrayList<>();
        if (spec != null && !spec.isBlank() && !spec.equalsIgnoreCase("none")) {
            parts.add(TaskDistributions.parse(spec));
        }
        TaskDistribution c = csvFamily();
        if (c != null) {
            parts.add(c);
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no task families: give --tasks or --data");
        }
        return TaskDistributions.mixture(parts);
    }
}
