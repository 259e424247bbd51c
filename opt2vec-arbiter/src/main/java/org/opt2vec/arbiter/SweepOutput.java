package org.opt2vec.arbiter;

import org.opt2vec.weights.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Writes a sweep's results as candidates finish, so an interrupted sweep keeps what it finished. Each file is
 * rewritten whole through {@link AtomicFiles} after every candidate, so a reader (or a crash) sees the old version
 * or the new one, never half a row:
 * <ul>
 *   <li>{@value #CSV}: one row per finished candidate, in completion order;</li>
 *   <li>{@value #REPORT}: a Markdown table sorted by score (best first);</li>
 *   <li>{@value #CHART}: a dot plot of the score of each configuration, best first.</li>
 * </ul>
 * Thread-safe.
 */
public final class SweepOutput {
    public static final String CSV = "results.csv";
    public static final String REPORT = "report.md";
    public static final String CHART = "scores.png";

    private final Path dir;
    private final String title;
    private final List<String> headerLines;
    private final String scoreName;
    private final boolean minimize;
    private final List<String> parameterColumns;
    private final List<String> detailColumns;
    private final List<String> csvHeader;
    private final List<SweepRecord> records = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final Consumer<SweepRecord> onRecord;
    private boolean chartWarned;

    /**
     * Starts a fresh output in {@code dir} (an existing results.csv there is replaced) and writes the empty table.
     *
     * @param headerLines lines shown at the top of the report (command, generator, budget, …)
     * @param onRecord    called after each record is written (e.g. progress printing); may be null
     */
    public SweepOutput(Path dir, String title, List<String> headerLines, String scoreName, boolean minimize,
                       List<String> parameterColumns, List<String> detailColumns, Consumer<SweepRecord> onRecord)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        this.dir = Files.createDirectories(dir);
        this.title = title;
        this.headerLines = List.copyOf(headerLines);
        this.scoreName = scoreName;
        this.minimize = minimize;
        this.parameterColumns = List.copyOf(parameterColumns);
        this.detailColumns = List.copyOf(detailColumns);
        this.onRecord = onRecord;
        List<String> header = new ArrayList<>(List.of("index", "status", "score"));
        header.addAll(this.parameterColumns);
        header.addAll(this.detailColumns);
        header.addAll(List.of("seconds", "artifact", "error"));
        this.csvHeader = List.copyOf(header);
        writeCsv();
        writeReport();
    }

    /** Records a finished candidate: rewrites the CSV, the report and the chart with it. */
    public synchronized void add(SweepRecord r) {
        records.add(r);
        writeCsv();
        writeReport();
        writeChart();
        if (onRecord != null) {
            onRecord.accept(r);
        }
    }

    public synchronized List<SweepRecord> records() {
        return List.copyOf(records);
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void writeCsv() {
        StringBuilder csv = new StringBuilder(csvLine(csvHeader));
        for (SweepRecord r : records) {
            csv.append(csvLine(csvRow(r)));
        }
        write(dir.resolve(CSV), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private List<String> csvRow(SweepRecord r) {
        List<String> row = new ArrayList<>();
        row.add(Integer.toString(r.index()));
        row.add(r.completed() ? "completed" : "failed");
        row.add(r.completed() ? Double.toString(r.score()) : "");
        for (String c : parameterColumns) {
            row.add(r.parameters().getOrDefault(c, ""));
        }
        for (String c : detailColumns) {
            row.add(r.details().getOrDefault(c, ""));
        }
        row.add(String.format(Locale.ROOT, "%.2f", r.seconds()));
        row.add(r.artifact());
        row.add(r.error());
        return row;
    }

    /** One CSV line (RFC 4180): fields holding a comma, a quote or a line break are quoted, quotes doubled. */
    static String csvLine(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(csvField(fields.get(i)));
        }
        return sb.append('\n').toString();
    }

    static String csvField(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    private SweepResult snapshot() {
        return new SweepResult("", scoreName, minimize, parameterColumns, records, dir, elapsedSeconds(), -1,
                Double.NaN);
    }

    private void writeReport() {
        SweepResult s = snapshot();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        for (String line : headerLines) {
            md.append("- ").append(line).append('\n');
        }
        md.append("- Score: ").append(scoreName).append(minimize ? " (lower is better)" : " (higher is better)")
                .append('\n');
        md.append(String.format(Locale.ROOT, "- Finished: %d completed, %d failed; %.1f s so far%n",
                s.completedCount(), s.failedCount(), s.wallSeconds()));
        s.best().ifPresent(b -> md.append("- Best: candidate ").append(b.index()).append(", score ")
                .append(fmt(b.score())).append(" — ").append(b.label(parameterColumns)).append('\n'));
        md.append('\n');

        List<String> cols = new ArrayList<>(List.of("rank", "candidate", "score"));
        cols.addAll(parameterColumns);
        cols.addAll(detailColumns);
        cols.add("seconds");
        md.append(mdRow(cols)).append(mdRule(cols.size()));
        int rank = 1;
        for (SweepRecord r : s.ranked()) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(rank++), Integer.toString(r.index()),
                    fmt(r.score())));
            parameterColumns.forEach(c -> row.add(r.parameters().getOrDefault(c, "")));
            detailColumns.forEach(c -> row.add(r.details().getOrDefault(c, "")));
            row.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
            md.append(mdRow(row));
        }
        List<SweepRecord> failed = s.records().stream().filter(r -> !r.completed()).toList();
        if (!failed.isEmpty()) {
            md.append("\n## Failed candidates\n\n");
            List<String> fc = new ArrayList<>(List.of("candidate"));
            fc.addAll(parameterColumns);
            fc.add("error");
            md.append(mdRow(fc)).append(mdRule(fc.size()));
            for (SweepRecord r : failed) {
                List<String> row = new ArrayList<>(List.of(Integer.toString(r.index())));
                parameterColumns.forEach(c -> row.add(r.parameters().getOrDefault(c, "")));
                row.add(r.error());
                md.append(mdRow(row));
            }
        }
        md.append("\nFiles: `").append(CSV).append("` (all rows, in completion order), `").append(CHART)
                .append("` (score per configuration).\n");
        write(dir.resolve(REPORT), md.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String mdRow(List<String> cells) {
        StringBuilder sb = new StringBuilder("|");
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        return sb.append('\n').toString();
    }

    private static String mdRule(int n) {
        return "|" + " --- |".repeat(n) + "\n";
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5g", v) : Double.toString(v);
    }

    /**
     * Draws the score of each configuration, best first (top), as a dot plot whose axis spans the scores, so small
     * differences stay visible. A machine that cannot draw (no fonts, no AWT) gets a warning once, not a failure.
     */
    private void writeChart() {
        List<SweepRecord> ranked = snapshot().ranked().stream().filter(r -> Double.isFinite(r.score())).toList();
        if (ranked.isEmpty()) {
            return;
        }
        List<String> labels = ranked.stream().map(r -> parameterColumns.isEmpty() ? "#" + r.index()
                : "#" + r.index() + " " + r.label(parameterColumns)).toList();
        List<Double> scores = ranked.stream().map(SweepRecord::score).toList();
        byte[] png;
        try {
            png = DotPlot.render(title, scoreName + " — " + (minimize ? "lower" : "higher") + " is better", labels,
                    scores);
        } catch (RuntimeException | LinkageError e) {
            if (!chartWarned) {
                chartWarned = true;
                System.err.println("opt2vec sweep: cannot draw " + CHART + ": " + e);
            }
            return;
        }
        write(dir.resolve(CHART), png);
    }

    private static void write(Path target, byte[] content) {
        try {
            AtomicFiles.write(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
