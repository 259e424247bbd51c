package org.opt2vec.meta;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.tasks.Seeds;
import org.opt2vec.tasks.Task;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meta-trains the Opt2Vec controller with antithetic evolution strategies (see {@link EsSettings}) and Adam on the
 * controller weights. Every candidate is scored by training real DL4J networks with the real {@link Opt2Vec} updater
 * (the same code users run) on tasks from a {@link TaskDistribution}, under the scale-free {@link MetaObjective}.
 *
 * <p>Deterministic: the tasks and perturbations of meta-step k derive from (seed, k, index) only, evaluations run in
 * parallel on {@code threads} Java threads but are reduced in a fixed order, so the same seed and configuration give
 * the same weights for any thread count, and a run resumed from a checkpoint ends exactly where an uninterrupted one
 * would.
 *
 * <pre>{@code
 * MetaTrainingResult r = new EfficientMetaLearningTrainer().metaTrain(50, 3, 5);
 * IUpdater updater = new Opt2Vec.Builder().weights(r.weights()).build();
 * }</pre>
 */
public final class EfficientMetaLearningTrainer {
    private static final Logger log = LoggerFactory.getLogger(EfficientMetaLearningTrainer.class);
    public static final long DEFAULT_SEED = 42L;
    public static final double DEFAULT_META_LR = 0.03;
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 10;
    public static final String CHECKPOINT_FILE = "checkpoint.o2vc";
    public static final String CSV_FILE = "meta-loss.csv";
    public static final String PNG_FILE = "meta-loss.png";
    public static final String WEIGHTS_FILE = "weights.o2vw";
    private static final long TASK_SALT = 0x7A5C;
    private static final long NOISE_SALT = 0x0E75;

    private final long seed;
    private final int threads;
    private final Opt2Vec template;
    private final ControllerArchitecture arch;
    private final EsSettings es;
    private final double metaLr;
    private final MetaObjective objective;
    private final TaskDistribution tasks;
    private final Path outputDirectory;
    private final int checkpointInterval;
    private final boolean progressBar;
    private final Opt2VecWeights initialWeights;

    /** Defaults: seed 42, all cores, the default Opt2Vec architecture and baseLr, {@link EsSettings#DEFAULT}, meta lr
     * 0.03, {@link TaskDistributions#defaultMetaTraining()}, no output directory, progress bar on stderr. */
    public EfficientMetaLearningTrainer() {
        this(new Builder());
    }

