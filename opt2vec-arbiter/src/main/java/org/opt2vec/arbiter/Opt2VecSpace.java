package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.conf.updater.BaseUpdaterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.deeplearning4j.arbiter.util.LeafUtils;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.opt2vec.dl4j.Opt2Vec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An Arbiter {@code ParameterSpace<IUpdater>} of {@link Opt2Vec} configurations, for
 * {@code MultiLayerSpace.Builder.updater(...)}, {@code ComputationGraphSpace.Builder.updater(...)} or a layer
 * space's updater, and as the whole search space of an {@link ArchitectureSweep}.
 *
 * <pre>{@code
 * ParameterSpace<IUpdater> updater = new Opt2VecSpace.Builder()
 *         .baseLr(new ContinuousParameterSpace(1e-3, 1e-1))
 *         .historyLength(new DiscreteParameterSpace<>(8, 16, 32))
 *         .activation("gelu")                       // a fixed value
 *         .build();
 * }</pre>
 *
 * <p>Searchable settings: {@code baseLr}, {@code baseLrSchedule}, {@code embeddingDim}, {@code historyLength} and
 * {@code activation}; each takes a {@link ParameterSpace} or a fixed value, and unset ones keep {@link Opt2Vec}'s
 * defaults. The remaining Opt2Vec settings (extended features, feature normalization, gradient clipping, lr-scale
 * and momentum ranges, pretrained) are fixed values of the space.
 *
 * <p>Like Arbiter's own updater spaces ({@code AdamSpace} …) this is a non-leaf space: {@link #collectLeaves()}
 * reports the leaf spaces of the searchable settings, so Arbiter's grid and random search generators assign their
 * indices and cover them. {@link #setIndices(int...)} distributes indices over the unique leaves (Arbiter's
 * {@code BaseUpdaterSpace.setIndices} forgets to advance its offset, so it is overridden here).
 *
 * <p>{@link Builder#build()} checks the spaces it can inspect — fixed values, discrete, integer and continuous
 * spaces — and fails with a message naming the setting when a space is empty or reaches outside the valid range
 * (embeddingDim in [1, 1024], historyLength in [2, 512], baseLr &gt;= 0, known activations), so a bad space fails
 * before any candidate runs. A discrete space with one value or an integer range with min == max is stored as a
 * {@link FixedValue}: Arbiter's grid search mis-indexes such one-valued leaves.
 *
 * <p>Serializes to and from JSON with Arbiter's {@code JsonMapper} (as part of a {@code MultiLayerSpace.toJson()}),
 * through its fields.
 */
public class Opt2VecSpace extends BaseUpdaterSpace {
    private static final long serialVersionUID = 1L;

    private ParameterSpace<Double> baseLr;
    private ParameterSpace<ISchedule> baseLrSchedule;
    private ParameterSpace<Integer> embeddingDim;
    private ParameterSpace<Integer> historyLength;
    private ParameterSpace<String> activation;

    private boolean useExtendedFeatures = true;
    private boolean normalizeFeatures = true;
    private double maxGradNorm = Opt2Vec.DEFAULT_MAX_GRAD_NORM;
    private double lrScaleMin = Opt2Vec.DEFAULT_LR_SCALE_MIN;
    private double lrScaleMax = Opt2Vec.DEFAULT_LR_SCALE_MAX;
    private double momentumMin = Opt2Vec.DEFAULT_MOMENTUM_MIN;
    private double momentumMax = Opt2Vec.DEFAULT_MOMENTUM_MAX;
    private boolean pretrained = true;

    /** For Jackson (Arbiter's JsonMapper reads fields). */
    private Opt2VecSpace() {
    }

    private Opt2VecSpace(Builder b) {
        this.baseLr = b.baseLr;
        this.baseLrSchedule = b.baseLrSchedule;
        this.embeddingDim = b.embeddingDim;
        this.historyLength = b.historyLength;
        this.activation = b.activation;
        this.useExtendedFeatures = b.useExtendedFeatures;
        this.normalizeFeatures = b.normalizeFeatures;
        this.maxGradNorm = b.maxGradNorm;
        this.lrScaleMin = b.lrScaleMin;
        this.lrScaleMax = b.lrScaleMax;
        this.momentumMin = b.momentumMin;
        this.momentumMax = b.momentumMax;
        this.pretrained = b.pretrained;
    }

    /** A space with every setting fixed at Opt2Vec's defaults (add searchable settings through the builder). */
    public static Builder builder() {
        return new Builder();
    }

    // ---- ParameterSpace ----

    @Override
    public IUpdater getValue(double[] parameterValues) {
        Opt2Vec.Builder b = Opt2Vec.builder()
                .useExtendedFeatures(useExtendedFeatures)
                .normalizeFeatures(normalizeFeatures)
                .maxGradNorm(maxGradNorm)
                .lrScaleRange(lrScaleMin, lrScaleMax)
                .momentumRange(momentumMin, momentumMax)
                .pretrained(pretrained);
        if (baseLr != null) {
            b.baseLr(baseLr.getValue(parameterValues));
        }
        if (baseLrSchedule != null) {
            b.baseLrSchedule(baseLrSchedule.getValue(parameterValues));
        }
        if (embeddingDim != null) {
            b.embeddingDim(embeddingDim.getValue(parameterValues));
        }
        if (historyLength != null) {
            b.historyLength(historyLength.getValue(parameterValues));
        }
        if (activation != null) {
            b.activation(activation.getValue(parameterValues));
        }
        return b.build();
    }

    /** {@link #getValue(double[])} typed as {@link Opt2Vec}. */
    public Opt2Vec getOpt2Vec(double[] parameterValues) {
        return (Opt2Vec) getValue(parameterValues);
    }

    /** The searchable settings that are set, by name, in a stable order. */
    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        putIfSet(m, "baseLr", baseLr);
        putIfSet(m, "baseLrSchedule", baseLrSchedule);
        putIfSet(m, "embeddingDim", embeddingDim);
        putIfSet(m, "historyLength", historyLength);
        putIfSet(m, "activation", activation);
        return m;
    }

    private static void putIfSet(Map<String, ParameterSpace> m, String name, ParameterSpace<?> p) {
        if (p != null) {
            m.put(name, p);
        }
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> out = new ArrayList<>();
        for (ParameterSpace p : getNestedSpaces().values()) {
            out.addAll(p.collectLeaves());
        }
        return out;
    }

    @Override
    public int numParameters() {
        int n = 0;
        for (ParameterSpace p : LeafUtils.getUniqueObjects(collectLeaves())) {
            n += p.numParameters();
        }
        return n;
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        int soFar = 0;
        for (ParameterSpace p : LeafUtils.getUniqueObjects(collectLeaves())) {
            int n = p.numParameters();
            if (n <= 0) {
                continue;
            }
            if (indices == null || soFar + n > indices.length) {
                throw new IllegalArgumentException("Opt2VecSpace: expected " + numParameters() + " indices, got "
                        + (indices == null ? 0 : indices.length));
            }
            p.setIndices(Arrays.copyOfRange(indices, soFar, soFar + n));
            soFar += n;
        }
    }

    /**
     * Checks every setting as {@link Builder#build()} does; for spaces read back from JSON or assembled otherwise.
     *
     * @throws IllegalArgumentException naming the setting and the problem
     */
    public Opt2VecSpace validate() {
        SpaceChecks.checkDouble("baseLr", baseLr, 0, Double.MAX_VALUE);
        SpaceChecks.checkInt("embeddingDim", embeddingDim, 1, Opt2Vec.MAX_EMBEDDING_DIM);
        SpaceChecks.checkInt("historyLength", historyLength, 2, Opt2Vec.MAX_HISTORY_LENGTH);
        SpaceChecks.checkActivation("activation", activation);
        SpaceChecks.checkNotEmpty("baseLrSchedule", baseLrSchedule);
        try {
            // The fixed settings: let Opt2Vec's own validation speak.
            Opt2Vec.builder().useExtendedFeatures(useExtendedFeatures).normalizeFeatures(normalizeFeatures)
                    .maxGradNorm(maxGradNorm).lrScaleRange(lrScaleMin, lrScaleMax)
                    .momentumRange(momentumMin, momentumMax).pretrained(pretrained).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Opt2VecSpace: " + e.getMessage(), e);
        }
        return this;
    }

    // ---- getters ----

    public ParameterSpace<Double> getBaseLr() { return baseLr; }
    public ParameterSpace<ISchedule> getBaseLrSchedule() { return baseLrSchedule; }
    public ParameterSpace<Integer> getEmbeddingDim() { return embeddingDim; }
    public ParameterSpace<Integer> getHistoryLength() { return historyLength; }
    public ParameterSpace<String> getActivation() { return activation; }
    public boolean isUseExtendedFeatures() { return useExtendedFeatures; }
    public boolean isNormalizeFeatures() { return normalizeFeatures; }
    public double getMaxGradNorm() { return maxGradNorm; }
    public double getLrScaleMin() { return lrScaleMin; }
    public double getLrScaleMax() { return lrScaleMax; }
    public double getMomentumMin() { return momentumMin; }
    public double getMomentumMax() { return momentumMax; }
    public boolean isPretrained() { return pretrained; }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Opt2VecSpace s)) {
            return false;
        }
        return Objects.equals(baseLr, s.baseLr) && Objects.equals(baseLrSchedule, s.baseLrSchedule)
                && Objects.equals(embeddingDim, s.embeddingDim) && Objects.equals(historyLength, s.historyLength)
                && Objects.equals(activation, s.activation) && useExtendedFeatures == s.useExtendedFeatures
                && normalizeFeatures == s.normalizeFeatures && Double.compare(maxGradNorm, s.maxGradNorm) == 0
                && Double.compare(lrScaleMin, s.lrScaleMin) == 0 && Double.compare(lrScaleMax, s.lrScaleMax) == 0
                && Double.compare(momentumMin, s.momentumMin) == 0 && Double.compare(momentumMax, s.momentumMax) == 0
                && pretrained == s.pretrained;
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseLr, baseLrSchedule, embeddingDim, historyLength, activation, useExtendedFeatures,
                normalizeFeatures, maxGradNorm, lrScaleMin, lrScaleMax, momentumMin, momentumMax, pretrained);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Opt2VecSpace(");
        getNestedSpaces().forEach((k, v) -> sb.append(k).append('=').append(v).append(", "));
        return sb.append("useExtendedFeatures=").append(useExtendedFeatures)
                .append(", normalizeFeatures=").append(normalizeFeatures)
                .append(", maxGradNorm=").append(maxGradNorm)
                .append(", lrScaleRange=[").append(lrScaleMin).append(", ").append(lrScaleMax)
                .append("], momentumRange=[").append(momentumMin).append(", ").append(momentumMax)
                .append("], pretrained=").append(pretrained).append(')').toString();
    }

    /** Builder; unset searchable settings keep Opt2Vec's defaults. {@link #build()} validates. */
    public static final class Builder {
        private ParameterSpace<Double> baseLr;
        private ParameterSpace<ISchedule> baseLrSchedule;
        private ParameterSpace<Integer> embeddingDim;
        private ParameterSpace<Integer> historyLength;
        private ParameterSpace<String> activation;
        private boolean useExtendedFeatures = true;
        private boolean normalizeFeatures = true;
        private double maxGradNorm = Opt2Vec.DEFAULT_MAX_GRAD_NORM;
        private double lrScaleMin = Opt2Vec.DEFAULT_LR_SCALE_MIN;
        private double lrScaleMax = Opt2Vec.DEFAULT_LR_SCALE_MAX;
        private double momentumMin = Opt2Vec.DEFAULT_MOMENTUM_MIN;
        private double momentumMax = Opt2Vec.DEFAULT_MOMENTUM_MAX;
        private boolean pretrained = true;

        public Builder() {
        }

        public Builder baseLr(ParameterSpace<Double> space) { this.baseLr = space; return this; }
        public Builder baseLr(double value) { return baseLr(new FixedValue<>(value)); }

        /** A space of DL4J schedules for the base learning rate (e.g. Arbiter's {@code StepScheduleSpace}). */
        public Builder baseLrSchedule(ParameterSpace<ISchedule> space) { this.baseLrSchedule = space; return this; }
        public Builder baseLrSchedule(ISchedule value) { return baseLrSchedule(new FixedValue<>(value)); }

        public Builder embeddingDim(ParameterSpace<Integer> space) { this.embeddingDim = space; return this; }
        public Builder embeddingDim(int value) { return embeddingDim(new FixedValue<>(value)); }

        public Builder historyLength(ParameterSpace<Integer> space) { this.historyLength = space; return this; }
        public Builder historyLength(int value) { return historyLength(new FixedValue<>(value)); }

        /** A space of activation names: "gelu", "swish", "relu", "tanh". */
        public Builder activation(ParameterSpace<String> space) { this.activation = space; return this; }
        public Builder activation(String value) { return activation(new FixedValue<>(value)); }

        public Builder useExtendedFeatures(boolean on) { this.useExtendedFeatures = on; return this; }
        public Builder normalizeFeatures(boolean on) { this.normalizeFeatures = on; return this; }
        public Builder maxGradNorm(double maxGradNorm) { this.maxGradNorm = maxGradNorm; return this; }
        public Builder lrScaleRange(double min, double max) { this.lrScaleMin = min; this.lrScaleMax = max; return this; }
        public Builder momentumRange(double min, double max) { this.momentumMin = min; this.momentumMax = max; return this; }
        public Builder pretrained(boolean pretrained) { this.pretrained = pretrained; return this; }

        /**
         * @throws IllegalArgumentException naming the first bad setting (e.g. an empty discrete space, or an
         *                                  embeddingDim range reaching 0 or below)
         */
        public Opt2VecSpace build() {
            baseLr = SpaceChecks.collapse(baseLr);
            embeddingDim = SpaceChecks.collapse(embeddingDim);
            historyLength = SpaceChecks.collapse(historyLength);
            activation = SpaceChecks.collapse(activation);
            baseLrSchedule = SpaceChecks.collapse(baseLrSchedule);
            return new Opt2VecSpace(this).validate();
        }
    }
}
