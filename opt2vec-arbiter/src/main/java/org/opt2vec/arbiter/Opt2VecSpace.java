package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.conf.updater.BaseUpdaterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.util.LeafUtils;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.opt2vec.dl4j.BundledWeights;
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
 * ParameterSpace<IUpdater> updater = Opt2VecSpace.builder(new Opt2Vec.Builder().maxGradNorm(5).build())
 *         .baseLr(new ContinuousParameterSpace(1e-3, 1e-1))
 *         .historyLength(new DiscreteParameterSpace<>(8, 16, 32))
 *         .activation("gelu")                       // a fixed value
 *         .build();
 * }</pre>
 *
 * <p>A space is an Opt2Vec <em>template</em> plus parameter spaces for the searchable settings: {@code baseLr},
 * {@code baseLrSchedule}, {@code embeddingDim}, {@code historyLength} and {@code activation}. Each candidate is
 * {@code template.toBuilder()} with the values the search chose for the settings that have a space; every other
 * setting (extended features, feature normalization, gradient clipping, lr-scale and momentum ranges, pretrained)
 * is the template's. The template defaults to {@code new Opt2Vec()}. A template with explicit weights fixes the
 * architecture, so it cannot be combined with spaces over embeddingDim, historyLength or activation.
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
 * through its fields: the spaces and the template (an {@code IUpdater}, written as DL4J writes it in network JSON).
 */
public class Opt2VecSpace extends BaseUpdaterSpace {
    private static final long serialVersionUID = 1L;

    private Opt2Vec template;
    private ParameterSpace<Double> baseLr;
    private ParameterSpace<ISchedule> baseLrSchedule;
    private ParameterSpace<Integer> embeddingDim;
    private ParameterSpace<Integer> historyLength;
    private ParameterSpace<String> activation;

    /** For Jackson (Arbiter's JsonMapper reads fields). */
    private Opt2VecSpace() {
    }

    private Opt2VecSpace(Builder b, Opt2Vec template) {
        this.template = template;
        this.baseLr = SpaceChecks.collapse(b.baseLr);
        this.baseLrSchedule = SpaceChecks.collapse(b.baseLrSchedule);
        this.embeddingDim = SpaceChecks.collapse(b.embeddingDim);
        this.historyLength = SpaceChecks.collapse(b.historyLength);
        this.activation = SpaceChecks.collapse(b.activation);
    }

    /** A space whose settings are those of {@code new Opt2Vec()} until the builder gives them a space. */
    public static Builder builder() {
        return new Builder();
    }

    /** A space whose settings are the template's until the builder gives them a space. */
    public static Builder builder(Opt2Vec template) {
        return new Builder(template);
    }

    // ---- ParameterSpace ----

    @Override
    public IUpdater getValue(double[] parameterValues) {
        Opt2Vec.Builder b = template.toBuilder();
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
        return untrainedWhereNoneShips(b, template.isPretrained());
    }

    /**
     * A pretrained candidate whose architecture ships no meta-trained controller runs the untrained one: a search
     * over architectures compares them as they can be had. Sweep reports say which candidates this applies to.
     */
    static Opt2Vec untrainedWhereNoneShips(Opt2Vec.Builder b, boolean wanted) {
        Opt2Vec untrained = b.pretrained(false).build();
        return wanted && untrained.getWeights() == null
                && BundledWeights.find(untrained.architecture(), untrained.getDirection()).isPresent()
                ? untrained.toBuilder().pretrained(true).build() : untrained;
    }

    /** {@link #getValue(double[])} typed as {@link Opt2Vec}. */
    public Opt2Vec getOpt2Vec(double[] parameterValues) {
        return (Opt2Vec) getValue(parameterValues);
    }

    /** The searchable settings that have a space, by name, in a stable order. */
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
     * Checks every space as {@link Builder#build()} does; for spaces read back from JSON or assembled otherwise.
     *
     * @throws IllegalArgumentException naming the setting and the problem
     */
    public Opt2VecSpace validate() {
        if (template == null) {
            throw new IllegalArgumentException("Opt2VecSpace: no template");
        }
        SpaceChecks.checkDouble("baseLr", baseLr, 0, Double.MAX_VALUE);
        SpaceChecks.checkInt("embeddingDim", embeddingDim, 1, Opt2Vec.MAX_EMBEDDING_DIM);
        SpaceChecks.checkInt("historyLength", historyLength, 2, Opt2Vec.MAX_HISTORY_LENGTH);
        SpaceChecks.checkActivation("activation", activation);
        SpaceChecks.checkNotEmpty("baseLrSchedule", baseLrSchedule);
        if (template.getWeights() != null && (embeddingDim != null || historyLength != null || activation != null)) {
            throw new IllegalArgumentException("template: its explicit weights fix the architecture ("
                    + template.architecture() + "); drop the weights or the spaces over embeddingDim, "
                    + "historyLength and activation");
        }
        return this;
    }

    // ---- getters ----

    /** The configuration every candidate starts from. */
    public Opt2Vec getTemplate() { return template; }
    public ParameterSpace<Double> getBaseLr() { return baseLr; }
    public ParameterSpace<ISchedule> getBaseLrSchedule() { return baseLrSchedule; }
    public ParameterSpace<Integer> getEmbeddingDim() { return embeddingDim; }
    public ParameterSpace<Integer> getHistoryLength() { return historyLength; }
    public ParameterSpace<String> getActivation() { return activation; }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Opt2VecSpace s && Objects.equals(template, s.template)
                && getNestedSpaces().equals(s.getNestedSpaces());
    }

    @Override
    public int hashCode() {
        return Objects.hash(template, getNestedSpaces());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Opt2VecSpace(");
        getNestedSpaces().forEach((k, v) -> sb.append(k).append('=').append(v).append(", "));
        return sb.append("template=").append(template).append(')').toString();
    }

    /**
     * Builder: a parameter space (or a fixed value) for each searchable setting; every other setting comes from the
     * template. The fixed-setting methods ({@link #maxGradNorm(double)} …) change the template. {@link #build()}
     * validates.
     */
    public static final class Builder {
        private final Opt2Vec.Builder template;
        private ParameterSpace<Double> baseLr;
        private ParameterSpace<ISchedule> baseLrSchedule;
        private ParameterSpace<Integer> embeddingDim;
        private ParameterSpace<Integer> historyLength;
        private ParameterSpace<String> activation;

        /** Starts from {@code new Opt2Vec()}. */
        public Builder() {
            this(new Opt2Vec());
        }

        /** Starts from the template's settings. */
        public Builder(Opt2Vec template) {
            this.template = Objects.requireNonNull(template, "template").toBuilder();
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

        public Builder useExtendedFeatures(boolean on) { template.useExtendedFeatures(on); return this; }
        public Builder normalizeFeatures(boolean on) { template.normalizeFeatures(on); return this; }
        public Builder maxGradNorm(double maxGradNorm) { template.maxGradNorm(maxGradNorm); return this; }
        public Builder lrScaleRange(double min, double max) { template.lrScaleRange(min, max); return this; }
        public Builder momentumRange(double min, double max) { template.momentumRange(min, max); return this; }
        public Builder pretrained(boolean pretrained) { template.pretrained(pretrained); return this; }

        /**
         * @throws IllegalArgumentException naming the first bad setting (e.g. an empty discrete space, an
         *                                  embeddingDim range reaching 0 or below, an invalid template setting)
         */
        public Opt2VecSpace build() {
            Opt2Vec t;
            try {
                t = template.build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Opt2VecSpace: " + e.getMessage(), e);
            }
            return new Opt2VecSpace(this, t).validate();
        }
    }
}
