package org.opt2vec.dl4j;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.annotation.JsonDeserialize;
import org.nd4j.shade.jackson.databind.annotation.JsonSerialize;
import org.opt2vec.controller.Activation;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.controller.OutputMapping;
import org.opt2vec.features.FeatureSet;
import org.opt2vec.state.StateLayout;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Opt2Vec, a meta-learned optimizer, as a DL4J updater configuration.
 *
 * <p>Each step it records the block's loss, gradient norm and learning rate (and, with extended features,
 * parameter norm, gradient alignment, progress, loss trend and step) in a history window, encodes the window with
 * a small MLP into an embedding, and maps the embedding to a learning-rate scale and a momentum factor that drive
 * the update of its {@link UpdateDirection} (default {@link UpdateDirection#RELATIVE}):
 * <pre>
 *   m &larr; mu m + (1 - mu) g;   v &larr; beta2 v + (1 - beta2) g^2;
 *   update = baseLr(t) * lrScale * rho0 * m^ / (sqrt(v^) + eps)     (rho0: RMS of the block's parameters at its first step)
 * </pre>
 * The controller needs each step's loss before the update: call {@link #attach(Model)} on the network (or call
 * {@link Opt2VecUpdater#observe(double, double)} in a custom training loop).
 *
 * <pre>{@code
 * MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
 *         .updater(new Opt2Vec())        // meta-trained weights, no tuning
 *         .list()...build());
 * Opt2Vec.attach(net).init();
 * }</pre>
 *
 * <p>Like DL4J's own updater configs this class is mutable only through {@link #setLrAndSchedule}, which DL4J
 * uses to change learning rates; all other settings are fixed at {@link Builder#build()}, which validates them.
 */
public final class Opt2Vec implements IUpdater {
    private static final long serialVersionUID = 2L;

    public static final UpdateDirection DEFAULT_DIRECTION = UpdateDirection.RELATIVE;
    /** Default base learning rate of the adaptive direction (Adam's). */
    public static final double DEFAULT_BASE_LR = 1e-3;
    /** Default base learning rate of the momentum direction (classic momentum SGD's). */
    public static final double DEFAULT_MOMENTUM_BASE_LR = 0.01;
    /**
     * Default base learning rate of the relative direction: a step of 1 % of the parameters' initial root mean square
     * (before the controller's scale).
     */
    public static final double DEFAULT_RELATIVE_BASE_LR = 0.01;
    /** The default direction's default feature set: its bundled controller anneals in log-time, with no run length. */
    public static final FeatureSet DEFAULT_FEATURE_SET = FeatureSet.V5;
    public static final int DEFAULT_EMBEDDING_DIM = 64;
    public static final int DEFAULT_HISTORY_LENGTH = 16;
    public static final String DEFAULT_ACTIVATION = "gelu";

    /**
     * The feature set a builder uses when none is chosen: the one of this build's bundled controller for
     * {@code direction} ({@link #DEFAULT_FEATURE_SET} for the relative direction, v2 for the others).
     */
    public static FeatureSet defaultFeatureSet(UpdateDirection direction) {
        return direction == UpdateDirection.RELATIVE ? DEFAULT_FEATURE_SET : FeatureSet.V2;
    }
    /** Clipping is off by default: on real data a block-norm clip at 1.0 cost accuracy (docs/meta-training.md). */
    public static final double DEFAULT_MAX_GRAD_NORM = 0.0;
    /** A range of four orders of magnitude, so that the controller, not the base learning rate, chooses the step. */
    public static final double DEFAULT_LR_SCALE_MIN = 0.01;
    public static final double DEFAULT_LR_SCALE_MAX = 100.0;
    public static final double DEFAULT_MOMENTUM_MIN = 0.0;
    public static final double DEFAULT_MOMENTUM_MAX = 0.99;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    /** Upper bounds that keep a controller small enough for its purpose (and configs fuzz-safe). */
    public static final int MAX_EMBEDDING_DIM = 1024;
    public static final int MAX_HISTORY_LENGTH = 512;

    private double baseLr;
    private ISchedule baseLrSchedule;
    private final UpdateDirection direction;
    private final FeatureSet featureSet;
    private final int embeddingDim;
    private final int historyLength;
    private final String activation;
    private final boolean useExtendedFeatures;
    private final boolean normalizeFeatures;
    private final double maxGradNorm;
    private final double lrScaleMin;
    private final double lrScaleMax;
    private final double momentumMin;
    private final double momentumMax;
    private final double beta2;
    private final double epsilon;
    private final boolean pretrained;
    private final long trainingSteps;
    private final boolean perLayer;
    @JsonSerialize(using = WeightsJson.Serializer.class)
    @JsonDeserialize(using = WeightsJson.Deserializer.class)
    private final Opt2VecWeights weights;

    private transient volatile Opt2VecWeights resolvedWeights;

    /** Opt2Vec with all defaults: the relative direction, baseLr 1e-3 and the bundled meta-trained controller. */
    public Opt2Vec() {
        this(new Builder());
    }

    /** Opt2Vec with the given base learning rate and all other defaults. */
    public Opt2Vec(double baseLr) {
        this(new Builder().baseLr(baseLr));
    }

    private Opt2Vec(Builder b) {
        this(b.resolvedBaseLr(), b.baseLrSchedule, b.direction.configName(),
                b.resolvedFeatureSet().configName(), b.embeddingDim,
                b.historyLength, b.activation, b.useExtendedFeatures, b.normalizeFeatures, b.maxGradNorm, b.lrScaleMin,
                b.lrScaleMax, b.momentumMin, b.momentumMax, b.beta2, b.epsilon, b.pretrained, b.trainingSteps,
                b.perLayer, b.weights);
    }

    /**
     * The JSON form. Fields missing from JSON written before they existed take the values of that time: update
     * direction "momentum", feature set "v1" (so old configurations keep their meaning), training steps 0 (unknown),
     * one controller for all layers (perLayer false).
     */
    @JsonCreator
    private Opt2Vec(@JsonProperty("baseLr") double baseLr,
                    @JsonProperty("baseLrSchedule") ISchedule baseLrSchedule,
                    @JsonProperty("direction") String direction,
                    @JsonProperty("featureSet") String featureSet,
                    @JsonProperty("embeddingDim") int embeddingDim,
                    @JsonProperty("historyLength") int historyLength,
                    @JsonProperty("activation") String activation,
                    @JsonProperty("useExtendedFeatures") boolean useExtendedFeatures,
                    @JsonProperty("normalizeFeatures") boolean normalizeFeatures,
                    @JsonProperty("maxGradNorm") double maxGradNorm,
                    @JsonProperty("lrScaleMin") double lrScaleMin,
                    @JsonProperty("lrScaleMax") double lrScaleMax,
                    @JsonProperty("momentumMin") double momentumMin,
                    @JsonProperty("momentumMax") double momentumMax,
                    @JsonProperty("beta2") Double beta2,
                    @JsonProperty("epsilon") Double epsilon,
                    @JsonProperty("pretrained") boolean pretrained,
                    @JsonProperty("trainingSteps") Long trainingSteps,
                    @JsonProperty("perLayer") Boolean perLayer,
                    @JsonProperty("weights") Opt2VecWeights weights) {
        validateLr(baseLr, baseLrSchedule);
        UpdateDirection dir = direction == null ? UpdateDirection.MOMENTUM : UpdateDirection.fromName(direction);
        FeatureSet set = featureSet == null ? FeatureSet.V1 : FeatureSet.fromName(featureSet);
        if (embeddingDim < 1 || embeddingDim > MAX_EMBEDDING_DIM) {
            throw new IllegalArgumentException("embeddingDim: must be in [1, " + MAX_EMBEDDING_DIM + "], was "
                    + embeddingDim);
        }
        if (historyLength < 2 || historyLength > MAX_HISTORY_LENGTH) {
            throw new IllegalArgumentException("historyLength: must be in [2, " + MAX_HISTORY_LENGTH + "], was "
                    + historyLength);
        }
        Activation act = Activation.fromName(activation);
        if (Double.isNaN(maxGradNorm)) {
            throw new IllegalArgumentException("maxGradNorm: must not be NaN (use a value <= 0 to turn clipping off)");
        }
        if (!(lrScaleMin > 0) || !Double.isFinite(lrScaleMin) || !Double.isFinite(lrScaleMax)
                || lrScaleMin > lrScaleMax) {
            throw new IllegalArgumentException("lrScaleRange: need 0 < min <= max, both finite; was [" + lrScaleMin
                    + ", " + lrScaleMax + "]");
        }
        if (!(momentumMin >= 0) || !(momentumMax < 1) || momentumMin > momentumMax) {
            throw new IllegalArgumentException("momentumRange: need 0 <= min <= max < 1; was [" + momentumMin + ", "
                    + momentumMax + "]");
        }
        double b2 = beta2 == null ? DEFAULT_BETA2 : beta2;
        double eps = epsilon == null ? DEFAULT_EPSILON : epsilon;
        if (!(b2 >= 0 && b2 < 1)) {
            throw new IllegalArgumentException("beta2: must be in [0, 1), was " + b2);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("epsilon: must be finite and > 0, was " + eps);
        }
        long horizon = trainingSteps == null ? 0 : trainingSteps;
        if (horizon < 0) {
            throw new IllegalArgumentException("trainingSteps: must be >= 0 (0: the run's length is unknown), was "
                    + horizon);
        }
        ControllerArchitecture arch = ControllerArchitecture.of(historyLength, set, useExtendedFeatures, embeddingDim,
                act);
        if (weights != null && !weights.architecture().equals(arch)) {
            throw new IllegalArgumentException("weights: they belong to architecture (" + weights.architecture()
                    + ") but this configuration is (" + arch + "); use weights meta-trained for this architecture");
        }
        if (weights == null && pretrained && BundledWeights.find(arch, dir).isEmpty()) {
            throw new IllegalArgumentException("pretrained: Opt2Vec ships no meta-trained controller for direction="
                    + dir.configName() + " and " + arch + "; use the default architecture, give weights explicitly "
                    + "(weights(...), e.g. from meta-training), or say pretrained(false) for the untrained controller");
        }
        this.baseLr = baseLr;
        this.baseLrSchedule = baseLrSchedule;
        this.direction = dir;
        this.featureSet = set;
        this.embeddingDim = embeddingDim;
        this.historyLength = historyLength;
        this.activation = act.configName();
        this.useExtendedFeatures = useExtendedFeatures;
        this.normalizeFeatures = normalizeFeatures;
        this.maxGradNorm = maxGradNorm;
        this.lrScaleMin = lrScaleMin;
        this.lrScaleMax = lrScaleMax;
        this.momentumMin = momentumMin;
        this.momentumMax = momentumMax;
        this.beta2 = b2;
        this.epsilon = eps;
        this.pretrained = pretrained;
        this.trainingSteps = horizon;
        this.perLayer = perLayer != null && perLayer;
        this.weights = weights;
        // A bundled controller that reads the fraction of the run done (v4) is never a template: without the run's
        // length that fraction stays 0 and it would keep its initial, largest step to the end. Explicit weights
        // without it are (meta-training and the benchmark call forRun per run); the updater refuses those.
        if (weights == null && lacksRunLength()) {
            throw new IllegalArgumentException("trainingSteps: the bundled " + set.configName() + " controller anneals "
                    + "its step over the run, so it needs the run's length; set trainingSteps(epochs x iterations per "
                    + "epoch), or keep the default feature set " + DEFAULT_FEATURE_SET.configName()
                    + ", which needs none");
        }
    }

    private static void validateLr(double lr, ISchedule schedule) {
        if (schedule == null && !validLr(lr)) {
            throw new IllegalArgumentException("baseLr: must be finite and >= 0 (or set baseLrSchedule), was " + lr);
        }
        if (schedule != null && !validLr(schedule.valueAt(0, 0))) {
            throw new IllegalArgumentException("baseLrSchedule: its value at iteration 0 must be finite and >= 0, was "
                    + schedule.valueAt(0, 0));
        }
    }

    static boolean validLr(double lr) {
        return lr >= 0 && lr < Double.POSITIVE_INFINITY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.baseLr(baseLr);
        b.baseLrSchedule = baseLrSchedule;
        b.direction = direction;
        b.featureSet = featureSet;
        b.embeddingDim = embeddingDim;
        b.historyLength = historyLength;
        b.activation = activation;
        b.useExtendedFeatures = useExtendedFeatures;
        b.normalizeFeatures = normalizeFeatures;
        b.maxGradNorm = maxGradNorm;
        b.lrScaleMin = lrScaleMin;
        b.lrScaleMax = lrScaleMax;
        b.momentumMin = momentumMin;
        b.momentumMax = momentumMax;
        b.beta2 = beta2;
        b.epsilon = epsilon;
        b.pretrained = pretrained;
        b.trainingSteps = trainingSteps;
        b.perLayer = perLayer;
        b.weights = weights;
        return b;
    }

    /**
     * Adds an {@link Opt2VecListener} to a MultiLayerNetwork or ComputationGraph (unless it has one already), so
     * every Opt2Vec updater block receives the loss before its update. When it has one, the listeners are handed to
     * the model again: DL4J's {@code ComputationGraph.clone()} copies the listener list without giving it to the
     * clone's training loop, which then never calls it. Before the model's updater exists, each layer also gets its
     * own copy of a per-layer configuration that several layers share ({@link Builder#perLayer}).
     *
     * @return the same model, for chaining
     */
    public static <T extends Model> T attach(T model) {
        Objects.requireNonNull(model, "model");
        Collection<TrainingListener> listeners;
        if (model instanceof MultiLayerNetwork mln) {
            listeners = mln.getListeners();
        } else if (model instanceof ComputationGraph cg) {
            listeners = cg.getListeners();
        } else {
            throw new IllegalArgumentException("Opt2Vec.attach supports MultiLayerNetwork and ComputationGraph, got "
                    + model.getClass().getName());
        }
        PerLayerCopies.ensure(model);
        if (listeners == null || listeners.stream().noneMatch(l -> l instanceof Opt2VecListener)) {
            model.addListeners(new Opt2VecListener());
        } else {
            model.setListeners(new java.util.ArrayList<>(listeners));
        }
        return model;
    }

    // ---- derived objects ----

    public ControllerArchitecture architecture() {
        return ControllerArchitecture.of(historyLength, featureSet, useExtendedFeatures, embeddingDim,
                Activation.fromName(activation));
    }

    /** How this configuration maps the controller's head outputs to lr scale and momentum. */
    public OutputMapping outputMapping() {
        return new OutputMapping(lrScaleMin, lrScaleMax, momentumMin, momentumMax);
    }

    StateLayout stateLayout() {
        return new StateLayout(architecture(), direction.ordinal(), direction.buffers());
    }

    /**
     * This configuration with a controller that ignores the history: lr = base lr × {@code lrScale} and the given
     * momentum at every step (see {@link Builder#constantController}). The output mapping only reaches values strictly
     * inside its ranges, so a value on or beyond a range's bound gets that range widened around it (×/÷ 2 for the lr
     * scale, halfway to 0 or 1 for the momentum); nothing else changes, since a constant controller's output is the
     * constant. The benchmark's constant grid and the meta-training constant search both build their settings here,
     * so the same setting is the same configuration in both.
     *
     * @throws IllegalArgumentException unless lrScale > 0 and 0 <= momentum < 1
     */
    public Opt2Vec withConstantController(double lrScale, double momentum) {
        if (!(lrScale > 0) || !Double.isFinite(lrScale) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("a constant controller needs a finite lrScale > 0 and 0 <= momentum < 1, "
                    + "got " + lrScale + ", " + momentum);
        }
        double lo = lrScale > lrScaleMin ? lrScaleMin : lrScale / 2;
        double hi = lrScale < lrScaleMax ? lrScaleMax : lrScale * 2;
        double mlo = momentum > momentumMin ? momentumMin : momentum / 2;
        double mhi = momentum < momentumMax ? momentumMax : (momentum + 1) / 2;
        return toBuilder().weights(null).lrScaleRange(lo, hi).momentumRange(mlo, mhi)
                .constantController(lrScale, momentum).build();
    }

    /**
     * This configuration for a run of {@code steps} updater steps (see {@link Builder#trainingSteps(long)}); itself
     * when it already says so.
     */
    public Opt2Vec withTrainingSteps(long steps) {
        return steps == trainingSteps ? this : toBuilder().trainingSteps(steps).build();
    }

    /**
     * This configuration for a run of {@code steps} updater steps when its controller reads the fraction of the run
     * done (feature set v3); itself otherwise. What meta-training and the benchmark tell every run, as a user who
     * knows the number of iterations does.
     */
    public Opt2Vec forRun(long steps) {
        return readsTrainingFraction() ? withTrainingSteps(steps) : this;
    }

    /** True when the controller reads the fraction of the run done, so that the run's length matters. */
    public boolean readsTrainingFraction() {
        return featureSet.readsTrainingFraction(architecture().featureCount());
    }

    /**
     * The controller weights this configuration runs with: the explicit weights if set; else, with
     * {@code pretrained}, the bundled meta-trained weights of this architecture and direction; else the untrained
     * controller (lr scale 1, momentum 0.9 whatever the history).
     *
     * @throws IllegalStateException when the bundled weights listed for this configuration are missing or damaged
     */
    public Opt2VecWeights resolveWeights() {
        Opt2VecWeights w = resolvedWeights;
        if (w == null) {
            ControllerArchitecture arch = architecture();
            if (weights != null) {
                w = weights;
            } else if (pretrained) {
                w = BundledWeights.require(arch, direction);
            } else {
                w = Opt2VecWeights.untrained(arch);
            }
            resolvedWeights = w;
        }
        return w;
    }

    /**
     * True when a meta-trained controller reads the fraction of the run done (feature sets v3, v4) but the run's
     * length is unknown: the fraction would stay 0 and a learned schedule would keep its first, largest step to the
     * end. Such a configuration is a template (meta-training and the benchmark build one, then call
     * {@link #forRun(long)} per run); a network refuses to train with it.
     */
    public boolean lacksRunLength() {
        return trainingSteps == 0 && readsTrainingFraction() && isMetaTrained();
    }

    /** True when {@link #resolveWeights()} gives meta-trained (bundled or explicit) weights. */
    public boolean isMetaTrained() {
        return weights != null || (pretrained && BundledWeights.find(architecture(), direction).isPresent());
    }

    // ---- IUpdater ----

    @Override
    public long stateSize(long numParams) {
        return stateLayout().stateSize(numParams);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Opt2VecUpdater u = new Opt2VecUpdater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Opt2VecUpdater u = new Opt2VecUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public Opt2Vec clone() {
        return toBuilder().build();
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return baseLrSchedule != null ? baseLrSchedule.valueAt(iteration, epoch) : baseLr;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        validateLr(lr, lrSchedule);
        this.baseLr = lr;
        this.baseLrSchedule = lrSchedule;
    }

    // ---- getters ----

    public double getBaseLr() { return baseLr; }
    public ISchedule getBaseLrSchedule() { return baseLrSchedule; }
    public UpdateDirection getDirection() { return direction; }
    public FeatureSet getFeatureSet() { return featureSet; }
    public int getEmbeddingDim() { return embeddingDim; }
    public int getHistoryLength() { return historyLength; }
    public String getActivation() { return activation; }
    public boolean isUseExtendedFeatures() { return useExtendedFeatures; }
    public boolean isNormalizeFeatures() { return normalizeFeatures; }
    public double getMaxGradNorm() { return maxGradNorm; }
    public double getLrScaleMin() { return lrScaleMin; }
    public double getLrScaleMax() { return lrScaleMax; }
    public double getMomentumMin() { return momentumMin; }
    public double getMomentumMax() { return momentumMax; }
    public double getBeta2() { return beta2; }
    public double getEpsilon() { return epsilon; }
    public boolean isPretrained() { return pretrained; }
    /** The length of the run in updater steps, which the v3 feature set reads; 0 when unknown. */
    public long getTrainingSteps() { return trainingSteps; }
    /** The explicit weights, or null when the config uses bundled or untrained weights. */
    public Opt2VecWeights getWeights() { return weights; }

    /**
     * Whether each layer has its own controller (its own updater block, history and lr scale and momentum), rather
     * than one controller for all consecutive layers with this configuration.
     */
    public boolean isPerLayer() { return perLayer; }

    /**
     * Value equality, except for per-layer configurations, which equal only themselves: DL4J merges consecutive
     * layers whose updater configurations are equal into one updater block with one {@link Opt2VecUpdater}, and a
     * per-layer configuration exists to keep each layer in a block of its own. Every layer holds its own copy of the
     * network's updater configuration (DL4J clones it per layer, and a restored configuration reads one per layer
     * from JSON), so the blocks are per layer in every network made from the configuration, on every worker and
     * after every restore, and the parameters and bias of one layer stay together. Compare the settings of two
     * configurations with {@link #sameSettings}.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return !perLayer && o instanceof Opt2Vec x && !x.perLayer && sameSettings(x);
    }

    /** Whether {@code x} has the same settings, per-layer configurations included (see {@link #equals}). */
    public boolean sameSettings(Opt2Vec x) {
        if (this == x) {
            return true;
        }
        return perLayer == x.perLayer
                && Double.compare(baseLr, x.baseLr) == 0 && Objects.equals(baseLrSchedule, x.baseLrSchedule)
                && direction == x.direction && featureSet == x.featureSet
                && embeddingDim == x.embeddingDim && historyLength == x.historyLength
                && activation.equals(x.activation) && useExtendedFeatures == x.useExtendedFeatures
                && normalizeFeatures == x.normalizeFeatures && Double.compare(maxGradNorm, x.maxGradNorm) == 0
                && Double.compare(lrScaleMin, x.lrScaleMin) == 0 && Double.compare(lrScaleMax, x.lrScaleMax) == 0
                && Double.compare(momentumMin, x.momentumMin) == 0 && Double.compare(momentumMax, x.momentumMax) == 0
                && Double.compare(beta2, x.beta2) == 0 && Double.compare(epsilon, x.epsilon) == 0
                && pretrained == x.pretrained && trainingSteps == x.trainingSteps && Objects.equals(weights, x.weights);
    }

    @Override
    public int hashCode() {
        if (perLayer) {
            return System.identityHashCode(this);
        }
        return Objects.hash(baseLr, baseLrSchedule, direction, featureSet, embeddingDim, historyLength, activation,
                useExtendedFeatures, normalizeFeatures, maxGradNorm, lrScaleMin, lrScaleMax, momentumMin, momentumMax,
                beta2, epsilon, pretrained, trainingSteps, weights);
    }

    @Override
    public String toString() {
        return "Opt2Vec(baseLr=" + (baseLrSchedule != null ? baseLrSchedule : baseLr) + ", direction="
                + direction.configName() + (direction.normalized() ? ", beta2=" + beta2 + ", epsilon="
                + epsilon : "") + ", " + architecture() + ", normalizeFeatures=" + normalizeFeatures + ", maxGradNorm="
                + maxGradNorm + ", lrScaleRange=[" + lrScaleMin + ", " + lrScaleMax + "], momentumRange=["
                + momentumMin + ", " + momentumMax + "], "
                + (trainingSteps > 0 ? "trainingSteps=" + trainingSteps + ", " : "")
                + (perLayer ? "perLayer=true, " : "")
                + (weights != null ? "weights=" + weights : "pretrained=" + pretrained) + ")";
    }

    /** Builder; {@link #build()} validates every field. */
    public static final class Builder {
        private double baseLr;
        private boolean baseLrSet;
        private ISchedule baseLrSchedule;
        private UpdateDirection direction = DEFAULT_DIRECTION;
        private FeatureSet featureSet; // null: defaultFeatureSet(direction)
        private int embeddingDim = DEFAULT_EMBEDDING_DIM;
        private int historyLength = DEFAULT_HISTORY_LENGTH;
        private String activation = DEFAULT_ACTIVATION;
        private boolean useExtendedFeatures = true;
        private boolean normalizeFeatures = true;
        private double maxGradNorm = DEFAULT_MAX_GRAD_NORM;
        private double lrScaleMin = DEFAULT_LR_SCALE_MIN;
        private double lrScaleMax = DEFAULT_LR_SCALE_MAX;
        private double momentumMin = DEFAULT_MOMENTUM_MIN;
        private double momentumMax = DEFAULT_MOMENTUM_MAX;
        private double beta2 = DEFAULT_BETA2;
        private double epsilon = DEFAULT_EPSILON;
        private boolean pretrained = true;
        private long trainingSteps;
        private boolean perLayer;
        private Opt2VecWeights weights;
        private double constantLrScale = Double.NaN;
        private double constantMomentum = Double.NaN;

        public Builder() {
        }

        private double resolvedBaseLr() {
            if (baseLrSet) {
                return baseLr;
            }
            return switch (direction) {
                case MOMENTUM -> DEFAULT_MOMENTUM_BASE_LR;
                case ADAPTIVE -> DEFAULT_BASE_LR;
                case RELATIVE -> DEFAULT_RELATIVE_BASE_LR;
            };
        }

        /**
         * Base learning rate; the controller scales it per step. Default: 1e-3 for the adaptive direction, 0.01
         * for the momentum direction, 0.01 (of the parameters' initial RMS) for the relative direction.
         */
        public Builder baseLr(double baseLr) {
            this.baseLr = baseLr;
            this.baseLrSet = true;
            return this;
        }

        /** A DL4J schedule for the base learning rate; overrides {@link #baseLr(double)}. */
        public Builder baseLrSchedule(ISchedule schedule) { this.baseLrSchedule = schedule; return this; }

        /** The update rule the controller drives (default {@link UpdateDirection#RELATIVE}). */
        public Builder direction(UpdateDirection direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /**
         * What the controller reads (default: {@link #defaultFeatureSet}, v5 for the default direction); weights are
         * meta-trained for one set. This build bundles controllers for v5 (the default), v2 (the previous default)
         * and v4 in the relative direction, and for v2 in the adaptive one; v4 reads the fraction of the run done and
         * anneals its step over it, and needs {@link #trainingSteps(long)}.
         */
        public Builder featureSet(FeatureSet featureSet) {
            this.featureSet = Objects.requireNonNull(featureSet, "featureSet");
            return this;
        }

        public Builder embeddingDim(int embeddingDim) { this.embeddingDim = embeddingDim; return this; }

        public Builder historyLength(int historyLength) { this.historyLength = historyLength; return this; }

        /** "gelu", "swish", "relu" or "tanh". */
        public Builder activation(String activation) { this.activation = activation; return this; }

        public Builder useExtendedFeatures(boolean on) { this.useExtendedFeatures = on; return this; }

        public Builder normalizeFeatures(boolean on) { this.normalizeFeatures = on; return this; }

        /** Clip each block's gradient to this L2 norm; a value &lt;= 0 (the default) turns clipping off. */
        public Builder maxGradNorm(double maxGradNorm) { this.maxGradNorm = maxGradNorm; return this; }

        public Builder lrScaleRange(double min, double max) { this.lrScaleMin = min; this.lrScaleMax = max; return this; }

        public Builder momentumRange(double min, double max) { this.momentumMin = min; this.momentumMax = max; return this; }

        /** Second-moment decay of the adaptive direction (default 0.999, as Adam). */
        public Builder beta2(double beta2) { this.beta2 = beta2; return this; }

        /** Denominator offset of the adaptive direction (default 1e-8, as Adam). */
        public Builder epsilon(double epsilon) { this.epsilon = epsilon; return this; }

        /**
         * true (default): the bundled meta-trained controller; false: the untrained one (lr scale 1, momentum 0.9:
         * Adam(baseLr) in the adaptive direction, momentum SGD in the momentum direction).
         */
        public Builder pretrained(boolean pretrained) { this.pretrained = pretrained; return this; }

        /**
         * The length of the training run in updater steps (iterations: epochs × minibatches per epoch), 0 (the
         * default) when unknown. Controllers on the v3 and v4 feature sets read step / trainingSteps, the fraction of the
         * run done, and can anneal the step towards its end; other feature sets ignore it. Steps past the end count
         * as the end. The bundled v4 controller ({@code featureSet(FeatureSet.V4)}) requires it.
         */
        public Builder trainingSteps(long trainingSteps) { this.trainingSteps = trainingSteps; return this; }

        /**
         * true: a controller per layer, each reading its own layer's gradient and parameter norms and setting its
         * own lr scale and momentum (in the relative direction also its own step relative to that layer's initial
         * RMS, as LARS does per layer); false (the default): one controller for all consecutive layers with this
         * configuration, which DL4J trains as one updater block. A per-layer configuration equals only itself (see
         * {@link Opt2Vec#equals}).
         */
        public Builder perLayer(boolean perLayer) { this.perLayer = perLayer; return this; }

        /**
         * Explicit controller weights, e.g. from meta-training; they win over {@link #pretrained(boolean)}. Their
         * architecture (history length, feature set and count, embedding size, activation) becomes this builder's.
         */
        public Builder weights(Opt2VecWeights weights) {
            this.weights = weights;
            if (weights != null) {
                ControllerArchitecture a = weights.architecture();
                this.historyLength = a.historyLength();
                this.featureSet = a.featureSet();
                this.useExtendedFeatures = a.extendedFeatures();
                this.embeddingDim = a.embeddingDim();
                this.activation = a.activation().configName();
            }
            return this;
        }

        /**
         * A controller that ignores the history: fixed lr scale and momentum at every step (the untrained hidden
         * layers, zero head weights, head biases set to give these outputs). The ablation baseline of meta-training:
         * it shows what reading the history adds. Replaces {@link #weights} and {@link #pretrained}.
         *
         * @throws IllegalArgumentException at {@link #build()} when a value lies outside its configured range
         */
        public Builder constantController(double lrScale, double momentum) {
            this.constantLrScale = lrScale;
            this.constantMomentum = momentum;
            return this;
        }

        private FeatureSet resolvedFeatureSet() {
            return featureSet != null ? featureSet : defaultFeatureSet(direction);
        }

        /** @throws IllegalArgumentException naming the first invalid field */
        public Opt2Vec build() {
            if (!Double.isNaN(constantLrScale) || !Double.isNaN(constantMomentum)) {
                Opt2Vec shape = new Builder().featureSet(resolvedFeatureSet()).embeddingDim(embeddingDim)
                        .historyLength(historyLength).activation(activation).useExtendedFeatures(useExtendedFeatures)
                        .lrScaleRange(lrScaleMin, lrScaleMax).momentumRange(momentumMin, momentumMax)
                        .pretrained(false).build();
                weights = Opt2VecWeights.constant(shape.architecture(), shape.outputMapping(), constantLrScale,
                        constantMomentum);
                constantLrScale = Double.NaN;
                constantMomentum = Double.NaN;
            }
            return new Opt2Vec(this);
        }
    }
}
