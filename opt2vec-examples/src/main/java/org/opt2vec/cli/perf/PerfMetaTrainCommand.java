package org.opt2vec.cli.perf;

import org.nd4j.linalg.factory.Nd4j;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.meta.EfficientMetaLearningTrainer;
import org.opt2vec.meta.InnerRun;
import org.opt2vec.meta.LocalCandidateEvaluator;
import org.opt2vec.meta.MetaTrainingResult;
import org.opt2vec.tasks.MnistSubsetFamily;
import org.opt2vec.tasks.Task;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code opt2vec perf meta-train}: wall time of {@code new EfficientMetaLearningTrainer().metaTrain(50, 3, 5)} (the
 * trainer's defaults), in a fresh JVM (after ND4J's start-up, timed apart) and again in the same JVM, where the CPU went, and inner training steps per
 * second on tiny tasks and on an MNIST-subset task.
 */
@Command(name = "meta-train", sortOptions = false,
        description = "Times new EfficientMetaLearningTrainer().metaTrain(META_STEPS, TASKS, INNER_STEPS) with the "
                + "trainer's defaults (all cores), first in this fresh JVM and then again (warm), prints where the CPU "
                + "went (inner runs, JIT compiler, garbage collector, ND4J deallocators) and the inner training steps "
                + "per second of one thread on tiny tasks and on an MNIST-subset task.")
