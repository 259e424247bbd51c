package org.opt2vec.meta;

import org.opt2vec.dl4j.Opt2VecWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The meta-training loop: each step has the evaluator run the spec's candidates, reduces their scores in a fixed
 * order, has the estimator turn fitness into a search gradient and the outer optimizer take a step; then reports
 * to listeners and writes checkpoint, weights and CSV.
 */
final class MetaTrainingLoop {
    private static final Logger log = LoggerFactory.getLogger(MetaTrainingLoop.class);

    /** Everything the loop needs besides the spec and the evaluator. */
    record Settings(String fingerprint, IntFunction<String> provenance, double metaLearningRate, Path outputDirectory,
                    int checkpointInterval, double maxFailedFraction, List<MetaTrainingListener> listeners) {
    }

    private final MetaTrainingSpec spec;
    private final CandidateEvaluator evaluator;
    private final Settings settings;
    private boolean loggedDivergence;
    private boolean loggedFailure;

    MetaTrainingLoop(MetaTrainingSpec spec, CandidateEvaluator evaluator, Settings settings) {
        this.spec = spec;
        this.evaluator = evaluator;
        this.settings = settings;
    }

    /** Runs from {@code from} (a checkpoint, or the initial state with an empty history) up to {@code total} steps. */
    MetaTrainingResult run(int total, Checkpoint from) {
        double[] theta = from.theta().clone();
        EsSettings es = spec.estimator().settings();
        MetaAdam adam = new MetaAdam(settings.metaLearningRate(), es.beta1(), es.beta2(), spec.estimator().scales(),
                from.adamM().clone(), from.adamV().clone());
        List<MetaStep> history = new ArrayList<>(from.history());
        IterateAverage average = from.average();
        int start = history.size();
        long t0 = System.nanoTime();
        Path dir = settings.outputDirectory();
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create output directory " + dir, e);
            }
        }
        settings.listeners().forEach(l -> l.onStart(start, total));
        for (int k = start; k < total; k++) {
            long s0 = System.nanoTime();
            RunScore[][] scores = evaluator.evaluate(spec, k, theta);
            double[] fitness = new double[spec.candidates()];
            MetaStep step = reduce(k, scores, fitness, (System.nanoTime() - s0) / 1e9);
            adam.step(theta, spec.estimator().gradient(k, fitness), k + 1);
            average = average.add(k, theta);
            history.add(step);
            for (MetaTrainingListener l : settings.listeners()) {
                l.onStep(step);
            }
            if (dir != null) {
                boolean checkpoint = (k + 1) % settings.checkpointInterval() == 0 || k + 1 == total;
                write(dir, checkpoint, new Checkpoint(settings.fingerprint(), total, spec.tasksPerStep(),
                        spec.innerSteps(), from.elapsedNanos() + System.nanoTime() - t0, theta, adam.m(), adam.v(),
                        List.copyOf(history), average));
            }
        }
        long nanos = System.nanoTime() - t0;
        Opt2VecWeights w = weights(theta, average, total, settings.provenance().apply(total));
        MetaTrainingResult result = new MetaTrainingResult(w, history, nanos / 1e9,
                (from.elapsedNanos() + nanos) / 1e9, start, dir);
        settings.listeners().forEach(l -> l.onFinish(result));
        return result;
    }

    /**
     * The run's weights after {@code done} steps: θ, or the mean of the averaged iterates once there are any; the
     * provenance says which.
     */
    private Opt2VecWeights weights(double[] theta, IterateAverage average, int done, String provenance) {
        int n = average.count(done);
        if (n > 0) {
            provenance += String.format(Locale.ROOT, " averaged: mean of the %d iterates after %d to %d meta-steps", n,
                    average.from() + 1, done);
        }
        return Opt2VecWeights.of(spec.architecture(), average.weights(done, theta), provenance);
    }

    /** Fitness per ranked candidate (into {@code fitness}) and the step's record, in a fixed order. */
    private MetaStep reduce(int k, RunScore[][] scores, double[] fitness, double seconds) {
        int tasks = spec.tasksPerStep();
        int candidates = spec.candidates();
        int diverged = 0;
        int failed = 0;
        String firstError = null;
        double lr = 0;
        double mom = 0;
        for (int c = 0; c <= spec.baseline(); c++) {
            for (int j = 0; j < tasks; j++) {
                RunScore r = scores[c][j];
                if (r.failed()) {
                    failed++;
                    firstError = firstError == null ? r.error() : firstError;
                    logFailure(k, c, j, r);
                } else if (r.diverged()) {
                    logDivergence(k, c, j);
                }
                if (c == spec.baseline()) {
                    continue;
                }
                fitness[c] += r.metaLoss() / tasks;
                diverged += r.diverged() ? 1 : 0;
                if (c == 0) {
                    lr += (Double.isNaN(r.lrScale()) ? 1.0 : r.lrScale()) / tasks;
                    mom += (Double.isNaN(r.momentum()) ? 0.0 : r.momentum()) / tasks;
                }
            }
        }
        double failedFraction = (double) failed / spec.runsPerStep();
        if (failedFraction > settings.maxFailedFraction()) {
            throw new IllegalStateException(String.format(Locale.ROOT, "meta-training stopped at meta-step %d: %d of "
                    + "%d inner runs threw an exception (more than the allowed fraction %.2f); this is a fault in the "
                    + "task, the network or Opt2Vec, not a property of the candidates. The first one:%n%s", k, failed,
                    spec.runsPerStep(), settings.maxFailedFraction(), firstError));
        }
        double baseline = 0;
        for (int j = 0; j < tasks; j++) {
            baseline += scores[spec.baseline()][j].metaLoss() / tasks;
        }
        return new MetaStep(k, fitness[0], baseline, lr, mom, (double) diverged / (tasks * candidates),
                failedFraction, seconds);
    }

    private void logFailure(int k, int c, int j, RunScore r) {
        if (!loggedFailure) {
            loggedFailure = true;
            log.warn("meta-step {}: the inner run of candidate {} on task {} threw; it ranks last. Further exceptions "
                    + "are counted (failed_fraction in meta-loss.csv) without logging.\n{}", k, c, j, r.error());
        }
    }

    private void logDivergence(int k, int c, int j) {
        if (!loggedDivergence) {
            loggedDivergence = true;
            log.info("meta-step {}: the inner run of candidate {} on task {} diverged; it ranks last. Further "
                    + "divergences are counted (diverged_fraction in meta-loss.csv) without logging.", k, c, j);
        }
    }

    private void write(Path dir, boolean checkpoint, Checkpoint c) {
        try {
            MetaLossOutputs.writeCsv(dir.resolve(EfficientMetaLearningTrainer.CSV_FILE), c.history());
            if (checkpoint) {
                c.write(dir.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE));
                weights(c.theta(), c.average(), c.completedSteps(), settings.provenance().apply(c.numMetaSteps())
                        + " (after " + c.completedSteps() + " steps)")
                        .save(dir.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE));
                if (c.average().count(c.completedSteps()) > 0) {
                    // The last iterate too, to compare with the mean.
                    Opt2VecWeights.of(spec.architecture(), c.theta(), settings.provenance().apply(c.numMetaSteps())
                            + " (last iterate, after " + c.completedSteps() + " steps)")
                            .save(dir.resolve(EfficientMetaLearningTrainer.LAST_ITERATE_FILE));
                }
                for (MetaTrainingListener l : settings.listeners()) {
                    l.onCheckpoint(dir, c.history());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write meta-training outputs to " + dir, e);
        }
    }
}
