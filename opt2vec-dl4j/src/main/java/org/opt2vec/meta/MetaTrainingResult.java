package org.opt2vec.meta;

import org.opt2vec.dl4j.Opt2VecWeights;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What {@link EfficientMetaLearningTrainer#metaTrain} produced: the weights and one {@link MetaStep} per meta-step
 * (counting from 0 over the whole run, resumed parts included).
 */
public final class MetaTrainingResult {
    private final Opt2VecWeights weights;
    private final List<MetaStep> history;
    private final double wallSeconds;
    private final double totalWallSeconds;
    private final int resumedFromStep;
    private final Path outputDirectory;

    MetaTrainingResult(Opt2VecWeights weights, List<MetaStep> history, double wallSeconds, double totalWallSeconds,
                       int resumedFromStep, Path outputDirectory) {
        this.weights = weights;
        this.history = List.copyOf(history);
        this.wallSeconds = wallSeconds;
        this.totalWallSeconds = totalWallSeconds;
        this.resumedFromStep = resumedFromStep;
        this.outputDirectory = outputDirectory;
    }

    /** The meta-trained controller weights (provenance names seed, budget and estimator). */
    public Opt2VecWeights weights() { return weights; }

    /** One record per meta-step. */
    public List<MetaStep> history() { return history; }

    /** Meta-loss per meta-step (see {@link MetaObjective}), mean over the step's tasks, current θ. */
    public List<Double> metaLosses() { return series(MetaStep::metaLoss); }

    /** Meta-loss per meta-step of the initial weights on the same tasks (see {@link MetaStep#baselineMetaLoss}). */
    public List<Double> baselineMetaLosses() { return series(MetaStep::baselineMetaLoss); }

    /** Mean Opt2Vec lr scale per meta-step (current θ, over the step's inner runs). */
    public List<Double> lrScales() { return series(MetaStep::lrScale); }

    /** Mean Opt2Vec momentum per meta-step. */
    public List<Double> momenta() { return series(MetaStep::momentum); }

    /** Fraction of the step's candidate runs that diverged. */
    public List<Double> divergedFractions() { return series(MetaStep::divergedFraction); }

    private List<Double> series(ToDoubleFunction<MetaStep> f) {
        return history.stream().map(s -> f.applyAsDouble(s)).toList();
    }

    /** Mean improvement over the baseline of the last {@code n} steps (negative = better than the initial weights). */
    public double meanImprovementOfLast(int n) {
        return mean(history.subList(Math.max(0, history.size() - n), history.size()), MetaStep::improvement);
    }

    public int completedSteps() { return history.size(); }

    /** Wall time of this call, seconds. */
    public double wallSeconds() { return wallSeconds; }

    /** Wall time of the whole run including the parts before a resume, seconds. */
    public double totalWallSeconds() { return totalWallSeconds; }

    /** The step this call started from (0 unless resumed). */
    public int resumedFromStep() { return resumedFromStep; }

    /** Where checkpoint, CSV and weights were written, if anywhere. */
    public Optional<Path> outputDirectory() { return Optional.ofNullable(outputDirectory); }

    /** Mean meta-loss of the first {@code n} steps. */
    public double meanOfFirst(int n) {
        return mean(history.subList(0, Math.min(n, history.size())), MetaStep::metaLoss);
    }

    /** Mean meta-loss of the last {@code n} steps. */
    public double meanOfLast(int n) {
        return mean(history.subList(Math.max(0, history.size() - n), history.size()), MetaStep::metaLoss);
    }

    private static double mean(List<MetaStep> steps, ToDoubleFunction<MetaStep> f) {
        return steps.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "MetaTrainingResult{steps=%d, metaLoss first5=%.4f last5=%.4f, wall=%.1fs, %s}", completedSteps(),
                meanOfFirst(5), meanOfLast(5), wallSeconds, weights);
    }
}
