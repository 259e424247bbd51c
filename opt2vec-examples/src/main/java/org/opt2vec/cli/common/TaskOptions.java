package org.opt2vec.cli.common;

import org.opt2vec.tasks.CsvTaskFamily;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;
import picocli.CommandLine.Mixin;
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

    @Mixin
    MnistDirOption mnist;

    /** Points the mnist-subset family at --mnist-dir, or at DL4J's cache ({@link MnistDirOption#configureMnist}). */
    public void configureMnist() {
        mnist.configureMnist();
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
