package org.opt2vec.meta;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.MnistSubsetFamily;
import org.opt2vec.tasks.Seeds;
import org.opt2vec.tasks.Task;
import org.opt2vec.tasks.TaskDistribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A held-out evaluation suite: {@code instancesPerFamily} task instances of each family, with seeds derived from a
 * salt ({@code "held-out"}) that meta-training never uses (its tasks derive from (seed, step, index) with another
 * salt), trained for {@code innerSteps} steps by each optimizer in turn on identical networks and minibatches.
 * By default the families are all synthetic built-ins, including {@code spirals} which the default meta-training
 * distribution leaves out, plus {@code mnist-subset} when its IDX files are present (also never meta-trained on).
 *
 * <pre>{@code
 * HeldOutReport report = HeldOutEvaluation.builder().build().run(HeldOutEvaluation.standardOptimizers());
 * System.out.println(report.toMarkdown());
 * }</pre>
 */
public final class HeldOutEvaluation {
    public static final long DEFAULT_SEED = 20_26L;
    public static final int DEFAULT_INSTANCES_PER_FAMILY = 6;
    public static final int DEFAULT_INNER_STEPS = 100;
    public static final String BUNDLED = "opt2vec (bundled)";
    public static final String UNTRAINED = "opt2vec untrained";
    public static final String ADAM = "adam(1e-3)";
    public static final String NESTEROVS = "nesterovs(0.01, 0.9)";
    private static final long SALT = Seeds.of("held-out");

    private final long seed;
    private final int instancesPerFamily;
    private final int innerSteps;
    private final List<TaskDistribution> families;
    private final int threads;
    private final MetaObjective objective;

    private HeldOutEvaluation(Builder b) {
        this.seed = b.seed;
        this.instancesPerFamily = b.instancesPerFamily;
        this.innerSteps = b.innerSteps;
        this.families = b.families != null ? List.copyOf(b.families) : defaultFamilies();
        this.threads = b.threads;
        this.objective = b.objective;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All synthetic families, plus {@code mnist-subset} when its files are found (logged otherwise). */
    public static List<TaskDistribution> defaultFamilies() {
        List<TaskDistribution> f = new ArrayList<>(BuiltinTasks.synthetic());
        if (MnistSubsetFamily.available()) {
            f.add(new MnistSubsetFamily());
        }
        return f;
    }

    /**
     * The standard comparison, in this order: Opt2Vec with its bundled weights, the untrained controller (lr scale 1,
     * momentum 0.9: Adam(0.01 ρ₀) in the default relative direction), Adam(1e-3), Nesterovs(0.01, 0.9). These are
     * untuned settings; the benchmark suite of the command line compares against learning-rate grids.
     */
    public static LinkedHashMap<String, Supplier<IUpdater>> standardOptimizers() {
        LinkedHashMap<String, Supplier<IUpdater>> m = new LinkedHashMap<>();
        m.put(BUNDLED, Opt2Vec::new);
        m.put(UNTRAINED, () -> new Opt2Vec.Builder().pretrained(false).build());
        m.put(ADAM, () -> new Adam(1e-3));
        m.put(NESTEROVS, () -> new Nesterovs(0.01, 0.9));
        return m;
    }

    /** The task instances of the suite, family by family. */
    public List<Task> instances() {
        List<Task> out = new ArrayList<>();
        for (TaskDistribution f : families) {
            for (int i = 0; i < instancesPerFamily; i++) {
                out.add(f.sample(Seeds.mix(seed, SALT, Seeds.of(f.name()), i)));
            }
        }
        return out;
    }

    public int innerSteps() {
        return innerSteps;
    }

    /**
     * Trains every instance with every optimizer (in parallel, deterministic) and collects the results.
     *
     * @param optimizers named optimizer factories, in the order the report should list them
     */
    public HeldOutReport run(Map<String, Supplier<IUpdater>> optimizers) {
        if (optimizers.isEmpty()) {
            throw new IllegalArgumentException("no optimizers given");
        }
        List<Task> tasks = instances();
        List<String> names = List.copyOf(optimizers.keySet());
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "opt2vec-eval-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        try {
            List<Future<HeldOutReport.Row>> futures = new ArrayList<>();
            for (Task task : tasks) {
                for (String name : names) {
                    Supplier<IUpdater> factory = optimizers.get(name);
                    futures.add(pool.submit(() -> {
                        InnerRun r = InnerRun.run(task, factory.get(), innerSteps, true);
                        boolean diverged = objective.diverged(r);
                        return new HeldOutReport.Row(task.family(), task.seed(), task.describe(), name,
                                diverged ? Double.NaN : r.meanLogLossRatio(),
                                diverged ? Double.NaN : r.heldOutLogRatio(), r.accuracy(), diverged,
                                r.meanLrScale(), r.meanMomentum());
                    }));
                }
            }
            List<HeldOutReport.Row> rows = new ArrayList<>();
            for (Future<HeldOutReport.Row> f : futures) {
                rows.add(f.get());
            }
            return new HeldOutReport(rows, names, innerSteps, seed, (System.nanoTime() - t0) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an evaluation run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private int instancesPerFamily = DEFAULT_INSTANCES_PER_FAMILY;
        private int innerSteps = DEFAULT_INNER_STEPS;
        private List<TaskDistribution> families;
        private int threads = Runtime.getRuntime().availableProcessors();
        private MetaObjective objective = MetaObjective.DEFAULT;

        public Builder seed(long seed) { this.seed = seed; return this; }

        public Builder instancesPerFamily(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("instancesPerFamily must be >= 1, was " + n);
            }
            this.instancesPerFamily = n;
            return this;
        }

        public Builder innerSteps(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("innerSteps must be >= 2, was " + n);
            }
            this.innerSteps = n;
            return this;
        }

        public Builder families(List<TaskDistribution> families) {
            if (families.isEmpty()) {
                throw new IllegalArgumentException("families must not be empty");
            }
            this.families = List.copyOf(families);
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Decides which runs count as diverged (default {@link MetaObjective#DEFAULT}). */
        public Builder objective(MetaObjective o) { this.objective = Objects.requireNonNull(o); return this; }

        public HeldOutEvaluation build() {
            return new HeldOutEvaluation(this);
        }
    }
}
