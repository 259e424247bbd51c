package org.opt2vec.meta;

import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.tasks.Task;
import org.opt2vec.tasks.TaskDistribution;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that defines the inner runs of a meta-training run, in one serializable value: with it and the
 * current weights θ, any machine can rebuild and score candidate {@code c} on task {@code j} of meta-step
 * {@code k} ({@link #evaluate}). This is what a distributed evaluator sends to its workers once; per meta-step only
 * θ and the step index travel, and one {@link RunScore} per run comes back.
 *
 * <p>Candidates of a step: 0 .. {@code candidates() - 1} are the estimator's (0 is θ itself); {@link #baseline()} is
 * the initial weights on the same tasks, measured for the report and never used by the estimator.
 */
public final class MetaTrainingSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int TASK_CACHE_SIZE = 16;

    private final EsEstimator estimator;
    private final Opt2Vec template;
    private final ControllerArchitecture arch;
    private final double[] initialWeights;
    private final MetaObjective objective;
    private final TaskDistribution tasks;
    private final int tasksPerStep;
    private final int innerSteps;
    private final int minInnerSteps;
    private transient Map<Long, Task> taskCache;
    /** The candidates' configurations of the step being evaluated, shared by their runs on every task. */
    private transient volatile StepCandidates stepCandidates;
    /** Per evaluating thread: the data of the task it ran last (candidates of one task run one after another). */
    private transient ThreadLocal<InnerRun.Prepared> prepared;

    MetaTrainingSpec(EsEstimator estimator, Opt2Vec template, double[] initialWeights, MetaObjective objective,
                     TaskDistribution tasks, int tasksPerStep, int minInnerSteps, int innerSteps) {
        this.estimator = estimator;
        this.template = template;
        this.arch = template.architecture();
        this.initialWeights = initialWeights.clone();
        this.objective = objective;
        this.tasks = tasks;
        this.tasksPerStep = tasksPerStep;
        this.innerSteps = innerSteps;
        this.minInnerSteps = minInnerSteps;
    }

    public EsEstimator estimator() { return estimator; }
    public MetaObjective objective() { return objective; }
    public int tasksPerStep() { return tasksPerStep; }
    /** The longest inner run. */
    public int innerSteps() { return innerSteps; }

    /** The shortest inner run (equal to {@link #innerSteps()} for a fixed horizon). */
    public int minInnerSteps() { return minInnerSteps; }

    /**
     * The length of the inner runs of a task: log-uniform in [minInnerSteps, innerSteps], drawn from the task's
     * seed (all candidates train a task equally long). Varied horizons keep the controller from tuning itself to
     * one run length: it cannot know when the user will stop.
     */
    public int horizon(long taskSeed) {
        if (minInnerSteps >= innerSteps) {
            return innerSteps;
        }
        double u = new java.util.SplittableRandom(org.opt2vec.tasks.Seeds.mix(taskSeed, 0x40)).nextDouble();
        return (int) Math.round(Math.exp(Math.log(minInnerSteps) + u * (Math.log(innerSteps) - Math.log(minInnerSteps))));
    }
    public ControllerArchitecture architecture() { return arch; }

    /** Ranked candidates per step (the current θ and its perturbations). */
    public int candidates() {
        return estimator.candidates();
    }

    /** Index of the unranked baseline candidate: the initial weights. */
    public int baseline() {
        return candidates();
    }

    /** Inner runs per meta-step: every candidate and the baseline on every task. */
    public int runsPerStep() {
        return (candidates() + 1) * tasksPerStep;
    }

    /**
     * Trains task {@code task} of meta-step {@code step} with candidate {@code candidate} and scores the run.
     * Deterministic: the same arguments give the same score on any machine with the same platform and backend.
     */
    public RunScore evaluate(double[] theta, int step, int candidate, int task) {
        return evaluate(candidateConfig(theta, step, candidate), step, task, candidate == 0);
    }

    /**
     * Trains task {@code task} of meta-step {@code step} with any optimizer configuration, on the same data, network
     * and horizon the candidates of that step get, and scores the run with this spec's objective. Deterministic like
     * {@link #evaluate(double[], int, int, int)}.
     *
     * @param recordController keep the mean Opt2Vec lr scale and momentum in the score
     */
    public RunScore evaluate(Opt2Vec config, int step, int task, boolean recordController) {
        long seed = estimator.taskSeed(step, task);
        InnerRun r = InnerRun.run(prepared(task(seed), horizon(seed)), config, recordController,
                objective.heldOutPoints(), false);
        return objective.score(r);
    }

    /** The family and run length of task {@code task} of meta-step {@code step}, e.g. {@code xor/412}. */
    public String describeTask(int step, int task) {
        long seed = estimator.taskSeed(step, task);
        return task(seed).family() + "/" + horizon(seed);
    }

    /** The optimizer configuration the candidates are made from (their weights aside). */
    public Opt2Vec template() {
        return template;
    }

    /** The task's held-out and training minibatches, its network (reused by its runs) and, once measured, its initial
     * held-out loss, per thread. */
    private InnerRun.Prepared prepared(Task t, int steps) {
        ThreadLocal<InnerRun.Prepared> local;
        synchronized (this) {
            if (prepared == null) {
                prepared = new ThreadLocal<>();
            }
            local = prepared;
        }
        InnerRun.Prepared p = local.get();
        if (p == null || p.task() != t || p.steps() != steps) {
            p = new InnerRun.Prepared(t, steps, true);
            local.set(p);
        }
        return p;
    }

    /**
     * The optimizer configuration of candidate {@code candidate} of meta-step {@code step}, made once per step and
     * shared by its runs on every task (an {@link Opt2Vec} is immutable).
     */
    private Opt2Vec candidateConfig(double[] theta, int step, int candidate) {
        StepCandidates c = stepCandidates;
        if (c == null || !c.isFor(step, theta)) {
            synchronized (this) {
                c = stepCandidates;
                if (c == null || !c.isFor(step, theta)) {
                    c = new StepCandidates(step, theta, baseline() + 1);
                    stepCandidates = c;
                }
            }
        }
        return c.get(candidate, this);
    }

    private Opt2Vec newCandidateConfig(double[] theta, int step, int candidate) {
        double[] w = candidate == baseline() ? initialWeights : estimator.candidate(theta, step, candidate);
        return template.toBuilder().weights(Opt2VecWeights.of(arch, w, "meta-training candidate")).build();
    }

    /** The candidates' configurations of one meta-step and θ, each made on first use. */
    private static final class StepCandidates {
        final int step;
        final double[] theta;
        final Opt2Vec[] configs;

        StepCandidates(int step, double[] theta, int count) {
            this.step = step;
            this.theta = theta.clone();
            this.configs = new Opt2Vec[count];
        }

        /** Compares θ by value: a distributed evaluator's workers receive their own copy of it. */
        boolean isFor(int step, double[] theta) {
            return this.step == step && Arrays.equals(this.theta, theta);
        }

        synchronized Opt2Vec get(int candidate, MetaTrainingSpec spec) {
            if (configs[candidate] == null) {
                configs[candidate] = spec.newCandidateConfig(theta, step, candidate);
            }
            return configs[candidate];
        }
    }

    /**
     * The task of a seed. Tasks are immutable; the last few are kept, since every candidate of a step trains on
     * the same tasks.
     */
    private Task task(long seed) {
        Map<Long, Task> cache;
        synchronized (this) {
            if (taskCache == null) {
                taskCache = new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, Task> e) {
                        return size() > TASK_CACHE_SIZE;
                    }
                };
            }
            cache = taskCache;
            Task t = cache.get(seed);
            if (t != null) {
                return t;
            }
        }
        Task t = tasks.sample(seed);
        synchronized (this) {
            cache.putIfAbsent(seed, t);
        }
        return t;
    }
}
