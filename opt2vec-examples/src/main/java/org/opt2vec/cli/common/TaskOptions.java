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
import java.util.Map;

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

    /** The --data settings a meta-training run saves beside its checkpoint for --resume (empty without --data). */
    public Map<String, String> savedSettings() {
        if (csv == null) {
            return Map.of();
        }
        return Map.of("data", csv.toAbsolutePath().toString(), "labelColumn", String.valueOf(labelColumn),
                "numClasses", String.valueOf(numClasses), "skipLines", String.valueOf(skipLines));
    }

    /** Restores what {@link #savedSettings()} saved: the resumed run trains on the same CSV data, or on none. */
    public void restore(Map<String, String> saved) {
        if (!saved.containsKey("data")) {
            csv = null;
            return;
        }
        try {
            csv = Path.of(saved.get("data"));
            labelColumn = Integer.parseInt(saved.get("labelColumn"));
            numClasses = Integer.parseInt(saved.get("numClasses"));
            skipLines = Integer.parseInt(saved.get("skipLines"));
        } catch (RuntimeException e) {
            throw UserException.data("the resumed run's --data settings are unreadable (" + e.getMessage()
                    + "); start a new run");
        }
    }
}
