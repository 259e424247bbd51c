package org.opt2vec.cli.common;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.opt2vec.weights.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        return open(chooseDir(explicit, command));
    }

    /** Where {@link #create} would put the run, without creating anything. */
    public static Path chooseDir(Path explicit, String command) {
        if (explicit != null) {
            return explicit.toAbsolutePath().normalize();
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of("runs", command + "-" + stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of("runs", command + "-" + stamp + "-" + i);
        }
        return dir.toAbsolutePath().normalize();
    }

    /** Creates {@code dir} unless it exists and is not empty (then a usage error). */
    public static RunOutput open(Path dir) {
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
        return new RunOutput(dir);
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

    /** Writes a CSV table (RFC 4180 quoting); numbers are written with {@link Locale#ROOT}. */
    public Path csv(String name, List<String> header, Iterable<? extends List<?>> rows) {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (List<?> row : rows) {
            line(sb, row);
        }
        return write(name, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void line(StringBuilder sb, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cell(cells.get(i)));
        }
        sb.append('\n');
    }

    /** One CSV field: quoted when it holds a comma, a quote or a line break, with quotes doubled. */
    static String cell(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof Double d) {
            return Double.isNaN(d) ? "NaN" : Double.toString(d);
        }
        String s = o.toString();
        boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Saves a chart as PNG. */
    public Path png(String name, Chart<?, ?> chart) {
        try {
            return write(name, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + name, e);
        }
    }

    public Path text(String name, String content) {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Every file of a run is written whole through {@link AtomicFiles}: a crash leaves the old file or the new. */
    private Path write(String name, byte[] content) {
        Path p = dir.resolve(name);
        try {
            AtomicFiles.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
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
