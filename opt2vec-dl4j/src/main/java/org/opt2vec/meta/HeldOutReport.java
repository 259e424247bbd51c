package org.opt2vec.meta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Results of a {@link HeldOutEvaluation}: one {@link Row} per (task instance, optimizer), per-family summaries, and
 * head-to-head win rates. "Mean log-loss" is the mean over steps 1..T-1 of log(minibatch loss_t / initial held-out
 * loss): lower is better, 0 means no progress, and it is comparable across instances of a family.
 */
public final class HeldOutReport {
    /**
     * @param meanLogLoss         mean over the trajectory of log(loss_t / initial held-out loss); NaN when diverged
     * @param heldOutLogRatio     log(final held-out loss / initial held-out loss); NaN when diverged
     * @param accuracy            final held-out accuracy (classification), else NaN
     * @param meanLrScale         Opt2Vec only: mean lr scale, else NaN
     * @param meanMomentum        Opt2Vec only: mean momentum, else NaN
     */
    public record Row(String family, long taskSeed, String task, String optimizer, double meanLogLoss,
                      double heldOutLogRatio, double accuracy, boolean diverged, double meanLrScale,
                      double meanMomentum) {
    }

    /** Per-family, per-optimizer averages. */
    public record Summary(String family, String optimizer, int instances, double meanLogLoss, double heldOutLogRatio,
                          double accuracy, int diverged, double meanLrScale, double meanMomentum) {
    }

    private final List<Row> rows;
    private final List<String> optimizers;
    private final int innerSteps;
    private final long seed;
    private final double wallSeconds;

    HeldOutReport(List<Row> rows, List<String> optimizers, int innerSteps, long seed, double wallSeconds) {
        this.rows = List.copyOf(rows);
        this.optimizers = List.copyOf(optimizers);
        this.innerSteps = innerSteps;
        this.seed = seed;
        this.wallSeconds = wallSeconds;
    }

    public List<Row> rows() { return rows; }
    public List<String> optimizers() { return optimizers; }
    public int innerSteps() { return innerSteps; }
    public double wallSeconds() { return wallSeconds; }

    public List<String> families() {
        return rows.stream().map(Row::family).distinct().toList();
    }

    /** Number of task instances. */
    public int instanceCount() {
        return (int) rows.stream().map(r -> r.family() + "#" + r.taskSeed()).distinct().count();
    }

