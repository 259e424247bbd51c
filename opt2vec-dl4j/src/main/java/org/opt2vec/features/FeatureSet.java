package org.opt2vec.features;

import java.util.List;
import java.util.Locale;

import static org.opt2vec.features.Feature.ALIGNMENT;
import static org.opt2vec.features.Feature.GRAD_DIVERSITY;
import static org.opt2vec.features.Feature.GRAD_NORM;
import static org.opt2vec.features.Feature.LEARNING_RATE;
import static org.opt2vec.features.Feature.LOSS;
import static org.opt2vec.features.Feature.LOSS_CURVATURE;
import static org.opt2vec.features.Feature.LR_SCALE;
import static org.opt2vec.features.Feature.PARAM_NORM;
import static org.opt2vec.features.Feature.PARAM_RMS;
import static org.opt2vec.features.Feature.UPDATE_RATIO;
import static org.opt2vec.features.Feature.PROGRESS;
import static org.opt2vec.features.Feature.STEP;
import static org.opt2vec.features.Feature.TRAINING_FRACTION;
import static org.opt2vec.features.Feature.TREND;

/**
 * What a controller reads: the columns of a history row and how the window presents them. Controller weights are
 * meta-trained for one feature set; weights files record it, so weights always run with the inputs they learned.
 * The first {@link #basicCount()} columns are the basic features; the others are the extended features.
 */
public enum FeatureSet {
    /**
     * The first Opt2Vec inputs: log loss, gradient norm, learning rate and parameter norm as z-scores over the
     * window, the current gradient's diversity against the momentum, loss curvature and step. A z-score shows the
     * shape of the recent history but not how fast the loss falls (a 0.1 % and a 50 % fall look alike), and nothing
     * beyond the window, so controllers on these inputs cannot tell progress from a plateau. Kept so that weights
     * meta-trained on them keep running as they were trained.
     */
    V1("", 3, null, LOSS, GRAD_NORM, LEARNING_RATE, PARAM_NORM, GRAD_DIVERSITY, LOSS_CURVATURE, STEP),
    /**
     * Levels and trends: log loss and gradient norm as deviations from their window mean (so the size of a change
     * is visible), the controller's own previous lr scale, the parameters' size and the previous update relative to
     * it, the alignment of successive gradients, progress since the first step, a 10-vs-100-step loss trend, and
     * the step.
     */
    V2("v2-", 3, null, LOSS, GRAD_NORM, LR_SCALE, PARAM_RMS, UPDATE_RATIO, ALIGNMENT, PROGRESS, TREND, STEP),
    /**
     * V2 and the fraction of the run done (step / the configuration's {@code trainingSteps}), so that the controller
     * can shape its step over a run of known length, as a learning-rate schedule does.
     */
    V3("v3-", 3, null, LOSS, GRAD_NORM, LR_SCALE, PARAM_RMS, UPDATE_RATIO, ALIGNMENT, PROGRESS, TREND, STEP,
            TRAINING_FRACTION),
    /**
     * V3's inputs, and the fraction of the run done also reaches the lr head directly, through one weight (the
     * schedule weight, see {@code ControllerArchitecture#scheduleOffset()}): the lr head's output moves by
     * gain × weight × fraction, a learned log-linear schedule on top of what the MLP chooses. V3 controllers left
     * the fraction's effect to the MLP, where meta-training found little of it among thousands of weights.
     */
    V4("v4-", 3, TRAINING_FRACTION, LOSS, GRAD_NORM, LR_SCALE, PARAM_RMS, UPDATE_RATIO, ALIGNMENT, PROGRESS, TREND, STEP,
            TRAINING_FRACTION),
    /**
     * V2's inputs, and the step feature (log(1 + t) / 10) also reaches the lr head directly through the schedule
     * weight: the head's output moves by gain × weight × log(1 + t) / 10 = weight × log(1 + t), a learned schedule in
     * log-time (near the middle of the lr-scale range, lr ∝ (1 + t)^(c × weight)) that, unlike V4's, needs no run
     * length.
     */
    V5("v5-", 3, STEP, LOSS, GRAD_NORM, LR_SCALE, PARAM_RMS, UPDATE_RATIO, ALIGNMENT, PROGRESS, TREND, STEP);

    private final String keyPrefix;
    private final int basicCount;
    private final List<Feature> columns;
    private final Feature scheduleFeature;

    /** @param scheduleFeature the column the schedule weight takes to the lr head, or null for none */
    FeatureSet(String keyPrefix, int basicCount, Feature scheduleFeature, Feature... columns) {
        this.keyPrefix = keyPrefix;
        this.basicCount = basicCount;
        this.scheduleFeature = scheduleFeature;
        this.columns = List.of(columns);
    }

    public int basicCount() {
        return basicCount;
    }

    public int extendedCount() {
        return columns.size();
    }

    /** The features of a row of {@code count} columns (the basic or the extended count). */
    public List<Feature> columns(int count) {
        if (count != basicCount && count != columns.size()) {
            throw new IllegalArgumentException("featureCount: feature set " + configName() + " has " + basicCount
                    + " (basic) or " + columns.size() + " (extended) features, not " + count);
        }
        return columns.subList(0, count);
    }

    /** The column of {@code f} in rows of this set, or -1 when the set (or its basic part) lacks it. */
    public int column(Feature f, int count) {
        int c = columns.indexOf(f);
        return c < count ? c : -1;
    }

    /** Prefix of architecture keys, so weights of different feature sets never share a resource name. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** True when the current step's alignment of gradient and momentum is a feature (needs it before the update). */
    public boolean needsCurrentAlignment(int count) {
        return column(GRAD_DIVERSITY, count) >= 0;
    }

    /** True when rows of {@code count} columns read the fraction of the run done (they need the run's length). */
    public boolean readsTrainingFraction(int count) {
        return column(TRAINING_FRACTION, count) >= 0;
    }

    /**
     * The feature that reaches the lr head directly through the schedule weight in a controller on {@code count}
     * columns of this set, or null when it has no schedule weight: the fraction of the run done for {@link #V4}, the
     * step for {@link #V5} (each only when among the columns).
     */
    public Feature scheduleFeature(int count) {
        return scheduleFeature != null && column(scheduleFeature, count) >= 0 ? scheduleFeature : null;
    }

    /** True when a controller on {@code count} columns of this set has the schedule weight. */
    public boolean hasScheduleWeight(int count) {
        return scheduleFeature(count) != null;
    }

    /** The lower-case name used in configs and JSON ("v1" to "v5"). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown
     */
    public static FeatureSet fromName(String name) {
        if (name != null) {
            for (FeatureSet s : values()) {
                if (s.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("featureSet: unknown feature set '" + name + "'; use v1, v2, v3, v4 or v5");
    }
}
