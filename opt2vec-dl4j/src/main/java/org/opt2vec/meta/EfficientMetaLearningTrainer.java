package org.opt2vec.meta;

import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.features.FeatureSet;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Meta-trains the Opt2Vec controller: antithetic evolution strategies ({@link EsEstimator}, {@link EsSettings})
 * with Adam on the controller weights. Every candidate is scored by training real DL4J networks with the real
 * {@link Opt2Vec} updater (the same code users run) on tasks from a {@link TaskDistribution}, under a scale-free
 * {@link MetaObjective}. Where the inner runs execute is the {@link CandidateEvaluator}'s business (Java threads by
 * default; Spark executors with the opt2vec-spark module).
 *
 * <p>Deterministic: the tasks and perturbations of meta-step k derive from (seed, k, index) only, and scores are
 * reduced in a fixed order, so the same seed and configuration give the same weights for any thread count or
 * evaluator, and a run resumed from a checkpoint ends exactly where an uninterrupted one would.
 *
 * <pre>{@code
 * MetaTrainingResult r = new EfficientMetaLearningTrainer().metaTrain(50, 3, 5);
 * IUpdater updater = new Opt2Vec.Builder().weights(r.weights()).build();
 * }</pre>
 */
public final class EfficientMetaLearningTrainer {
    public static final long DEFAULT_SEED = 42L;
    public static final double DEFAULT_META_LR = 0.03;
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 10;
    /** Fraction of a meta-step's inner runs allowed to throw before meta-training stops. */
    public static final double DEFAULT_MAX_FAILED_FRACTION = 0.05;
    public static final String CHECKPOINT_FILE = "checkpoint.o2vc";
    public static final String CSV_FILE = "meta-loss.csv";
    public static final String WEIGHTS_FILE = "weights.o2vw";
    /** With iterate averaging, the last θ (the weights file holds the mean of the averaged iterates). */
    public static final String LAST_ITERATE_FILE = "last-iterate.o2vw";

    private final long seed;
    private final int threads;
    private final CandidateEvaluator evaluator;
    private final Opt2Vec template;
    private final ControllerArchitecture arch;
    private final EsSettings es;
    private final double metaLr;
    private final MetaObjective objective;
    private final TaskDistribution tasks;
    private final Path outputDirectory;
    private final double minHorizonFraction;
    private final int checkpointInterval;
    private final double maxFailedFraction;
    private final List<MetaTrainingListener> listeners;
    private final Opt2VecWeights initialWeights;
    private final int averageFrom;

    /** Defaults: seed 42, all cores, the default Opt2Vec configuration, {@link EsSettings#DEFAULT}, meta lr 0.03,
     * {@link TaskDistributions#defaultMetaTraining()}, no output directory. */
    public EfficientMetaLearningTrainer() {
        this(new Builder());
    }