    private EfficientMetaLearningTrainer(Builder b) {
        this.seed = b.seed;
        this.threads = b.threads;
        this.template = b.template.toBuilder().weights(null).pretrained(false).build();
        this.arch = template.architecture();
        this.es = b.es;
        this.metaLr = b.metaLr;
        this.objective = b.objective;
        this.tasks = b.tasks;
        this.outputDirectory = b.outputDirectory;
        this.checkpointInterval = b.checkpointInterval;
        this.progressBar = b.progressBar;
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

    /**
     * Runs {@code numMetaSteps} meta-steps from the initial weights. With an output directory, writes the meta-loss
     * CSV after every step, and a checkpoint, the current weights and the PNG every {@code checkpointInterval} steps
     * and at the end.
     *
     * @param numTasksPerStep tasks sampled per meta-step (every candidate runs on all of them)
     * @param innerSteps      training steps of each inner run
     * @throws IllegalArgumentException if numMetaSteps &lt; 1, numTasksPerStep &lt; 1 or innerSteps &lt; 2
     */
    public MetaTrainingResult metaTrain(int numMetaSteps, int numTasksPerStep, int innerSteps) {
        validate(numMetaSteps, numTasksPerStep, innerSteps);
        return run(numMetaSteps, numTasksPerStep, innerSteps, null);
    }

    /** Continues an interrupted run from its checkpoint up to the step count it was started with. */
    public MetaTrainingResult resume(Path checkpoint) throws IOException {
        Checkpoint c = Checkpoint.read(checkpoint);
        return resume(c, c.numMetaSteps());
    }

    /**
     * Continues a run from its checkpoint up to {@code numMetaSteps} in all (may extend a finished run). The trainer
     * must be configured as the run was (seed, architecture, estimator, tasks...); the thread count may differ.
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
        return run(numMetaSteps, c.numTasksPerStep(), c.innerSteps(), c);
    }

    private void validate(int numMetaSteps, int numTasksPerStep, int innerSteps) {
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
     * Everything that determines the result except the number of steps and the thread count. Stable across JVMs
     * (no identity-based hash codes), so a checkpoint can be resumed by another process.
     */
    public String fingerprint(int numTasksPerStep, int innerSteps) {
        return String.format(Locale.ROOT, "v1 seed=%d arch=%s tasksPerStep=%d innerSteps=%d es=%s metaLr=%s "
                        + "objective=%s tasks=%s init=%08x updater=%s", seed, arch.key(), numTasksPerStep, innerSteps, es,
                metaLr, objective, tasks.name(), Arrays.hashCode(initialWeights.values()), template);
    }

    /** Per-weight scale: 1 for the output heads, {@code hiddenScale} for the hidden layers. */
    private double[] scales() {
        double[] s = new double[arch.parameterCount()];
        Arrays.fill(s, 0, arch.lrHeadOffset(), es.hiddenScale());
        Arrays.fill(s, arch.lrHeadOffset(), s.length, 1.0);
        return s;
    }

    private MetaTrainingResult run(int total, int tasksPerStep, int innerSteps, Checkpoint from) {
        int n = arch.parameterCount();
        double[] scale = scales();
        double[] theta = from != null ? from.theta().clone() : initialWeights.values();
        double[] m = from != null ? from.adamM().clone() : new double[n];
        double[] v = from != null ? from.adamV().clone() : new double[n];
        if (theta.length != n || m.length != n || v.length != n) {
            throw new IllegalArgumentException("checkpoint holds " + theta.length + " weights, architecture needs " + n);
        }
        List<Double> losses = new ArrayList<>(from != null ? from.metaLosses() : List.of());
        List<Double> lrs = new ArrayList<>(from != null ? from.lrScales() : List.of());
        List<Double> moms = new ArrayList<>(from != null ? from.momenta() : List.of());
        List<Double> divs = new ArrayList<>(from != null ? from.divergedFractions() : List.of());
        List<Double> bases = new ArrayList<>(from != null ? from.baselineMetaLosses() : List.of());
        int start = from != null ? from.completedSteps() : 0;
        long priorNanos = from != null ? from.elapsedNanos() : 0L;
        long t0 = System.nanoTime();
        if (outputDirectory != null) {
            try {
                Files.createDirectories(outputDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create output directory " + outputDirectory, e);
            }
        }
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "opt2vec-meta-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ProgressBar bar = progressBar ? new ProgressBarBuilder().setTaskName("meta-train").setInitialMax(total)
                .startsFrom(start, Duration.ZERO).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build() : null;
        try {
            for (int k = start; k < total; k++) {
                StepOutcome o = step(k, theta, tasksPerStep, innerSteps, scale, pool);
                adam(theta, m, v, o.gradient, scale, k + 1);
                losses.add(o.metaLoss);
                lrs.add(o.lrScale);
                moms.add(o.momentum);
                divs.add(o.divergedFraction);
                bases.add(o.baseline);
                if (bar != null) {
                    bar.stepTo(k + 1);
                    bar.setExtraMessage(String.format(Locale.ROOT, " meta-loss %.4f lr-scale %.3f", o.metaLoss,
                            o.lrScale));
                }
                boolean last = k + 1 == total;
                if (outputDirectory != null && (k + 1) % checkpointInterval != 0 && !last) {
                    writeCsv(losses, bases, lrs, moms, divs);
                }
                if (outputDirectory != null && ((k + 1) % checkpointInterval == 0 || last)) {
                    long elapsed = priorNanos + System.nanoTime() - t0;
                    writeOutputs(new Checkpoint(fingerprint(tasksPerStep, innerSteps), total, tasksPerStep, innerSteps,
                            k + 1, elapsed, theta, m, v, losses, lrs, moms, divs, bases), total);
                }
            }
        } finally {
            pool.shutdownNow();
            if (bar != null) {
                bar.close();
            }
        }
        long nanos = System.nanoTime() - t0;
        Opt2VecWeights w = Opt2VecWeights.of(arch, theta, provenance(total, tasksPerStep, innerSteps));
        return new MetaTrainingResult(w, losses, bases, lrs, moms, divs, nanos / 1e9, (priorNanos + nanos) / 1e9, start,
                outputDirectory);
    }

    private String provenance(int total, int tasksPerStep, int innerSteps) {
        return String.format(Locale.ROOT, "EfficientMetaLearningTrainer: metaTrain(%d, %d, %d) seed=%d es(pairs=%d, "
                        + "sigma=%s, hiddenScale=%s) metaLr=%s objective(heldOutWeight=%s, explodeFactor=%s) baseLr=%s "
                        + "tasks=%s", total, tasksPerStep, innerSteps, seed, es.pairs(), es.sigma(), es.hiddenScale(),
                metaLr, objective.heldOutWeight(), objective.explodeFactor(), template.getBaseLr(), tasks.name());
    }

    private void writeCsv(List<Double> losses, List<Double> bases, List<Double> lrs, List<Double> moms,
                          List<Double> divs) {
        try {
            MetaLossOutputs.writeCsv(outputDirectory.resolve(CSV_FILE), losses, bases, lrs, moms, divs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outputDirectory.resolve(CSV_FILE), e);
        }
    }

    private void writeOutputs(Checkpoint c, int total) {
        try {
            c.write(outputDirectory.resolve(CHECKPOINT_FILE));
            Opt2VecWeights.of(arch, c.theta(), provenance(total, c.numTasksPerStep(), c.innerSteps())
                    + " (after " + c.completedSteps() + " steps)").save(outputDirectory.resolve(WEIGHTS_FILE));
            MetaLossOutputs.writeCsv(outputDirectory.resolve(CSV_FILE), c.metaLosses(), c.baselineMetaLosses(),
                    c.lrScales(), c.momenta(), c.divergedFractions());
            try {
                MetaLossOutputs.writePng(outputDirectory.resolve(PNG_FILE), c.metaLosses(), c.baselineMetaLosses(),
                        "Opt2Vec meta-training (seed " + seed + ")");
            } catch (RuntimeException | Error e) {
                log.warn("could not render {}: {}", PNG_FILE, e.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write meta-training outputs to " + outputDirectory, e);
        }
    }

    private record StepOutcome(double metaLoss, double baseline, double lrScale, double momentum,
                               double divergedFraction, double[] gradient) {
    }

    private StepOutcome step(int k, double[] theta, int tasksPerStep, int innerSteps, double[] scale,
                             ExecutorService pool) {
        int n = theta.length;
        int pairs = es.pairs();
        Task[] stepTasks = new Task[tasksPerStep];
        for (int j = 0; j < tasksPerStep; j++) {
            stepTasks[j] = tasks.sample(Seeds.mix(seed, TASK_SALT, k, j));
        }
        double[][] eps = new double[pairs][n];
        for (int i = 0; i < pairs; i++) {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, NOISE_SALT, k, i));
            for (int c = 0; c < n; c++) {
                eps[i][c] = r.nextGaussian();
            }
        }
        int candidates = 2 * pairs + 1;
        // Candidates 0 (current θ), 1..2P (θ ± σε); one more, not ranked: the initial weights, as a same-task baseline.
        Opt2Vec[] configs = new Opt2Vec[candidates + 1];
        configs[candidates] = template.toBuilder().weights(initialWeights).build();
        for (int c = 0; c < candidates; c++) {
            double[] w = theta.clone();
            if (c > 0) {
                double sign = (c % 2 == 1) ? 1 : -1;
                double[] e = eps[(c - 1) / 2];
                for (int p = 0; p < n; p++) {
                    w[p] += sign * es.sigma() * scale[p] * e[p];
                }
            }
            configs[c] = template.toBuilder().weights(Opt2VecWeights.of(arch, w, "meta-training candidate")).build();
        }
        List<Future<double[]>> futures = new ArrayList<>(tasksPerStep * (candidates + 1));
        for (int c = 0; c <= candidates; c++) {
            for (int j = 0; j < tasksPerStep; j++) {
                Task task = stepTasks[j];
                Opt2Vec cfg = configs[c];
                boolean center = c == 0;
                futures.add(pool.submit(() -> {
                    InnerRun r = InnerRun.run(task, cfg, innerSteps, center);
                    return new double[]{objective.value(r), objective.diverged(r) ? 1 : 0, r.meanLrScale(),
                            r.meanMomentum()};
                }));
            }
        }
        double[] fitness = new double[candidates];
        double diverged = 0;
        double lr = 0;
        double mom = 0;
        double baseline = 0;
        for (int j = 0; j < tasksPerStep; j++) {
            baseline += get(futures.get(candidates * tasksPerStep + j))[0] / tasksPerStep;
        }
        for (int c = 0; c < candidates; c++) {
            for (int j = 0; j < tasksPerStep; j++) {
                double[] r = get(futures.get(c * tasksPerStep + j));
                fitness[c] += r[0] / tasksPerStep;
                diverged += r[1];
                if (c == 0) {
                    lr += (Double.isNaN(r[2]) ? 1.0 : r[2]) / tasksPerStep;
                    mom += (Double.isNaN(r[3]) ? 0.0 : r[3]) / tasksPerStep;
                }
            }
        }
        double[] shaped = centeredRanks(Arrays.copyOfRange(fitness, 1, candidates));
        double[] g = new double[n];
        for (int i = 0; i < pairs; i++) {
            double d = (shaped[2 * i] - shaped[2 * i + 1]) / pairs;
            if (d != 0) {
                double[] e = eps[i];
                for (int p = 0; p < n; p++) {
                    g[p] += d * e[p];
                }
            }
        }
        return new StepOutcome(fitness[0], baseline, lr, mom, diverged / (tasksPerStep * candidates), g);
    }

    private static double[] get(Future<double[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("meta-training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an inner run failed: " + e.getCause(), e.getCause());
        }
    }

    /** Ranks mapped to [-0.5, 0.5] (lowest value -0.5); equal values share their average rank. */
    static double[] centeredRanks(double[] x) {
        int n = x.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        if (n == 1) {
            return r;
        }
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && Double.compare(x[idx[j + 1]], x[idx[i]]) == 0) {
                j++;
            }
            double rank = (i + j) / 2.0;
            for (int q = i; q <= j; q++) {
                r[idx[q]] = rank / (n - 1) - 0.5;
            }
            i = j + 1;
        }
        return r;
    }

