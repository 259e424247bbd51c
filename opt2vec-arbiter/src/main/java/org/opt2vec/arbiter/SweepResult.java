package org.opt2vec.arbiter;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a sweep finished with: every completed and failed candidate, in completion order.
 *
 * @param kind            "train-with" or "architecture"
 * @param scoreName       what the score measures
 * @param minimize        true if lower scores are better
 * @param parameterColumns the searchable settings, by path, in column order
 * @param records         the finished candidates, in completion order
 * @param outputDir       where results.csv, report.md, scores.png and the saved models or weights are
 * @param wallSeconds     wall time of the whole sweep
 * @param arbiterBestIndex the best candidate's index as Arbiter's runner tracked it (-1 if none)
 * @param arbiterBestScore the best score as Arbiter's runner tracked it (NaN if none)
 */
public record SweepResult(String kind, String scoreName, boolean minimize, List<String> parameterColumns,
                          List<SweepRecord> records, Path outputDir, double wallSeconds, int arbiterBestIndex,
                          double arbiterBestScore) {
    public SweepResult {
        parameterColumns = List.copyOf(parameterColumns);
        records = List.copyOf(records);
    }

    public long completedCount() {
        return records.stream().filter(SweepRecord::completed).count();
    }

    public long failedCount() {
        return records.stream().filter(r -> !r.completed()).count();
    }

    /** Completed candidates, best first (non-finite scores last). */
    public List<SweepRecord> ranked() {
        return records.stream().filter(SweepRecord::completed).sorted(order(minimize)).toList();
    }

    /** The completed candidate with the best score. */
    public Optional<SweepRecord> best() {
        return records.stream().filter(SweepRecord::completed).min(order(minimize));
    }

    static Comparator<SweepRecord> order(boolean minimize) {
        // Non-finite scores (a diverged candidate) rank last in either direction.
        Comparator<SweepRecord> finiteFirst = Comparator.comparingInt(r -> Double.isFinite(r.score()) ? 0 : 1);
        Comparator<SweepRecord> byScore = Comparator.comparingDouble(SweepRecord::score);
        if (!minimize) {
            byScore = byScore.reversed();
        }
        return finiteFirst.thenComparing(byScore).thenComparingInt(SweepRecord::index);
    }

    public Path csvFile() { return outputDir.resolve(SweepOutput.CSV); }
    public Path reportFile() { return outputDir.resolve(SweepOutput.REPORT); }
    public Path chartFile() { return outputDir.resolve(SweepOutput.CHART); }
}