    private EfficientMetaLearningTrainer(Builder b) {
        this.seed = b.seed;
        this.threads = b.threads;
        this.evaluator = b.evaluator;
        this.template = b.template.toBuilder().weights(null).pretrained(false).build();
        this.arch = template.architecture();
        this.es = b.es;
        this.metaLr = b.metaLr;
        this.objective = b.objective;
        this.tasks = b.tasks;
        this.outputDirectory = b.outputDirectory;
        this.minHorizonFraction = b.minHorizonFraction;
        this.checkpointInterval = b.checkpointInterval;
        this.maxFailedFraction = b.maxFailedFraction;
        this.averageFrom = b.averageFrom;
        this.listeners = List.copyOf(b.listeners);
        this.initialWeights = b.initialWeights != null ? b.initialWeights : Opt2VecWeights.untrained(arch);
        if (!initialWeights.architecture().equals(arch)) {
            throw new IllegalArgumentException("initialWeights: they belong to " + initialWeights.architecture()
                    + " but the trainer's architecture is " + arch);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public ControllerArchitecture architecture() { return arch; }
    public long seed() { return seed; }
    public int threads() { return threads; }
    public EsSettings estimator() { return es; }
    public double metaLearningRate() { return metaLr; }
    public MetaObjective objective() { return objective; }
    public TaskDistribution tasks() { return tasks; }
    /** The Opt2Vec configuration inner runs use (with the candidate weights plugged in). */
    public Opt2Vec updaterTemplate() { return template; }

    /** The first meta-step whose iterate is averaged into the result, or -1 (the last iterate is the result). */
    public int averageIteratesFrom() { return averageFrom; }

    /**
     * Runs {@code numMetaSteps} meta-steps from the initial weights. With an output directory, writes the meta-loss
     * CSV after every step, and a checkpoint and the current weights every {@code checkpointInterval} steps and at
     * the end.
     *
     * @param numTasksPerStep tasks sampled per meta-step (every candidate runs on all of them)
     * @param innerSteps      training steps of each inner run
     * @throws IllegalArgumentException if numMetaSteps &lt; 1, numTasksPerStep &lt; 1 or innerSteps &lt; 2
     * @throws IllegalStateException    when more than the allowed fraction of a step's inner runs throw
     */
    public MetaTrainingResult metaTrain(int numMetaSteps, int numTasksPerStep, int innerSteps) {
        validate(numMetaSteps, numTasksPerStep, innerSteps);
        int n = arch.parameterCount();
        return run(numMetaSteps, new Checkpoint(fingerprint(numTasksPerStep, innerSteps), numMetaSteps,
                numTasksPerStep, innerSteps, 0L, initialWeights.values(), new double[n], new double[n], List.of(),
                IterateAverage.startingAt(averageFrom, n)));
    }

    /** Continues an interrupted run from its checkpoint up to the step count it was started with. */
    public MetaTrainingResult resume(Path checkpoint) throws IOException {
        Checkpoint c = Checkpoint.read(checkpoint);
        return resume(c, c.numMetaSteps());
    }

    /**
     * Continues a run from its checkpoint up to {@code numMetaSteps} in all (may extend a finished run). The trainer
     * must be configured as the run was (seed, architecture, estimator, tasks...); the evaluator and thread count may
     * differ.
     *
     * @throws IllegalArgumentException if the checkpoint is damaged, belongs to another configuration, or is
     *                                  already past {@code numMetaSteps}
     */
    public MetaTrainingResult resume(Path checkpoint, int numMetaSteps) throws IOException {
        return resume(Checkpoint.read(checkpoint), numMetaSteps);
    }

    private MetaTrainingResult resume(Checkpoint c, int numMetaSteps) {
        validate(numMetaSteps, c.numTasksPerStep(), c.innerSteps());
        String expected = fingerprint(c.numTasksPerStep(), c.innerSteps());
        if (!expected.equals(c.fingerprint())) {
            throw new IllegalArgumentException("checkpoint belongs to another configuration:\n  checkpoint: "
                    + c.fingerprint() + "\n  trainer:    " + expected);
        }
        if (c.completedSteps() > numMetaSteps) {
            throw new IllegalArgumentException("checkpoint has " + c.completedSteps() + " steps, more than numMetaSteps="
                    + numMetaSteps);
        }
        if (c.theta().length != arch.parameterCount()) {
            throw new IllegalArgumentException("checkpoint holds " + c.theta().length + " weights, architecture needs "
                    + arch.parameterCount());
        }
        return run(numMetaSteps, withAveraging(c));
    }

    /**
     * The checkpoint with this trainer's iterate averaging: kept when it is the checkpoint's, started afresh when the
     * checkpoint has not yet reached its first averaged step (e.g. a run made without averaging, continued with it).
     */
    private Checkpoint withAveraging(Checkpoint c) {
        if (c.average().from() == averageFrom) {
            return c;
        }
        int done = c.completedSteps();
        boolean summed = c.average().count(done) > 0;           // the checkpoint's sum can no longer be undone
        boolean missed = averageFrom >= 0 && averageFrom < done; // iterates the trainer wants are gone
        if (summed || missed) {
            throw new IllegalArgumentException("the checkpoint (after " + done + " meta-steps) averages the iterates "
                    + (c.average().enabled() ? "from meta-step " + c.average().from() : "not at all")
                    + ", this trainer " + (averageFrom >= 0 ? "from meta-step " + averageFrom : "not at all")
                    + "; averaging can start at a meta-step the run has not reached (" + done + " or later) and "
                    + "cannot change once iterates are summed: resume with the averaging the run has (opt2vec "
                    + "meta-train --resume reads it from the run's settings)");
        }
        return new Checkpoint(c.fingerprint(), c.numMetaSteps(), c.numTasksPerStep(), c.innerSteps(),
                c.elapsedNanos(), c.theta(), c.adamM(), c.adamV(), c.history(),
                IterateAverage.startingAt(averageFrom, c.theta().length));
    }

    private MetaTrainingResult run(int total, Checkpoint from) {
        if (averageFrom >= total) {
            throw new IllegalArgumentException("averageIteratesFrom(" + averageFrom + ") averages nothing in a run of "
                    + total + " meta-steps; choose a meta-step below " + total);
        }
        MetaTrainingSpec spec = spec(from.numTasksPerStep(), from.innerSteps());
        MetaTrainingLoop.Settings settings = new MetaTrainingLoop.Settings(from.fingerprint(),
                steps -> provenance(steps, from.numTasksPerStep(), from.innerSteps()), metaLr, outputDirectory,
                checkpointInterval, maxFailedFraction, listeners);
        if (evaluator != null) {
            return new MetaTrainingLoop(spec, evaluator, settings).run(total, from);
        }
        try (CandidateEvaluator local = new LocalCandidateEvaluator(threads)) {
            return new MetaTrainingLoop(spec, local, settings).run(total, from);
        }
    }

    /** The serializable definition of this trainer's inner runs (what distributed evaluators send to workers). */
    public MetaTrainingSpec spec(int numTasksPerStep, int innerSteps) {
        int min = Math.max(2, (int) Math.round(innerSteps * minHorizonFraction));
        return new MetaTrainingSpec(new EsEstimator(es, arch, seed), template, initialWeights.values(), objective,
                tasks, numTasksPerStep, Math.min(min, innerSteps), innerSteps);
    }

    private static void validate(int numMetaSteps, int numTasksPerStep, int innerSteps) {
        if (numMetaSteps < 1) {
            throw new IllegalArgumentException("numMetaSteps must be >= 1, was " + numMetaSteps);
        }
        if (numTasksPerStep < 1) {
            throw new IllegalArgumentException("numTasksPerStep must be >= 1, was " + numTasksPerStep);
        }
        if (innerSteps < 2) {
            throw new IllegalArgumentException("innerSteps must be >= 2, was " + innerSteps);
        }
    }

    /**
     * Everything that determines the result except the number of steps, the evaluator and the thread count. Stable
     * across JVMs (no identity-based hash codes), so a checkpoint can be resumed by another process.
     */
    public String fingerprint(int numTasksPerStep, int innerSteps) {
        return String.format(Locale.ROOT, "v2 seed=%d arch=%s tasksPerStep=%d innerSteps=%d horizon=%s es=%s "
                        + "metaLr=%s objective=%s tasks=%s init=%08x updater=%s", seed, arch.key(), numTasksPerStep,
                innerSteps, minHorizonFraction, es, metaLr, objective, tasks.name(),
                Arrays.hashCode(initialWeights.values()), template);
    }

    private String provenance(int total, int tasksPerStep, int innerSteps) {
        return String.format(Locale.ROOT, "EfficientMetaLearningTrainer: metaTrain(%d, %d, %d) seed=%d horizons=[%d, %d] "
                        + "es(pairs=%d, sigma=%s, hiddenScale=%s) metaLr=%s objective=%s updater=%s tasks=%s", total,
                tasksPerStep, innerSteps, seed, spec(tasksPerStep, innerSteps).minInnerSteps(), innerSteps, es.pairs(),
                es.sigma(), es.hiddenScale(), metaLr, objective, template, tasks.name());
    }

    /** Builder; every setter validates its argument. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private int threads = Runtime.getRuntime().availableProcessors();
        private CandidateEvaluator evaluator;
        private Opt2Vec template = new Opt2Vec.Builder().pretrained(false).build();
        private EsSettings es = EsSettings.DEFAULT;
        private double metaLr = DEFAULT_META_LR;
        private MetaObjective objective = MetaObjective.DEFAULT;
        private TaskDistribution tasks = TaskDistributions.defaultMetaTraining();
        private Path outputDirectory;
        private double minHorizonFraction = 1.0;
        private int checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private double maxFailedFraction = DEFAULT_MAX_FAILED_FRACTION;
        private final List<MetaTrainingListener> listeners = new ArrayList<>();
        private Opt2VecWeights initialWeights;
        private int averageFrom = -1;

        public Builder seed(long seed) { this.seed = seed; return this; }

        /** Java threads running inner runs in parallel (default: available cores). Does not change results. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Where inner runs execute (default: {@link LocalCandidateEvaluator} with {@link #threads} threads, created
         * and closed by each call). The caller keeps ownership of an evaluator given here. Does not change results.
         */
        public Builder evaluator(CandidateEvaluator evaluator) { this.evaluator = evaluator; return this; }

        /**
         * The Opt2Vec configuration to meta-train: direction, architecture, baseLr, output ranges, clipping (its
         * weights are ignored). Default: {@code new Opt2Vec.Builder().build()}.
         */
        public Builder updaterTemplate(Opt2Vec template) { this.template = Objects.requireNonNull(template); return this; }

        /** The controller architecture to train (replaces the template's). */
        public Builder architecture(ControllerArchitecture a) {
            this.template = template.toBuilder().historyLength(a.historyLength()).featureSet(a.featureSet())
                    .useExtendedFeatures(a.extendedFeatures()).embeddingDim(a.embeddingDim())
                    .activation(a.activation().configName()).weights(null).build();
            return this;
        }

        /** A controller per layer in the inner runs ({@link Opt2Vec.Builder#perLayer}); default false. */
        public Builder perLayer(boolean perLayer) {
            this.template = template.toBuilder().perLayer(perLayer).build();
            return this;
        }

        /** What the trained controller reads (replaces the template's feature set; v3 adds the run's fraction done). */
        public Builder featureSet(FeatureSet set) {
            this.template = template.toBuilder().featureSet(set).weights(null).build();
            return this;
        }

        /** Base learning rate of the inner Opt2Vec runs. */
        public Builder baseLr(double lr) { this.template = template.toBuilder().baseLr(lr).build(); return this; }

        public Builder estimator(EsSettings es) { this.es = Objects.requireNonNull(es); return this; }

        public Builder pairs(int pairs) { this.es = es.withPairs(pairs); return this; }

        public Builder sigma(double sigma) { this.es = es.withSigma(sigma); return this; }

        public Builder hiddenScale(double s) { this.es = es.withHiddenScale(s); return this; }

        /** Adam step size on the (head) meta-parameters, default {@value #DEFAULT_META_LR}. */
        public Builder metaLearningRate(double lr) {
            if (!(lr > 0) || !Double.isFinite(lr)) {
                throw new IllegalArgumentException("metaLearningRate must be finite and > 0, was " + lr);
            }
            this.metaLr = lr;
            return this;
        }

        public Builder objective(MetaObjective o) { this.objective = Objects.requireNonNull(o); return this; }

        public Builder tasks(TaskDistribution d) { this.tasks = Objects.requireNonNull(d); return this; }

        /** Where to write checkpoint, meta-loss CSV and weights (null: nowhere). */
        public Builder outputDirectory(Path dir) { this.outputDirectory = dir; return this; }

        /**
         * Varied inner-run lengths: each task trains for a log-uniform number of steps between
         * {@code fraction * innerSteps} and {@code innerSteps} (default 1: always innerSteps).
         */
        public Builder minHorizonFraction(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("minHorizonFraction must be in (0, 1], was " + fraction);
            }
            this.minHorizonFraction = fraction;
            return this;
        }

        public Builder checkpointInterval(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("checkpointInterval must be >= 1, was " + steps);
            }
            this.checkpointInterval = steps;
            return this;
        }

