package org.opt2vec.controller;

import org.opt2vec.features.FeatureSet;

/**
 * The shape of a controller network: everything that decides how many weights it has and what they mean.
 * Two configs with equal architectures can share weights; weights files record the architecture they belong to.
 *
 * <pre>
 *   input  x : historyLength * featureCount   (the normalized history window, oldest row first)
 *   hidden h = act(W1 x + b1)                 (embeddingDim units)
 *   embed  e = tanh(W2 h + b2)                (embeddingDim units, in [-1, 1])
 *   heads  zLr = wLr . e + bLr,  zMom = wMom . e + bMom
 * </pre>
 *
 * @param historyLength rows in the history window (at least 2)
 * @param featureSet    what the rows hold and how the window presents them
 * @param featureCount  features per row: the feature set's basic or extended count
 * @param embeddingDim  width of the hidden layer and of the embedding
 * @param activation    hidden-layer activation
 */
public record ControllerArchitecture(int historyLength, FeatureSet featureSet, int featureCount, int embeddingDim,
                                     Activation activation) implements java.io.Serializable {

    public ControllerArchitecture {
        if (historyLength < 2) {
            throw new IllegalArgumentException("historyLength: must be at least 2, was " + historyLength);
        }
        if (featureSet == null) {
            throw new IllegalArgumentException("featureSet: must not be null");
        }
        featureSet.columns(featureCount);   // validates the count
        if (embeddingDim < 1) {
            throw new IllegalArgumentException("embeddingDim: must be at least 1, was " + embeddingDim);
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation: must not be null");
        }
    }

    /** An architecture on the current feature set, {@link FeatureSet#V2}. */
    public static ControllerArchitecture of(int historyLength, boolean extendedFeatures, int embeddingDim,
                                            Activation activation) {
        return of(historyLength, FeatureSet.V2, extendedFeatures, embeddingDim, activation);
    }

    public static ControllerArchitecture of(int historyLength, FeatureSet featureSet, boolean extendedFeatures,
                                            int embeddingDim, Activation activation) {
        return new ControllerArchitecture(historyLength, featureSet,
                extendedFeatures ? featureSet.extendedCount() : featureSet.basicCount(), embeddingDim, activation);
    }

    public boolean extendedFeatures() {
        return featureCount == featureSet.extendedCount();
    }

    public int inputSize() {
        return historyLength * featureCount;
    }

    // Offsets of each weight group in the flat parameter vector (row-major matrices).
    public int w1Offset() { return 0; }
    public int b1Offset() { return w1Offset() + embeddingDim * inputSize(); }
    public int w2Offset() { return b1Offset() + embeddingDim; }
    public int b2Offset() { return w2Offset() + embeddingDim * embeddingDim; }
    public int lrHeadOffset() { return b2Offset() + embeddingDim; }
    public int lrBiasOffset() { return lrHeadOffset() + embeddingDim; }
    public int momentumHeadOffset() { return lrBiasOffset() + 1; }
    public int momentumBiasOffset() { return momentumHeadOffset() + embeddingDim; }

    /**
     * The schedule weight, after the heads, when the feature set has one ({@link FeatureSet#hasScheduleWeight}): the
     * lr head's output gains {@link #SCHEDULE_GAIN} × this weight × the schedule feature (the fraction of the run done
     * for V4, the step feature log(1 + t) / 10 for V5).
     */
    public int scheduleOffset() { return momentumBiasOffset() + 1; }

    public boolean hasScheduleWeight() {
        return featureSet.hasScheduleWeight(featureCount);
    }

    /**
     * Scales the schedule weight so that the meta-trainer's perturbations and steps (sized for head weights that
     * multiply embeddings in [-1, 1]) move the end-of-run lr by a useful amount: a weight of -0.3 takes the lr head's
     * output down by 3 at the end of a run, a factor of about 20 in lr scale from the middle of its range.
     */
    public static final double SCHEDULE_GAIN = 10.0;

    /** Number of controller weights. */
    public int parameterCount() {
        return scheduleOffset() + (hasScheduleWeight() ? 1 : 0);
    }

    /**
     * A short stable key, used e.g. in resource names of bundled weights: {@code v2-h16-f8-e64-gelu} ({@code
     * h16-f7-e64-gelu} for feature set v1).
     */
    public String key() {
        return featureSet.keyPrefix() + "h" + historyLength + "-f" + featureCount + "-e" + embeddingDim + "-" + activation.configName();
    }

    /** Stable across JVMs (an enum's own hash code is not), so it may feed fingerprints and file names. */
    @Override
    public int hashCode() {
        return (((historyLength * 31 + featureSet.ordinal()) * 31 + featureCount) * 31 + embeddingDim) * 31
                + activation.ordinal();
    }

    @Override
    public String toString() {
        return "historyLength=" + historyLength + ", featureSet=" + featureSet.configName() + ", features=" + featureCount + ", embeddingDim=" + embeddingDim
                + ", activation=" + activation.configName();
    }
}
