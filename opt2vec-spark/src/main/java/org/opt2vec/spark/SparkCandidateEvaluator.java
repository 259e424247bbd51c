package org.opt2vec.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.opt2vec.meta.CandidateEvaluator;
import org.opt2vec.meta.MetaTrainingSpec;
import org.opt2vec.meta.RunScore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a meta-step's inner runs as Spark tasks. The {@link MetaTrainingSpec} is broadcast once, θ once per meta-step;
 * the tasks carry only run indices, and each run returns one {@link RunScore} (a few scalars). Every executor rebuilds
 * a run from (spec, θ, step, candidate, task) with {@link MetaTrainingSpec#evaluate}, the same call the local
 * evaluator makes, and the scores come back in a fixed order: the weights are byte-identical to those of local
 * threads, for any master and any number of executors.
 *
 * <p>A task that fails (an executor lost, an exception outside the inner run's training) is run again by Spark, up to
 * {@code spark.task.maxFailures} times ({@code local[N,F]} in local mode); a rerun computes the same score. An inner
 * run that diverges or throws during training is not a failure: it is a {@link RunScore} that ranks last.
 *
 * <pre>{@code
 * try (SparkCandidateEvaluator spark = SparkCandidateEvaluator.start("local[2]")) {
 *     MetaTrainingResult r = EfficientMetaLearningTrainer.builder().evaluator(spark).build().metaTrain(50, 3, 100);
 * }
 * }</pre>
 */
public final class SparkCandidateEvaluator implements CandidateEvaluator {
    /** Default inner runs per Spark task: one, so that a straggler or a retry costs one run. */
    public static final int DEFAULT_RUNS_PER_TASK = 1;

    private final JavaSparkContext sc;
    private final boolean ownsContext;
    private final int runsPerTask;
    private final TransferLog transfers = new TransferLog();
    private MetaTrainingSpec broadcastSpec;
    private Broadcast<MetaTrainingSpec> spec;

    /**
     * Uses a running Spark context, which the caller keeps ownership of.
     *
     * @param runsPerTask inner runs per Spark task (&gt;= 1): more amortize Spark's per-task cost on very short runs
     */
    public SparkCandidateEvaluator(JavaSparkContext sc, int runsPerTask) {
        this(sc, false, runsPerTask);
    }

    /** Uses a running Spark context (the caller keeps ownership), one inner run per task. */
    public SparkCandidateEvaluator(JavaSparkContext sc) {
        this(sc, false, DEFAULT_RUNS_PER_TASK);
    }

    private SparkCandidateEvaluator(JavaSparkContext sc, boolean ownsContext, int runsPerTask) {
        if (runsPerTask < 1) {
            throw new IllegalArgumentException("runsPerTask must be >= 1, was " + runsPerTask);
        }
        this.sc = Objects.requireNonNull(sc, "sc");
        this.ownsContext = ownsContext;
        this.runsPerTask = runsPerTask;
        sc.sc().addSparkListener(transfers);
    }

    /**
     * Starts a Spark context on {@code master} with {@link SparkMasters#configure} (closed with this evaluator).
     *
     * @throws IllegalArgumentException when the master is malformed or cannot be reached
     */
    public static SparkCandidateEvaluator start(String master) {
        return start(SparkMasters.configure(master, new SparkConf(true)), DEFAULT_RUNS_PER_TASK);
    }

    /** Starts a Spark context with this configuration (closed with this evaluator). */
    public static SparkCandidateEvaluator start(SparkConf conf, int runsPerTask) {
        SparkMasters.check(conf.get("spark.master", null));
        return new SparkCandidateEvaluator(new JavaSparkContext(conf), true, runsPerTask);
    }

    public JavaSparkContext context() {
        return sc;
    }

    /** Bytes and task times measured so far (see docs/spark.md). */
    public TransferLog transfers() {
        return transfers;
    }

    @Override
    public RunScore[][] evaluate(MetaTrainingSpec s, int step, double[] theta) {
        long t0 = System.nanoTime();
        if (s != broadcastSpec) {
            if (spec != null) {
                spec.destroy();
            }
            spec = sc.broadcast(s);
            broadcastSpec = s;
            transfers.specBroadcast(serializedSize(s));
        }
        int candidates = s.baseline() + 1;
        int runs = candidates * s.tasksPerStep();
        double[] th = theta.clone();
        Broadcast<double[]> thetaBroadcast = sc.broadcast(th);
        transfers.thetaBroadcast(serializedSize(th));
        List<Integer> indices = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            indices.add(i);
        }
        int slices = Math.max(1, (runs + runsPerTask - 1) / runsPerTask);
        RunOnExecutor run = new RunOnExecutor(spec, thetaBroadcast, step, candidates);
        List<IndexedScore> collected;
        try {
            collected = sc.parallelize(indices, slices).map(run).collect();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the inner runs of meta-step " + step + " could not be executed on Spark ("
                    + sc.master() + "): " + rootMessage(e), e);
        } finally {
            thetaBroadcast.destroy();
        }
        // Task-major order, as the local evaluator: run i is candidate i % candidates on task i / candidates.
        RunScore[][] out = new RunScore[candidates][s.tasksPerStep()];
        for (IndexedScore r : collected) {
            out[r.index() % candidates][r.index() / candidates] = r.score();
        }
        for (int i = 0; i < runs; i++) {
            if (out[i % candidates][i / candidates] == null) {
                throw new IllegalStateException("meta-step " + step + ": Spark returned no score for run " + i);
            }
        }
        transfers.stepDone(runs, slices, System.nanoTime() - t0);
        return out;
    }

    private static String rootMessage(Throwable e) {
        String m = e.getMessage();
        if (e instanceof SparkException && m != null) {
            return m;
        }
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    /** Size of {@code o} in Java serialization, the format Spark's default serializer sends. */
    static long serializedSize(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    @Override
    public String describe() {
        return "Apache Spark " + sc.version() + " on " + sc.master() + " (" + sc.defaultParallelism()
                + " task slots" + (runsPerTask > 1 ? ", " + runsPerTask + " runs per task" : "") + ")";
    }

    @Override
    public void close() {
        if (spec != null) {
            try {
                spec.destroy();
            } catch (RuntimeException ignored) {
                // the context may already be stopped
            }
            spec = null;
            broadcastSpec = null;
        }
        sc.sc().removeSparkListener(transfers);
        if (ownsContext) {
            sc.stop();
        }
    }

    /** One run's score and its index in the step (run i is candidate i % candidates on task i / candidates). */
    record IndexedScore(int index, RunScore score) implements Serializable {
    }

    /** What a task executes: a static class, so that the closure holds only broadcasts and three ints. */
    static final class RunOnExecutor implements Function<Integer, IndexedScore> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<MetaTrainingSpec> spec;
        private final Broadcast<double[]> theta;
        private final int step;
        private final int candidates;

        RunOnExecutor(Broadcast<MetaTrainingSpec> spec, Broadcast<double[]> theta, int step, int candidates) {
            this.spec = spec;
            this.theta = theta;
            this.step = step;
            this.candidates = candidates;
        }

        @Override
        public IndexedScore call(Integer i) {
            return new IndexedScore(i, spec.value().evaluate(theta.value(), step, i % candidates, i / candidates));
        }
    }
}
