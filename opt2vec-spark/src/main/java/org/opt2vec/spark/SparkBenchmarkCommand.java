package org.opt2vec.spark;

import org.apache.spark.SparkConf;
import org.opt2vec.meta.CandidateEvaluator;
import org.opt2vec.meta.EfficientMetaLearningTrainer;
import org.opt2vec.meta.LocalCandidateEvaluator;
import org.opt2vec.meta.MetaTrainingResult;
import org.opt2vec.tasks.TaskDistributions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code benchmark}: the same meta-training on local threads and on Spark, alternating, after a warm-up of both;
 * inner runs per second of each, Spark's overhead, the bytes one meta-step moves, and a model of the time per
 * meta-step on N executors built from these measurements. Prints Markdown (docs/spark.md quotes one run).
 */
@Command(name = "benchmark", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Inner runs per second: local threads vs Spark on the same meta-training; bytes per meta-step; "
                + "a scaling model to N executors from the measured task times and bytes.")
final class SparkBenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--spark-master", paramLabel = "URL", defaultValue = "local[2]",
            description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Local threads to compare with (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--inner-steps", paramLabel = "N", defaultValue = "200",
            description = "Training steps of every inner run (default: ${DEFAULT-VALUE}).")
    int innerSteps;

    @Option(names = "--tasks-per-step", paramLabel = "N", defaultValue = "2", description = "Tasks per meta-step (default: ${DEFAULT-VALUE}).")
    int tasksPerStep;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "8", description = "Antithetic pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--tasks", paramLabel = "FAMILIES", defaultValue = "default", description = "Task families (default: ${DEFAULT-VALUE}).")
    String tasks;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--meta-steps", paramLabel = "N", defaultValue = "2",
            description = "Meta-steps per measured run (default: ${DEFAULT-VALUE}).")
    int metaSteps;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "4",
            description = "Measured runs of each, in ABBA order (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--runs-per-task", paramLabel = "N", defaultValue = "1", description = "Inner runs per Spark task (default: ${DEFAULT-VALUE}).")
    int runsPerTask;

    @Option(names = "--executor-cores", paramLabel = "C", defaultValue = "4",
            description = "Cores per executor in the scaling model (default: ${DEFAULT-VALUE}).")
    int executorCores;

    @Option(names = "--bandwidth-mbit", paramLabel = "MBIT", defaultValue = "1000",
            description = "Network bandwidth in the scaling model, Mbit/s (default: ${DEFAULT-VALUE}).")
    double bandwidthMbit;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the Markdown report here.")
    Path output;

    private EfficientMetaLearningTrainer trainer(CandidateEvaluator e) {
        return EfficientMetaLearningTrainer.builder().seed(seed).pairs(pairs).tasks(TaskDistributions.parse(tasks))
                .evaluator(e).build();
    }

    @Override
    public Integer call() throws IOException {
        if (threads < 1 || innerSteps < 2 || tasksPerStep < 1 || pairs < 1 || metaSteps < 1 || rounds < 1
                || runsPerTask < 1 || executorCores < 1 || !(bandwidthMbit > 0)) {
            throw new ParameterException(spec.commandLine(), "all counts must be >= 1 (--inner-steps >= 2)");
        }
        PrintWriter out = spec.commandLine().getOut();
        SparkConf conf;
        try {
            conf = SparkMasters.configure(master, new SparkConf(true).setAppName("opt2vec benchmark"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Spark master " + master + ": " + e.getMessage());
        }
        List<Double> local = new ArrayList<>();
        List<Double> spark = new ArrayList<>();
        boolean identical = true;
        TransferLog.Snapshot measured = null;
        TransferLog log;
        String describe;
        int runsPerStep;
        SparkLogs.TaskSizes sizes;
        try (CandidateEvaluator threadsEvaluator = new LocalCandidateEvaluator(threads);
             SparkCandidateEvaluator sparkEvaluator = SparkCandidateEvaluator.start(conf, runsPerTask)) {
            describe = sparkEvaluator.describe();
            log = sparkEvaluator.transfers();
            runsPerStep = trainer(threadsEvaluator).spec(tasksPerStep, innerSteps).runsPerStep();
            out.printf(Locale.ROOT, "warm-up: one meta-step on each (%d inner runs of %d steps)%n", runsPerStep,
                    innerSteps);
            out.flush();
            trainer(threadsEvaluator).metaTrain(1, tasksPerStep, innerSteps);
            trainer(sparkEvaluator).metaTrain(1, tasksPerStep, innerSteps);
            log.resetMax();
            sizes = SparkLogs.captureTaskSizes();
            try (sizes) {
                for (int r = 0; r < rounds; r++) {
                    // ABBA order: local first in even rounds, Spark first in odd ones, so that a machine getting
                    // busier or quieter during the benchmark favours neither.
                    MetaTrainingResult a = null;
                    if (r % 2 == 0) {
                        a = trainer(threadsEvaluator).metaTrain(metaSteps, tasksPerStep, innerSteps);
                    }
                    TransferLog.Snapshot before = log.snapshot();
                    MetaTrainingResult b = trainer(sparkEvaluator).metaTrain(metaSteps, tasksPerStep, innerSteps);
                    TransferLog.Snapshot d = log.snapshot().minus(before);
                    if (a == null) {
                        a = trainer(threadsEvaluator).metaTrain(metaSteps, tasksPerStep, innerSteps);
                    }
                    local.add(a.wallSeconds() / metaSteps);
                    spark.add(b.wallSeconds() / metaSteps);
                    measured = measured == null ? d : sum(measured, d);
                    identical &= Arrays.equals(a.weights().values(), b.weights().values());
                    out.printf(Locale.ROOT, "round %d: %.2f s per meta-step on %d threads, %.2f s on Spark%n", r + 1,
                            local.get(r), threads, spark.get(r));
                    out.flush();
                }
            }
        }
        String report = report(describe, runsPerStep, local, spark, identical, measured, log, sizes);
        out.println();
        out.print(report);
        out.flush();
        if (output != null) {
            Files.writeString(output, report);
        }
        return 0;
    }

    private static TransferLog.Snapshot sum(TransferLog.Snapshot a, TransferLog.Snapshot b) {
        return new TransferLog.Snapshot(a.steps() + b.steps(), a.runs() + b.runs(), a.tasks() + b.tasks(),
                a.succeededTasks() + b.succeededTasks(), a.failedAttempts() + b.failedAttempts(),
                a.resultBytes() + b.resultBytes(), a.runMillis() + b.runMillis(),
                a.deserializeMillis() + b.deserializeMillis(), a.cpuNanos() + b.cpuNanos(),
                a.evaluateNanos() + b.evaluateNanos());
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private String report(String describe, int runsPerStep, List<Double> local, List<Double> spark, boolean identical,
                          TransferLog.Snapshot m, TransferLog log, SparkLogs.TaskSizes sizes) {
        StringBuilder s = new StringBuilder();
        double localStep = mean(local);
        double sparkStep = mean(spark);
        double overhead = 0;
        for (int i = 0; i < local.size(); i++) {
            overhead += (spark.get(i) / local.get(i) - 1) / local.size();
        }
        int tasksPerStepSpark = (int) Math.ceil((double) runsPerStep / runsPerTask);
        f(s, "### Measured: local threads vs Spark (`bin/opt2vec-spark benchmark`)%n%n");
        f(s, "Machine: %d cores, Java %s, OMP_NUM_THREADS=%s. Spark: %s.%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"), describe);
        f(s, "Meta-training: tasks `%s`, seed %d, %d pairs: %d inner runs of %d steps per meta-step (%d tasks x %d "
                        + "candidates and the baseline); %d measured runs of %d meta-steps each, in ABBA order (local "
                        + "first, then Spark first, ...), after one warm-up meta-step of each.%n%n", tasks, seed, pairs, runsPerStep, innerSteps, tasksPerStep,
                2 * pairs + 1, rounds, metaSteps);
        f(s, "| | %d local threads | Spark %s |%n|---|---|---|%n", threads, master);
        f(s, "| seconds per meta-step (mean) | %.3f | %.3f |%n", localStep, sparkStep);
        f(s, "| seconds per meta-step (each run) | %s | %s |%n", list(local), list(spark));
        f(s, "| inner runs per second | %.1f | %.1f |%n", runsPerStep / localStep, runsPerStep / sparkStep);
        f(s, "| Spark's overhead (mean of the runs' paired ratios) | | %+.1f %% |%n", 100 * overhead);
        f(s, "| same weights as local threads | | %s |%n%n", identical ? "yes, bit for bit" : "NO");

        double runMs = (double) m.runMillis() / m.succeededTasks();
        double deserMs = (double) m.deserializeMillis() / m.succeededTasks();
        double resultPerTask = (double) m.resultBytes() / m.succeededTasks();
        double descBytes = sizes.measured() ? sizes.mean() : Double.NaN;
        double driverLocalMs = 1000 * sparkStep - m.evaluateNanos() / 1e6 / m.steps();
        double sparkCostPerStepMs = 1000 * (sparkStep - localStep);
        double perTaskMs = sparkCostPerStepMs / tasksPerStepSpark;
        f(s, "#### Bytes per meta-step (measured)%n%n| what | how often | bytes |%n|---|---|---|%n");
        f(s, "| meta-training spec (tasks, estimator, objective, initial weights) | broadcast once per run | %,d |%n",
                log.specBytes());
        f(s, "| θ (%,d doubles) | broadcast once per meta-step; each executor fetches it once | %,d |%n",
                (log.thetaBytes() - 27) / 8, log.thetaBytes());
        f(s, "| task description (Spark's serialized task: run index, broadcast handles, metrics accumulators) | "
                + "per task, driver to executor | %s |%n", sizes.measured()
                ? String.format(Locale.ROOT, "%,.0f (mean of %d, max %,d)", descBytes, sizes.count(), sizes.max())
                : "not measured (needs logback)");
        f(s, "| task result (the run's `RunScore`: 5 scalars, and Spark's task metrics) | per task, executor to "
                + "driver | %,.0f |%n", resultPerTask);
        double perStep = log.thetaBytes() + tasksPerStepSpark * ((Double.isNaN(descBytes) ? 0 : descBytes) + resultPerTask);
        f(s, "| one meta-step with one executor: θ + %d x (description + result) | | %,.0f |%n%n", tasksPerStepSpark,
                perStep);

        f(s, "#### Times (measured on %s)%n%n", master);
        f(s, "- inner run on an executor: %.1f ms mean, %d ms the longest (executor run time, one core per task); "
                + "task deserialization %.2f ms mean%n", runMs, log.maxRunMillis(), deserMs);
        f(s, "- driver per meta-step outside the evaluator (ES search gradient, Adam, bookkeeping): %.1f ms%n",
                driverLocalMs);
        f(s, "- Spark's cost per meta-step: %.0f ms (%.1f ms per task), the difference of the two columns above%n%n",
                sparkCostPerStepMs, perTaskMs);

        f(s, "#### Scaling model%n%n");
        f(s, "Time of one meta-step on N executors of C = %d cores (one task per core):%n%n", executorCores);
        f(s, "    T(N) = T_driver + R·s + ceil(R / (N·C))·(t_run + d) + (t_max − t_run) + T_net(N)%n%n");
        f(s, "with R = %d tasks per meta-step; measured above: t_run = %.1f ms (mean executor time of a task), t_max = "
                        + "%d ms (the longest: the last wave waits for it), d = %.1f ms (task deserialization on the "
                        + "executor), T_driver = %.1f ms; s = %.1f ms per task, the driver's scheduling cost, taken "
                        + "from the difference of the two columns above (0 when Spark was not slower); and "
                        + "T_net(N) = (θ·ceil(log2(N+1)) + R·(description + result)) / bandwidth (%.0f Mbit/s; the "
                        + "torrent broadcast doubles the senders of θ in every round).%n%n",
                tasksPerStepSpark, runMs, log.maxRunMillis(), deserMs, Math.max(0, driverLocalMs),
                Math.max(0, perTaskMs), bandwidthMbit);
        f(s, "| executors N | task slots | waves | T(N) s | inner runs/s | vs %d local threads | network ms |%n"
                + "|---|---|---|---|---|---|---|%n", threads);
        double localRate = runsPerStep / localStep;
        for (int n : new int[]{1, 2, 4, 8, 16, 32, 64}) {
            int slots = n * executorCores;
            int waves = (int) Math.ceil((double) tasksPerStepSpark / slots);
            double netMs = 1000 * 8 * (log.thetaBytes() * Math.ceil(Math.log(n + 1) / Math.log(2))
                    + tasksPerStepSpark * ((Double.isNaN(descBytes) ? 8000 : descBytes) + resultPerTask))
                    / (bandwidthMbit * 1e6);
            double t = (Math.max(0, driverLocalMs) + tasksPerStepSpark * Math.max(0, perTaskMs)
                    + waves * (runMs + deserMs) + Math.max(0, log.maxRunMillis() - runMs) + netMs) / 1000;
            f(s, "| %d | %d | %d | %.3f | %.0f | %.1fx | %.1f |%n", n, slots, waves, t, runsPerStep / t,
                    runsPerStep / t / localRate, netMs);
        }
        f(s, "%nWith %d runs per meta-step, more than %d task slots stand idle: the model's throughput stops growing "
                        + "there. To use S slots, give about S / %d tasks per step (--tasks-per-step).%n",
                runsPerStep, runsPerStep, 2 * pairs + 2);
        return s.toString();
    }

    private static String list(List<Double> xs) {
        return String.join(", ", xs.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList());
    }

    private static void f(StringBuilder s, String format, Object... args) {
        s.append(String.format(Locale.ROOT, format, args));
    }
}
