package org.opt2vec.meta;

import org.opt2vec.dl4j.Opt2VecWeights;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link EfficientMetaLearningTrainer#metaTrain} produced. Entry k of each per-step list belongs to meta-step k
 * (counting from 0 over the whole run, resumed parts included) and is measured with the meta-parameters as they were
 * at the start of that step, on that step's tasks.
 */
public final class MetaTrainingResult {
    private final Opt2VecWeights weights;
    private final List<Double> metaLosses;
    private final List<Double> baselineMetaLosses;
    private final List<Double> lrScales;
    private final List<Double> momenta;
    private final List<Double> divergedFractions;
    private final double wallSeconds;
    private final double totalWallSeconds;
    private final int resumedFromStep;
    private final Path outputDirectory;

    MetaTrainingResult(Opt2VecWeights weights, List<Double> metaLosses, List<Double> baselineMetaLosses,
                       List<Double> lrScales, List<Double> momenta,
                       List<Double> divergedFractions, double wallSeconds, double totalWallSeconds, int resumedFromStep,
                       Path outputDirectory) {
        this.weights = weights;
        this.metaLosses = List.copyOf(metaLosses);
        this.baselineMetaLosses = List.copyOf(baselineMetaLosses);
        this.lrScales = List.copyOf(lrScales);
        this.momenta = List.copyOf(momenta);
        this.divergedFractions = List.copyOf(divergedFractions);
        this.wallSeconds = wallSeconds;
        this.totalWallSeconds = totalWallSeconds;
        this.resumedFromStep = resumedFromStep;
        this.outputDirectory = outputDirectory;
    }

    /** The meta-trained controller weights (provenance names seed, budget and estimator). */
    public Opt2VecWeights weights() { return weights; }

    /** Meta-loss per meta-step (see {@link MetaObjective}), mean over the step's tasks, current θ. */
    public List<Double> metaLosses() { return metaLosses; }

    /**
     * Meta-loss per meta-step of the initial weights (by default the untrained controller, i.e. momentum SGD) on the
     * same tasks: {@code metaLosses().get(k) - baselineMetaLosses().get(k)} is the step's improvement, free of the
     * task-to-task variation that makes the raw meta-loss noisy. Not used by the estimator.
     */
    public List<Double> baselineMetaLosses() { return baselineMetaLosses; }

    /** Mean improvement over the baseline of the last {@code n} steps (negative = better than the initial weights). */
    public double meanImprovementOfLast(int n) {
        int from = Math.max(0, metaLosses.size() - n);
        double s = 0;
        for (int i = from; i < metaLosses.size(); i++) {
            s += metaLosses.get(i) - baselineMetaLosses.get(i);
        }
        return metaLosses.size() == from ? Double.NaN : s / (metaLosses.size() - from);
    }

    /** Mean Opt2Vec lr scale per meta-step (current θ, over the step's inner runs). */
    public List<Double> lrScales() { return lrScales; }

    /** Mean Opt2Vec momentum per meta-step. */
    public List<Double> momenta() { return momenta; }

    /** Fraction of the step's candidate runs (perturbed and current θ) that diverged. */
    public List<Double> divergedFractions() { return divergedFractions; }

    public int completedSteps() { return metaLosses.size(); }

    /** Wall time of this call, seconds. */
    public double wallSeconds() { return wallSeconds; }

    /** Wall time of the whole run including the parts before a resume, seconds. */
    public double totalWallSeconds() { return totalWallSeconds; }

    /** The step this call started from (0 unless resumed). */
    public int resumedFromStep() { return resumedFromStep; }

    /** Where checkpoint, CSV, PNG and weights were written, if anywhere. */
    public Optional<Path> outputDirectory() { return Optional.ofNullable(outputDirectory); }

    /** Mean meta-loss of the first {@code n} steps. */
    public double meanOfFirst(int n) {
        return metaLosses.subList(0, Math.min(n, metaLosses.size())).stream().mapToDouble(Double::doubleValue)
                .average().orElse(Double.NaN);
    }

    /** Mean meta-loss of the last {@code n} steps. */
    public double meanOfLast(int n) {
        return metaLosses.subList(Math.max(0, metaLosses.size() - n), metaLosses.size()).stream()
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "MetaTrainingResult{steps=%d, metaLoss first5=%.4f last5=%.4f, wall=%.1fs, %s}", completedSteps(),
                meanOfFirst(5), meanOfLast(5), wallSeconds, weights);
    }
}
