package org.opt2vec.arbiter;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain entry point for an architecture sweep, for use without the {@code opt2vec} CLI:
 * <pre>
 *   java -cp ... org.opt2vec.arbiter.ArchitectureSweepMain out=arch-sweep metaSteps=20 tasksPerStep=2 \
 *        innerSteps=20 pairs=4 evalInstances=6 evalSteps=100 search=grid seed=42 threads=2
 * </pre>
 * Keys (all optional): out, embeddingDims, historyLengths, activations (comma-separated), metaSteps,
 * tasksPerStep, innerSteps, pairs, threads, scorer (suite: the held-out evaluation suite, default; spirals: a few
 * spirals tasks), evalInstances and evalSteps (suite), heldOutTasks and heldOutSteps (spirals), search
 * (grid|random), maxCandidates, seed.
 */
public final class ArchitectureSweepMain {
    private ArchitectureSweepMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + s + "'");
            }
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        int threads = Integer.parseInt(a.getOrDefault("threads", Integer.toString(Runtime.getRuntime()
                .availableProcessors())));
        ArchitectureSweep.Builder b = ArchitectureSweep.builder()
                .outputDir(Path.of(a.getOrDefault("out", "arch-sweep")))
                .trainer(MetaTrainerArchitectureTrainer.builder()
                        .metaSteps(Integer.parseInt(a.getOrDefault("metaSteps", "10")))
                        .tasksPerStep(Integer.parseInt(a.getOrDefault("tasksPerStep", "2")))
                        .innerSteps(Integer.parseInt(a.getOrDefault("innerSteps", "20")))
                        .pairs(Integer.parseInt(a.getOrDefault("pairs", "4")))
                        .threads(threads).build())
                .scorer("spirals".equals(a.getOrDefault("scorer", "suite"))
                        ? HeldOutTaskScorer.builder()
                        .numTasks(Integer.parseInt(a.getOrDefault("heldOutTasks", "8")))
                        .steps(Integer.parseInt(a.getOrDefault("heldOutSteps", "40")))
                        .threads(threads).build()
                        : HeldOutEvaluationScorer.builder()
                        .instancesPerFamily(Integer.parseInt(a.getOrDefault("evalInstances", "6")))
                        .innerSteps(Integer.parseInt(a.getOrDefault("evalSteps", "100")))
                        .threads(threads).build())
                .search(Search.parse(a.getOrDefault("search", "grid")))
                .seed(Long.parseLong(a.getOrDefault("seed", "42")))
                .description("Command: ArchitectureSweepMain " + String.join(" ", args))
                .onCandidate(r -> System.out.printf(Locale.ROOT, "candidate %d %s score=%s (%.1f s)%s%n", r.index(),
                        r.parameters(), r.completed() ? SweepOutput.fmt(r.score()) : "-", r.seconds(),
                        r.completed() ? "" : " FAILED: " + r.error()));
        if (a.containsKey("embeddingDims")) {
            b.embeddingDims(ints(a.get("embeddingDims")));
        }
        if (a.containsKey("historyLengths")) {
            b.historyLengths(ints(a.get("historyLengths")));
        }
        if (a.containsKey("activations")) {
            b.activations(Arrays.stream(a.get("activations").split(",")).map(String::trim).toList());
        }
        if (a.containsKey("maxCandidates")) {
            b.maxCandidates(Integer.parseInt(a.get("maxCandidates")));
        }
        ArchitectureSweep sweep = b.build();
        System.out.println("architecture sweep: " + sweep.plannedCandidates() + " candidate(s) -> "
                + Path.of(a.getOrDefault("out", "arch-sweep")).toAbsolutePath());
        SweepResult r = sweep.run();
        System.out.printf(Locale.ROOT, "done: %d completed, %d failed, wall %.1f s%n", r.completedCount(),
                r.failedCount(), r.wallSeconds());
        r.best().ifPresent(x -> System.out.println("best: candidate " + x.index() + " " + x.parameters() + " score "
                + SweepOutput.fmt(x.score())));
        ArchitectureSweep.defaultArchitecture(r).ifPresent(x -> System.out.println("default (e64 h16 gelu): rank "
                + (r.ranked().indexOf(x) + 1) + " of " + r.completedCount() + ", score " + SweepOutput.fmt(x.score())));
        System.exit(0);
    }

    private static List<Integer> ints(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).map(Integer::valueOf).toList();
    }
}