        /** Fraction of a step's inner runs that may throw before meta-training stops (default 0.05). */
        public Builder maxFailedFraction(double f) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("maxFailedFraction must be in [0, 1], was " + f);
            }
            this.maxFailedFraction = f;
            return this;
        }

        /** Adds a listener (progress display, charts, recording). */
        public Builder listener(MetaTrainingListener l) { this.listeners.add(Objects.requireNonNull(l)); return this; }

        /** Start from these weights instead of the untrained controller (e.g. to fine-tune bundled weights). */
        public Builder initialWeights(Opt2VecWeights w) { this.initialWeights = w; return this; }

        /**
         * Returns (and writes) the mean of the meta-iterates θ after each meta-step from {@code step} (0-based) on,
         * instead of the last θ (Polyak averaging; {@link IterateAverage}). It does not change the meta-training
         * path, the meta-loss CSV or the checkpoints' θ; the last θ is also written as
         * {@link EfficientMetaLearningTrainer#LAST_ITERATE_FILE}. Default: no averaging.
         */
        public Builder averageIteratesFrom(int step) {
            if (step < 0) {
                throw new IllegalArgumentException("averageIteratesFrom must be >= 0 (a 0-based meta-step), was " + step);
            }
            this.averageFrom = step;
            return this;
        }

        public EfficientMetaLearningTrainer build() {
            return new EfficientMetaLearningTrainer(this);
        }
    }
}