public final class PerfMetaTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--meta-steps", paramLabel = "N", defaultValue = "50", description = "Meta-steps (default: ${DEFAULT-VALUE}).")
    int metaSteps;

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "3", description = "Tasks per meta-step (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--inner-steps", paramLabel = "N", defaultValue = "5", description = "Inner steps (default: ${DEFAULT-VALUE}).")
    int innerSteps;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "2",
            description = "Meta-training runs in this JVM; the first includes JIT warm-up (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--inner-runs", paramLabel = "N", defaultValue = "200",
            description = "Inner runs (one thread) for the steps-per-second figures; 0 skips them (default: ${DEFAULT-VALUE}).")
    int innerRuns;

    @Option(names = {"-v", "--verbose"}, description = "Log DL4J/ND4J at INFO.")
    boolean verbose;

    @Override
    public Integer call() {
        if (metaSteps < 1 || tasks < 1 || innerSteps < 2 || repeats < 1 || innerRuns < 0) {
            throw new ParameterException(spec.commandLine(), "--meta-steps, --tasks, --repeats must be >= 1, "
                    + "--inner-steps >= 2, --inner-runs >= 0");
        }
        CommonOptions logging = new CommonOptions();
        logging.verbose = verbose;
        logging.applyLogging();
        PrintWriter out = spec.commandLine().getOut();
        int threads = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "metaTrain(%d, %d, %d), trainer defaults (%d threads); OMP_NUM_THREADS=%s; JVM %s; %s%n",
                metaSteps, tasks, innerSteps, threads, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()), Load.describe());
        out.flush();
        // ND4J's backend start-up (native libraries, op tables) is paid once per process by any DL4J program; timed
        // apart so that the cold run shows what the first meta-training costs on top of it.
        long s0 = System.nanoTime();
        Nd4j.scalar(1.0f).close();
        double startup = (System.nanoTime() - s0) / 1e9;
        out.printf(Locale.ROOT, "ND4J backend start-up: %.2f s (once per process, before the runs below)%n", startup);
        double[] first = null;
        for (int r = 0; r < repeats; r++) {
            ThreadCpu cpu0 = ThreadCpu.snapshot();
            long gcCount0 = gcCount();
            long gcMs0 = gcMillis();
            long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            MetaTrainingResult result;
            long t0 = System.nanoTime();
            // The evaluator the default trainer makes for itself, kept open so its threads' CPU time can be read.
            try (LocalCandidateEvaluator evaluator = new LocalCandidateEvaluator(threads)) {
                result = EfficientMetaLearningTrainer.builder().evaluator(evaluator).build()
                        .metaTrain(metaSteps, tasks, innerSteps);
                double seconds = (System.nanoTime() - t0) / 1e9;
                ThreadCpu cpu1 = ThreadCpu.snapshot();
                long runs = (long) metaSteps * tasks * (2L * EfficientMetaLearningTrainer.builder().build()
                        .estimator().pairs() + 2);
                double[] w = result.weights().values();
                if (first == null) {
                    first = w;
                }
                out.printf(Locale.ROOT, "%n%s run: %.2f s wall; %d inner runs, %,d inner steps: %.0f inner steps/s; "
                                + "weights hash %08x%s%n", r == 0 ? "cold (first in this JVM)" : "warm (run " + (r + 1)
                                + ")", seconds, runs, runs * innerSteps, runs * innerSteps / seconds,
                        Arrays.hashCode(w), Arrays.equals(w, first) ? "" : " (DIFFERS from the first run)");
                if (r == 0) {
                    out.printf(Locale.ROOT, "  with ND4J's start-up: %.2f s from a fresh JVM%n", startup + seconds);
                }
                out.printf(Locale.ROOT, "  CPU %.1f s in all (%.1f cores busy):", cpu1.processSeconds - cpu0.processSeconds,
                        (cpu1.processSeconds - cpu0.processSeconds) / seconds);
                double attributed = 0;
                for (Map.Entry<String, Double> e : cpu1.since(cpu0).entrySet()) {
                    out.printf(Locale.ROOT, " %s %.1f s,", e.getKey(), e.getValue());
                    attributed += e.getValue();
                }
                out.printf(Locale.ROOT, " threads that ended %.1f s,", cpu1.processSeconds - cpu0.processSeconds
                        - attributed);
                out.printf(Locale.ROOT, " (%d GCs, %.1f s of pauses; JIT %.1f s)%n  %s%n", gcCount() - gcCount0,
                        (gcMillis() - gcMs0) / 1e3,
                        (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0) / 1e3,
                        Load.describe());
                out.flush();
            }
        }
        if (innerRuns > 0) {
            out.println();
            // On a worker thread, as meta-training runs them (ND4J's OpenMP regions behave differently on the main
            // thread: see docs/benchmarks.md).
            Thread worker = new Thread(() -> innerSection(out), "opt2vec-meta-perf");
            worker.start();
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        out.println(Load.describe());
        out.flush();
        return 0;
    }

    private void innerSection(PrintWriter out) {
        {
            innerThroughput(out, "tiny tasks (default meta-training mixture)", TaskDistributions.defaultMetaTraining(),
                    innerSteps);
            innerThroughput(out, "tiny tasks, 50 steps per run", TaskDistributions.defaultMetaTraining(), 50);
            if (MnistSubsetFamily.available()) {
                innerThroughput(out, "MNIST-subset tasks (784-h-10, batch 32/64)", new MnistSubsetFamily(), 50);
            } else {
                out.println("MNIST-subset: skipped, the MNIST files are missing (scripts/fetch-mnist.sh)");
            }
        }
    }

    /** Inner runs of the untrained Opt2Vec on one thread: whole runs (network, training, held-out loss) per second. */
    private void innerThroughput(PrintWriter out, String what, TaskDistribution d, int steps) {
        Opt2Vec updater = new Opt2Vec.Builder().pretrained(false).build();
        int runs = Math.max(1, steps >= 50 ? innerRuns / 10 : innerRuns);
        for (int i = 0; i < Math.min(20, runs); i++) {   // warm-up
            InnerRun.run(d.sample(1_000 + i), updater, steps, false);
        }
        double[] perRound = new double[3];
        for (int round = 0; round < perRound.length; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                Task t = d.sample(i);
                InnerRun.run(t, updater, steps, false);
            }
            perRound[round] = (double) runs * steps / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(perRound);
        out.printf(Locale.ROOT, "inner steps/s, one thread, %s, %d-step runs (network built, trained, held-out loss "
                        + "before and after): %.0f [%.0f-%.0f over 3 rounds of %d runs]; %s%n", what, steps,
                perRound[1], perRound[0], perRound[2], runs, Load.describe());
        out.flush();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }
}
