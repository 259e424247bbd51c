package org.opt2vec.arbiter;


import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Writes a sweep's results as candidates finish, so an interrupted sweep keeps what it finished:
 * <ul>
 *   <li>{@value #CSV}: one row per finished candidate, appended and flushed at once;</li>
 *   <li>{@value #REPORT}: a Markdown table sorted by score (best first), rewritten atomically;</li>
 *   <li>{@value #CHART}: a bar chart of the score of each configuration, best first, rewritten atomically.</li>
 * </ul>
 * Thread-safe.
 */
public final class SweepOutput implements AutoCloseable {
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
    private final BufferedWriter csv;
    private final List<SweepRecord> records = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final Consumer<SweepRecord> onRecord;
    private boolean chartWarned;

    /**
     * Starts a fresh output in {@code dir} (an existing results.csv there is replaced).
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
        this.csv = Files.newBufferedWriter(dir.resolve(CSV), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        List<String> header = new ArrayList<>();
        header.add("index");
        header.add("status");
        header.add("score");
        header.addAll(this.parameterColumns);
        header.addAll(this.detailColumns);
        header.add("seconds");
        header.add("artifact");
        header.add("error");
        writeCsvRow(header);
        writeReport();
    }

    /** Records a finished candidate: appends its CSV row and rewrites report and chart. */
    public synchronized void add(SweepRecord r) {
        records.add(r);
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
        writeCsvRow(row);
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

    private void writeCsvRow(List<String> fields) {
        try {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    csv.write(',');
                }
                csv.write(csvField(fields.get(i)));
            }
            csv.write('\n');
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(CSV), e);
        }
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
        writeAtomically(dir.resolve(REPORT), out -> out.write(md.toString().getBytes(StandardCharsets.UTF_8)));
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

    private void writeChart() {
        try {
            renderChart(dir.resolve(CHART), title, scoreName, minimize, parameterColumns, snapshot().ranked());
        } catch (RuntimeException | LinkageError e) {
            if (!chartWarned) {
                chartWarned = true;
                System.err.println("opt2vec sweep: cannot draw " + CHART + ": " + e);
            }
        }
    }

    /**
     * Draws the score of each configuration, best first (top), as a dot plot whose axis spans the scores, so small
     * differences stay visible, and writes the PNG atomically.
     */
    static void renderChart(Path file, String title, String scoreName, boolean minimize, List<String> labelColumns,
                            List<SweepRecord> rankedRecords) {
        List<SweepRecord> ranked = rankedRecords.stream().filter(r -> Double.isFinite(r.score())).toList();
        if (ranked.isEmpty()) {
            return;
        }
        List<String> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (SweepRecord r : ranked) {
            StringBuilder sb = new StringBuilder("#").append(r.index());
            for (String c : labelColumns) {
                sb.append(' ').append(c.substring(c.lastIndexOf('.') + 1)).append('=')
                        .append(r.parameters().getOrDefault(c, "?"));
            }
            xs.add(sb.toString());
            ys.add(r.score());
        }
        byte[] png = DotPlot.render(title, scoreName + " — " + (minimize ? "lower" : "higher") + " is better",
                xs, ys);
        writeAtomically(file, out -> out.write(png));
    }

    /**
     * Re-draws {@value #CHART} from the {@value #CSV} in {@code dir} (e.g. after editing or merging results).
     *
     * @param labelColumns the CSV columns that name a configuration (e.g. embeddingDim, historyLength, activation)
     */
    public static void replot(Path dir, String title, String scoreName, boolean minimize, List<String> labelColumns)
            throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(CSV), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<SweepRecord> recs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < header.size() || !"completed".equals(f[1])) {
                continue;
            }
            java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
            for (String c : labelColumns) {
                int i = header.indexOf(c);
                if (i < 0) {
                    throw new IllegalArgumentException("no column " + c + " in " + dir.resolve(CSV));
                }
                params.put(c, f[i]);
            }
            recs.add(new SweepRecord(Integer.parseInt(f[0]), true, Double.parseDouble(f[2]), params,
                    java.util.Map.of(), 0, "", ""));
        }
        recs.sort(SweepResult.order(minimize));
        renderChart(dir.resolve(CHART), title, scoreName, minimize, labelColumns, recs);
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path target, Writer w) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                w.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        csv.close();
    }
}
