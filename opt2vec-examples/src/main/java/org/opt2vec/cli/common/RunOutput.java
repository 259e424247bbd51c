package org.opt2vec.cli.common;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The output directory of one run: CSV tables, PNG plots and report.md. */
public final class RunOutput {
    private final Path dir;
    private final List<String> files = new ArrayList<>();

    private RunOutput(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the run's directory: {@code explicit} if given, else {@code runs/<command>-<timestamp>} under the
     * working directory. An existing non-empty directory is refused, so one run never overwrites another.
     */
    public static RunOutput create(Path explicit, String command) {
        Path dir = explicit;
        if (dir == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            dir = Path.of("runs", command + "-" + stamp);
            for (int i = 2; Files.exists(dir); i++) {
                dir = Path.of("runs", command + "-" + stamp + "-" + i);
            }
        }
        try {
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new UserException(ExitCodes.USAGE, "output directory " + dir
                                + " exists and is not empty; choose another --output (runs never overwrite each other)");
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        return new RunOutput(dir.toAbsolutePath().normalize());
    }

    public Path dir() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Files written so far, in order. */
    public List<String> files() {
        return List.copyOf(files);
    }

    /** Writes a CSV table; numbers are written with {@link Locale#ROOT}. */
    public Path csv(String name, List<String> header, Iterable<? extends List<?>> rows) {
        Path p = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write(String.join(",", header));
            w.write('\n');
            for (List<?> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    w.write(cell(row.get(i)));
                }
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(name);
        return p;
    }

    private static String cell(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof Double d) {
            return Double.isNaN(d) ? "NaN" : Double.toString(d);
        }
        String s = o.toString();
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Saves a chart as PNG. */
    public Path png(String name, Chart<?, ?> chart) {
        Path p = dir.resolve(name);
        try {
            BitmapEncoder.saveBitmap(chart, p.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(name);
        return p;
    }

    public Path text(String name, String content) {
        Path p = dir.resolve(name);
        try {
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(name);
        return p;
    }

    /** Writes report.md, ending with the list of the run's files. */
    public Path report(Markdown md) {
        md.h2("Files");
        for (String f : files) {
            md.line("- [" + f + "](" + f + ")");
        }
        return text("report.md", md.toString());
    }

    /** The command line as typed; picocli's original arguments already hold it from the subcommand on. */
    public static String commandLine(picocli.CommandLine cl) {
        return "opt2vec " + String.join(" ", cl.getParseResult().originalArgs());
    }
}