    private void adam(double[] theta, double[] m, double[] v, double[] g, double[] scale, int t) {
        double b1 = es.beta1();
        double b2 = es.beta2();
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        for (int p = 0; p < theta.length; p++) {
            if (scale[p] == 0) {
                continue;
            }
            m[p] = b1 * m[p] + (1 - b1) * g[p];
            v[p] = b2 * v[p] + (1 - b2) * g[p] * g[p];
            double step = metaLr * scale[p] * (m[p] / c1) / (Math.sqrt(v[p] / c2) + 1e-8);
            theta[p] -= step;
        }
    }

    /** Builder; every setter validates its argument. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Opt2Vec template = new Opt2Vec.Builder().build();
        private EsSettings es = EsSettings.DEFAULT;
        private double metaLr = DEFAULT_META_LR;
        private MetaObjective objective = MetaObjective.DEFAULT;
        private TaskDistribution tasks = TaskDistributions.defaultMetaTraining();
        private Path outputDirectory;
        private int checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private boolean progressBar = true;
        private Opt2VecWeights initialWeights;

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
         * The Opt2Vec configuration to meta-train: architecture, baseLr, output ranges, clipping (its weights are
         * ignored). Default: {@code new Opt2Vec.Builder().build()}.
         */
        public Builder updaterTemplate(Opt2Vec template) { this.template = Objects.requireNonNull(template); return this; }

        /** The controller architecture to train (replaces the template's). */
        public Builder architecture(ControllerArchitecture a) {
            this.template = template.toBuilder().historyLength(a.historyLength())
                    .useExtendedFeatures(a.extendedFeatures()).embeddingDim(a.embeddingDim())
                    .activation(a.activation().configName()).weights(null).build();
            return this;
        }

        /** Base learning rate of the inner Opt2Vec runs (default 0.01). */
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

        /** Where to write checkpoint, meta-loss CSV and PNG, and weights (null: nowhere). */
        public Builder outputDirectory(Path dir) { this.outputDirectory = dir; return this; }

        public Builder checkpointInterval(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("checkpointInterval must be >= 1, was " + steps);
            }
            this.checkpointInterval = steps;
            return this;
        }

        public Builder progressBar(boolean on) { this.progressBar = on; return this; }

        /** Start from these weights instead of the untrained controller (e.g. to fine-tune bundled weights). */
        public Builder initialWeights(Opt2VecWeights w) { this.initialWeights = w; return this; }

        public EfficientMetaLearningTrainer build() {
            return new EfficientMetaLearningTrainer(this);
        }
    }
}
