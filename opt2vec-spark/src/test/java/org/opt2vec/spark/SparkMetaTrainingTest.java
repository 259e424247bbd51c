package org.opt2vec.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.opt2vec.meta.CandidateEvaluator;
import org.opt2vec.meta.EfficientMetaLearningTrainer;
import org.opt2vec.meta.LocalCandidateEvaluator;
import org.opt2vec.meta.MetaTrainingResult;
import org.opt2vec.meta.MetaTrainingSpec;
import org.opt2vec.meta.RunScore;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.Task;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meta-training with its inner runs as Spark tasks: the same weights, byte for byte, as local threads for
 * {@code local[1]} and {@code local[2]}; a task that fails once is retried with no effect on the result; diverging
 * runs still rank last; checkpoints resume across evaluators. Tiny budgets: the property, not the quality, is tested.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SparkMetaTrainingTest {
    static final int STEPS = 3;
    static final int TASKS = 2;
    static final int INNER = 10;

    static EfficientMetaLearningTrainer.Builder small(TaskDistribution tasks) {
        return EfficientMetaLearningTrainer.builder().seed(7).pairs(2).tasks(tasks);
    }

    static TaskDistribution tasks() {
        return TaskDistributions.mixture(BuiltinTasks.linear1d(), BuiltinTasks.xor());
    }

    static byte[] metaTrain(CandidateEvaluator evaluator, TaskDistribution tasks, Path dir) throws Exception {
        small(tasks).evaluator(evaluator).outputDirectory(dir).build().metaTrain(STEPS, TASKS, INNER);
        return Files.readAllBytes(dir.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE));
    }

    @Test
    void localThreadsLocal1AndLocal2WriteByteIdenticalWeights(@TempDir Path tmp) throws Exception {
        byte[] threads;
        try (CandidateEvaluator local = new LocalCandidateEvaluator(2)) {
            threads = metaTrain(local, tasks(), tmp.resolve("threads"));
        }
        for (String master : List.of("local[1]", "local[2]")) {
            try (SparkCandidateEvaluator spark = SparkCandidateEvaluator.start(master)) {
                byte[] onSpark = metaTrain(spark, tasks(), tmp.resolve(master.replaceAll("\\W", "")));
                assertArrayEquals(threads, onSpark, "weights.o2vw of " + master + " vs 2 local threads");
                TransferLog t = spark.transfers();
                System.out.println(master + ": " + t);
                assertEquals(STEPS, t.steps());
                assertEquals(1, t.specBroadcasts(), "the spec is broadcast once");
                assertEquals((long) STEPS * (2 * 2 + 2) * TASKS, t.runs());
                assertEquals(t.tasks(), t.succeededTasks());
            }
        }
    }

    /** A task whose inner run throws on the first attempt of one chosen Spark task, and only there. */
    static final class FailingOnce implements TaskDistribution {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger INJECTED = new AtomicInteger();
        private final TaskDistribution delegate;
        private final int partition;

        FailingOnce(TaskDistribution delegate, int partition) {
            this.delegate = delegate;
            this.partition = partition;
        }

        @Override
        public String name() {
            return delegate.name();               // the same fingerprint and provenance as the plain distribution
        }

        @Override
        public Task sample(long seed) {
            Task t = delegate.sample(seed);
            int failOn = partition;
            return new Task() {
                @Override public String family() { return t.family(); }
                @Override public long seed() { return t.seed(); }
                @Override public List<DataSet> trainBatches(int steps) { return t.trainBatches(steps); }
                @Override public DataSet heldOut() { return t.heldOut(); }
                @Override public boolean classification() { return t.classification(); }
                // The fault is injected when a run builds its network, so every run must build one.
                @Override public boolean reusableNetwork() { return false; }

                @Override
                public MultiLayerNetwork newNetwork(IUpdater updater) {
                    TaskContext ctx = TaskContext.get();
                    if (ctx != null && ctx.partitionId() == failOn && ctx.attemptNumber() == 0) {
                        INJECTED.incrementAndGet();
                        throw new IllegalStateException("injected failure of the first attempt of Spark task "
                                + failOn + " (stage " + ctx.stageId() + ")");
                    }
                    return t.newNetwork(updater);
                }
            };
        }
    }

    @Test
    void aTaskThatFailsOnItsFirstAttemptIsRetriedAndTheWeightsAreUnchanged(@TempDir Path tmp) throws Exception {
        byte[] plain;
        try (CandidateEvaluator local = new LocalCandidateEvaluator(2)) {
            plain = metaTrain(local, tasks(), tmp.resolve("plain"));
        }
        // local[2,2]: two task threads, a task may fail once (Spark's local mode default is no retry).
        try (SparkCandidateEvaluator spark = SparkCandidateEvaluator.start("local[2,2]")) {
            byte[] retried = metaTrain(spark, new FailingOnce(tasks(), 5), tmp.resolve("retried"));
            assertEquals(STEPS, FailingOnce.INJECTED.get(), "one injected failure per meta-step");
            assertEquals(STEPS, spark.transfers().failedAttempts(), "Spark saw the failed attempts");
            assertArrayEquals(plain, retried, "the retried tasks computed the same scores");
        }
    }

    /** Tasks whose fourth minibatch has labels a million times too large, on every other task: those runs diverge. */
    static final class Exploding implements TaskDistribution {
        private static final long serialVersionUID = 1L;
        private final TaskDistribution delegate;

        Exploding(TaskDistribution delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "exploding(" + delegate.name() + ")";
        }

        @Override
        public Task sample(long seed) {
            Task t = delegate.sample(seed);
            boolean explode = (seed & 1) == 0;
            return new Task() {
                @Override public String family() { return t.family(); }
                @Override public long seed() { return t.seed(); }
                @Override public MultiLayerNetwork newNetwork(IUpdater updater) { return t.newNetwork(updater); }
                @Override public DataSet heldOut() { return t.heldOut(); }
                @Override public boolean classification() { return false; }

                @Override
                public List<DataSet> trainBatches(int steps) {
                    List<DataSet> batches = new java.util.ArrayList<>(t.trainBatches(steps));
                    if (explode) {
                        DataSet b = batches.get(3);
                        batches.set(3, new DataSet(b.getFeatures(), b.getLabels().mul(1e6)));
                    }
                    return batches;
                }
            };
        }
    }

    @Test
    void divergingRunsRankLastOnSparkAsLocally() {
        EfficientMetaLearningTrainer trainer = small(new Exploding(BuiltinTasks.linear1d())).build();
        MetaTrainingSpec spec = trainer.spec(4, 10);
        double[] theta = trainer.updaterTemplate().resolveWeights().values();
        RunScore[][] local;
        try (CandidateEvaluator threads = new LocalCandidateEvaluator(2)) {
            local = threads.evaluate(spec, 0, theta);
        }
        RunScore[][] spark;
        try (SparkCandidateEvaluator e = SparkCandidateEvaluator.start("local[2]")) {
            spark = e.evaluate(spec, 0, theta);
        }
        int diverged = 0;
        for (int c = 0; c < local.length; c++) {
            for (int j = 0; j < local[c].length; j++) {
                assertEquals(local[c][j], spark[c][j], "candidate " + c + " task " + j);
                if (spark[c][j].diverged()) {
                    diverged++;
                    assertEquals(spec.objective().worst(), spark[c][j].metaLoss(), "a diverged run ranks last");
                }
            }
        }
        assertTrue(diverged > 0 && diverged < local.length * local[0].length, "diverged runs: " + diverged);
    }

    @Test
    void aRunCheckpointedOnSparkResumesOnLocalThreadsAndTheOtherWayRound(@TempDir Path tmp) throws Exception {
        MetaTrainingResult full = small(tasks()).threads(2).build().metaTrain(4, TASKS, INNER);
        try (SparkCandidateEvaluator spark = SparkCandidateEvaluator.start("local[2]")) {
            JavaSparkContext sc = spark.context();
            assertEquals("local[2]", sc.master());
            Path a = tmp.resolve("spark-then-local");
            small(tasks()).evaluator(spark).outputDirectory(a).checkpointInterval(1).build().metaTrain(2, TASKS, INNER);
            MetaTrainingResult resumed = small(tasks()).threads(2).outputDirectory(a).build()
                    .resume(a.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE), 4);
            assertArrayEquals(full.weights().values(), resumed.weights().values());

            Path b = tmp.resolve("local-then-spark");
            small(tasks()).threads(2).outputDirectory(b).checkpointInterval(1).build().metaTrain(2, TASKS, INNER);
            MetaTrainingResult onSpark = small(tasks()).evaluator(spark).outputDirectory(b).build()
                    .resume(b.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE), 4);
            assertArrayEquals(full.weights().values(), onSpark.weights().values());
            assertArrayEquals(Files.readAllBytes(a.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE)),
                    Files.readAllBytes(b.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE)));
        }
    }
}