    public List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        for (String f : families()) {
            for (String o : optimizers) {
                List<Row> rs = rows.stream().filter(r -> r.family().equals(f) && r.optimizer().equals(o)).toList();
                int div = (int) rs.stream().filter(Row::diverged).count();
                out.add(new Summary(f, o, rs.size(), mean(rs.stream().mapToDouble(Row::meanLogLoss).toArray()),
                        mean(rs.stream().mapToDouble(Row::heldOutLogRatio).toArray()),
                        mean(rs.stream().mapToDouble(Row::accuracy).toArray()), div,
                        mean(rs.stream().mapToDouble(Row::meanLrScale).toArray()),
                        mean(rs.stream().mapToDouble(Row::meanMomentum).toArray())));
            }
        }
        return out;
    }

    private static double mean(double[] x) {
        double s = 0;
        int n = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Loss of a row for comparisons: its mean log-loss, +infinity when it diverged. */
    private static double score(Row r) {
        return r.diverged() || Double.isNaN(r.meanLogLoss()) ? Double.POSITIVE_INFINITY : r.meanLogLoss();
    }

    private static double heldOutScore(Row r) {
        return r.diverged() || Double.isNaN(r.heldOutLogRatio()) ? Double.POSITIVE_INFINITY : r.heldOutLogRatio();
    }

    /** Instances (optionally of one family; null = all) where {@code a} has a strictly lower mean log-loss than {@code b}. */
    public int wins(String a, String b, String family) {
        return wins(a, b, family, false);
    }

    /** Instances where {@code a} ends with a strictly lower held-out loss than {@code b}. */
    public int heldOutWins(String a, String b, String family) {
        return wins(a, b, family, true);
    }

    /** Fraction of all instances on which {@code a} ends with a lower held-out loss than {@code b}. */
    public double heldOutWinRate(String a, String b) {
        int n = index(a, null).size();
        return n == 0 ? Double.NaN : (double) heldOutWins(a, b, null) / n;
    }

    private int wins(String a, String b, String family, boolean heldOut) {
        Map<String, Row> byA = index(a, family);
        Map<String, Row> byB = index(b, family);
        int w = 0;
        for (Map.Entry<String, Row> e : byA.entrySet()) {
            Row rb = byB.get(e.getKey());
            if (rb != null && (heldOut ? heldOutScore(e.getValue()) < heldOutScore(rb) : score(e.getValue()) < score(rb))) {
                w++;
            }
        }
        return w;
    }

    /** Fraction of all instances on which {@code a} beats {@code b} (lower mean log-loss). */
    public double winRate(String a, String b) {
        int n = index(a, null).size();
        return n == 0 ? Double.NaN : (double) wins(a, b, null) / n;
    }

    private Map<String, Row> index(String optimizer, String family) {
        Map<String, Row> m = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.optimizer().equals(optimizer) && (family == null || r.family().equals(family))) {
                m.put(r.family() + "#" + r.taskSeed(), r);
            }
        }
        return m;
    }

    /** Per-family tables and a win-rate summary of the first optimizer against each other one. */
    public String toMarkdown() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d task instances, %d training steps each, evaluation seed %d, %.0f s wall.%n%n",
                instanceCount(), innerSteps, seed, wallSeconds));
        s.append("Mean log-loss: mean over steps of log(minibatch loss / initial held-out loss), lower is better. ")
                .append("Held-out: log(final / initial held-out loss). Accuracy: final held-out accuracy. ")
                .append("lr scale, momentum: Opt2Vec's mean controller outputs over the run.\n\n");
        for (String f : families()) {
            List<Summary> fs = summaries().stream().filter(x -> x.family().equals(f)).toList();
            s.append("#### ").append(f).append(" (").append(fs.get(0).instances()).append(" instances)\n\n");
            s.append("| optimizer | mean log-loss | held-out log-ratio | final accuracy | diverged | lr scale, momentum |");
            if (optimizers.size() > 1) {
                s.append(" ").append(optimizers.get(0)).append(" wins |");
            }
            s.append("\n|---|---:|---:|---:|---:|---:|").append(optimizers.size() > 1 ? "---:|" : "").append('\n');
            for (Summary x : fs) {
                s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s |", x.optimizer(), fmt(x.meanLogLoss()),
                        fmt(x.heldOutLogRatio()), Double.isNaN(x.accuracy()) ? "-" : String.format(Locale.ROOT, "%.3f",
                                x.accuracy()), x.diverged(), Double.isNaN(x.meanLrScale()) ? "-"
                                : String.format(Locale.ROOT, "%.2f, %.3f", x.meanLrScale(), x.meanMomentum())));
                if (optimizers.size() > 1) {
                    s.append(x.optimizer().equals(optimizers.get(0)) ? " - |"
                            : String.format(Locale.ROOT, " %d/%d |", wins(optimizers.get(0), x.optimizer(), f), x.instances()));
                }
                s.append('\n');
            }
            s.append('\n');
        }
        if (optimizers.size() > 1) {
            String a = optimizers.get(0);
            s.append("#### Summary: ").append(a).append(" against each optimizer (all instances)\n\n");
            s.append("| against | wins (mean log-loss) | win rate | wins (final held-out loss) | win rate |\n")
                    .append("|---|---:|---:|---:|---:|\n");
            int n = index(a, null).size();
            for (String b : optimizers.subList(1, optimizers.size())) {
                s.append(String.format(Locale.ROOT, "| %s | %d/%d | %.0f %% | %d/%d | %.0f %% |%n", b, wins(a, b, null), n,
                        100 * winRate(a, b), heldOutWins(a, b, null), n, 100 * heldOutWinRate(a, b)));
            }
        }
        return s.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
