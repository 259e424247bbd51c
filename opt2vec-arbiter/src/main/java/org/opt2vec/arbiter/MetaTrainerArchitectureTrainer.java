package org.opt2vec.arbiter;

import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.meta.EfficientMetaLearningTrainer;
import org.opt2vec.meta.MetaTrainingResult;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Meta-trains a candidate architecture with Opt2Vec's {@link EfficientMetaLearningTrainer} and a fixed budget:
 * {@code metaTrain(metaSteps, tasksPerStep, innerSteps)} with {@code pairs} antithetic ES pairs, on the default
 * meta-training task distribution unless another is set. Every candidate starts from its untrained controller and
 * uses the sweep's seed, so all candidates see the same tasks.
 */
public final class MetaTrainerArchitectureTrainer implements ArchitectureTrainer {
    private final int metaSteps;
    private final int tasksPerStep;
    private final int innerSteps;
    private final int pairs;
    private final int threads;
    private final TaskDistribution tasks;

    private MetaTrainerArchitectureTrainer(Builder b) {
        this.metaSteps = b.metaSteps;
        this.tasksPerStep = b.tasksPerStep;
        this.innerSteps = b.innerSteps;
        this.pairs = b.pairs;
        this.threads = b.threads;
        this.tasks = b.tasks != null ? b.tasks : TaskDistributions.defaultMetaTraining();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public MetaTrained metaTrain(Opt2Vec candidate, long seed) {
        EfficientMetaLearningTrainer trainer = EfficientMetaLearningTrainer.builder()
                .seed(seed)
                .threads(threads)
                .updaterTemplate(candidate.toBuilder().weights(null).pretrained(false).build())
                .pairs(pairs)
                .tasks(tasks)
                .build();
        MetaTrainingResult r = trainer.metaTrain(metaSteps, tasksPerStep, innerSteps);
        int k = Math.max(1, Math.min(3, r.completedSteps() / 2));
        Map<String, String> d = new LinkedHashMap<>();
        d.put("metaLossFirst", fmt(r.meanOfFirst(k)));
        d.put("metaLossLast", fmt(r.meanOfLast(k)));
        d.put("metaSeconds", String.format(Locale.ROOT, "%.1f", r.wallSeconds()));
        return new MetaTrained(candidate.toBuilder().weights(r.weights()).build(), d);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public List<String> detailColumns() {
        return List.of("metaLossFirst", "metaLossLast", "metaSeconds");
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Meta-training: EfficientMetaLearningTrainer.metaTrain(%d, %d, %d), %d ES "
                + "pairs, %d thread(s), tasks %s", metaSteps, tasksPerStep, innerSteps, pairs, threads, tasks.name());
    }

    public static final class Builder {
        private int metaSteps = 10;
        private int tasksPerStep = 2;
        private int innerSteps = 20;
        private int pairs = 4;
        private int threads = Runtime.getRuntime().availableProcessors();
        private TaskDistribution tasks;

        private Builder() {
        }

        /** Meta-steps per candidate (default 10). */
        public Builder metaSteps(int n) { this.metaSteps = Require.atLeast("metaSteps", n, 1); return this; }
        /** Tasks per meta-step (default 2). */
        public Builder tasksPerStep(int n) { this.tasksPerStep = Require.atLeast("tasksPerStep", n, 1); return this; }
        /** Training steps of each inner run (default 20). */
        public Builder innerSteps(int n) { this.innerSteps = Require.atLeast("innerSteps", n, 2); return this; }
        /** Antithetic ES pairs per meta-step (default 4). */
        public Builder pairs(int n) { this.pairs = Require.atLeast("pairs", n, 1); return this; }
        /** Java threads of the meta-trainer (default: available cores; results do not depend on it). */
        public Builder threads(int n) { this.threads = Require.atLeast("threads", n, 1); return this; }
        /** The meta-training task distribution (default: Opt2Vec's default meta-training mixture). */
        public Builder tasks(TaskDistribution d) { this.tasks = d; return this; }

        public MetaTrainerArchitectureTrainer build() {
            return new MetaTrainerArchitectureTrainer(this);
        }
    }
}
