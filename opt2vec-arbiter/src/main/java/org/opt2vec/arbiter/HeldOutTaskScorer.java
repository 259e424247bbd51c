package org.opt2vec.arbiter;

import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.meta.InnerRun;
import org.opt2vec.meta.MetaObjective;
import org.opt2vec.tasks.Seeds;
import org.opt2vec.tasks.Task;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores a meta-trained Opt2Vec on a fixed set of held-out tasks: {@code numTasks} tasks drawn with fixed seeds from
 * task families that meta-training does not use (default: {@code spirals}, see
 * {@code TaskDistributions.heldOutFamilies()}), each trained for {@code steps} minibatches from the same
 * initialization. The score is the mean of Opt2Vec's scale-free {@link MetaObjective} over the tasks (lower is
 * better; a diverged run gets the objective's worst value). Every candidate meets exactly the same tasks.
 */
public final class HeldOutTaskScorer implements HeldOutScorer {
    private static final long serialVersionUID = 1L;
    private static final long HELD_OUT_SALT = 0x4E1D0;

    private final transient TaskDistribution tasks;
    private final String tasksName;
    private final int numTasks;
    private final int steps;
    private final long seed;
    private final int threads;

    private HeldOutTaskScorer(Builder b) {
        this.tasks = b.tasks != null ? b.tasks : TaskDistributions.parse("spirals");
        this.tasksName = tasks.name();
        this.numTasks = b.numTasks;
        this.steps = b.steps;
        this.seed = b.seed;
        this.threads = b.threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "held-out meta-objective (mean over %d %s tasks, %d steps)",
                numTasks, tasksName, steps);
    }

    @Override
    public boolean minimize() {
        return true;
    }

    @Override
    public List<String> detailColumns() {
        return List.of("heldOutLogRatio", "accuracy", "diverged");
    }

    @Override
    public Scored score(Opt2Vec trained) {
        List<Task> suite = new ArrayList<>();
        for (int i = 0; i < numTasks; i++) {
            suite.add(tasks.sample(Seeds.mix(seed, HELD_OUT_SALT, i)));
        }
        InnerRun[] runs = new InnerRun[numTasks];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, numTasks), r -> {
            Thread t = new Thread(r, "opt2vec-heldout");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<InnerRun>> fs = new ArrayList<>();
            for (Task t : suite) {
                fs.add(pool.submit(() -> InnerRun.run(t, trained.clone(), steps, false)));
            }
            for (int i = 0; i < numTasks; i++) {
                runs[i] = fs.get(i).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("held-out scoring interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("held-out scoring failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        MetaObjective obj = MetaObjective.DEFAULT;
        double sum = 0;
        double logRatio = 0;
        int logRatioN = 0;
        double acc = 0;
        int accN = 0;
        int diverged = 0;
        for (InnerRun r : runs) {
            sum += obj.value(r);
            if (obj.diverged(r)) {
                diverged++;
            }
            double lr = r.heldOutLogRatio();
            if (Double.isFinite(lr)) {
                logRatio += lr;
                logRatioN++;
            }
            if (Double.isFinite(r.accuracy())) {
                acc += r.accuracy();
                accN++;
            }
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("heldOutLogRatio", logRatioN == 0 ? "NaN" : String.format(Locale.ROOT, "%.4f", logRatio / logRatioN));
        d.put("accuracy", accN == 0 ? "" : String.format(Locale.ROOT, "%.3f", acc / accN));
        d.put("diverged", Integer.toString(diverged));
        return new Scored(sum / numTasks, d);
    }

    public static final class Builder {
        private TaskDistribution tasks;
        private int numTasks = 8;
        private int steps = 40;
        private long seed = 20240917L;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        /** Held-out task distribution (default {@code spirals}, a family meta-training never sees). */
        public Builder tasks(TaskDistribution d) { this.tasks = d; return this; }

        public Builder numTasks(int n) { this.numTasks = Require.atLeast("numTasks", n, 1); return this; }

        public Builder steps(int n) { this.steps = Require.atLeast("steps", n, 2); return this; }

        /** Seed of the held-out tasks (fixed: every candidate meets the same tasks). */
        public Builder seed(long seed) { this.seed = seed; return this; }

        public Builder threads(int n) { this.threads = Require.atLeast("threads", n, 1); return this; }

        public HeldOutTaskScorer build() {
            return new HeldOutTaskScorer(this);
        }
    }
}
