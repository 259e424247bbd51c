package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.opt2vec.dl4j.Opt2Vec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An "architecture" sweep: for each candidate Opt2Vec architecture — by default embeddingDim ∈ {32, 64, 128} ×
 * historyLength ∈ {8, 16, 32} × activation ∈ {gelu, swish, relu} — meta-train its controller with a fixed budget
 * ({@link ArchitectureTrainer}), then score it on held-out tasks ({@link HeldOutScorer}). Runs on Arbiter: the space
 * is an {@link Opt2VecSpace}, candidates come from Arbiter's grid or random search generator, the meta-trained
 * weights are saved by {@link Opt2VecWeightsSaver} under {@code weights/<index>/}, and results.csv, report.md and
 * scores.png are updated as each candidate finishes.
 *
 * <pre>{@code
 * SweepResult r = ArchitectureSweep.builder()
 *         .trainer(MetaTrainerArchitectureTrainer.builder().metaSteps(10).build())
 *         .scorer(HeldOutEvaluationScorer.builder().build())
 *         .outputDir(Path.of("arch-sweep"))
 *         .build().run();
 * }</pre>
 */
public final class ArchitectureSweep extends Sweep {
    public static final List<Integer> DEFAULT_EMBEDDING_DIMS = List.of(32, 64, 128);
    public static final List<Integer> DEFAULT_HISTORY_LENGTHS = List.of(8, 16, 32);
    public static final List<String> DEFAULT_ACTIVATIONS = List.of("gelu", "swish", "relu");
    /** The detail column naming each candidate's controller architecture, e.g. {@code h16-f7-e64-gelu}. */
    public static final String ARCHITECTURE_COLUMN = "architecture";

    private final Opt2VecSpace space;
    private final ArchitectureTrainer trainer;
    private final HeldOutScorer scorer;
    private final boolean saveWeights;

    private ArchitectureSweep(Builder b, Opt2VecSpace space, SweepSettings settings) {
        super(space, settings);
        this.space = space;
        this.trainer = b.trainer;
        this.scorer = b.scorer;
        this.saveWeights = b.saveWeights;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Opt2VecSpace space() {
        return space;
    }

    @Override
    public SweepResult run() throws IOException {
        Path out = settings().outputDir();
        Opt2VecWeightsSaver saver = saveWeights ? new Opt2VecWeightsSaver(out.resolve("weights")) : null;
        List<String> header = List.of("Space: " + space, trainer.describe(), "Held-out scoring: " + scorer.name());
        List<String> details = new ArrayList<>(List.of(ARCHITECTURE_COLUMN));
        details.addAll(trainer.detailColumns());
        details.addAll(scorer.detailColumns());
        SweepRunner.Plan plan = new SweepRunner.Plan("architecture", "Opt2Vec architecture sweep", header, space,
                settings(), new HeldOutScoreFunction(scorer), scorer.name(), null, null, saver,
                i -> saver == null ? "" : out.relativize(saver.weightsFile(i)).toString(), details);
        return SweepRunner.run(plan, recorder -> new ArchitectureTaskCreator(trainer, settings().seed(), recorder));
    }

    /**
     * The record of Opt2Vec's default architecture ({@code new Opt2Vec().architecture()}: embeddingDim 64,
     * historyLength 16, gelu, extended features) in a result, if the sweep ran it.
     */
    public static Optional<SweepRecord> defaultArchitecture(SweepResult r) {
        String key = new Opt2Vec().architecture().key();
        return r.records().stream()
                .filter(x -> x.completed() && key.equals(x.details().get(ARCHITECTURE_COLUMN)))
                .findFirst();
    }

    /**
     * Builder; the run settings (search, budget, seed, output …) are {@link SweepBuilder}'s. Defaults: grid search,
     * seed 42 (the seed of meta-training, shared by all candidates, and of random search).
     */
    public static final class Builder extends SweepBuilder<Builder> {
        private List<Integer> embeddingDims = DEFAULT_EMBEDDING_DIMS;
        private List<Integer> historyLengths = DEFAULT_HISTORY_LENGTHS;
        private List<String> activations = DEFAULT_ACTIVATIONS;
        private Double baseLr;
        private Opt2VecSpace space;
        private ArchitectureTrainer trainer;
        private HeldOutScorer scorer;
        private boolean saveWeights = true;

        private Builder() {
            super(Search.grid(), 42);
        }

        public Builder embeddingDims(Integer... dims) { this.embeddingDims = Arrays.asList(dims); return this; }
        public Builder embeddingDims(List<Integer> dims) { this.embeddingDims = dims; return this; }
        public Builder historyLengths(Integer... lengths) { this.historyLengths = Arrays.asList(lengths); return this; }
        public Builder historyLengths(List<Integer> lengths) { this.historyLengths = lengths; return this; }
        public Builder activations(String... names) { this.activations = Arrays.asList(names); return this; }
        public Builder activations(List<String> names) { this.activations = names; return this; }

        /** Base learning rate of every candidate (default: Opt2Vec's). */
        public Builder baseLr(double lr) { this.baseLr = lr; return this; }

        /** A whole Opt2VecSpace instead of the three lists (overrides them). */
        public Builder space(Opt2VecSpace space) { this.space = space; return this; }

        /** Meta-training of a candidate (default {@link MetaTrainerArchitectureTrainer} with its defaults). */
        public Builder trainer(ArchitectureTrainer trainer) { this.trainer = trainer; return this; }

        /** Held-out scoring (default {@link HeldOutEvaluationScorer}: Opt2Vec's held-out evaluation suite). */
        public Builder scorer(HeldOutScorer scorer) { this.scorer = scorer; return this; }

        /** Save every candidate's meta-trained weights (default true). */
        public Builder saveWeights(boolean on) { this.saveWeights = on; return this; }

        /**
         * Checks everything before any candidate runs.
         *
         * @throws IllegalArgumentException naming the problem (e.g. an empty list of embedding dimensions)
         */
        public ArchitectureSweep build() {
            Opt2VecSpace s = space != null ? space.validate() : listSpace();
            SweepSettings settings = settings();
            if (s.numParameters() == 0 && settings.search().kind() == Search.Kind.RANDOM) {
                throw new IllegalArgumentException("space: nothing to search (every setting is fixed)");
            }
            if (trainer == null) {
                trainer = MetaTrainerArchitectureTrainer.builder().build();
            }
            if (scorer == null) {
                scorer = HeldOutEvaluationScorer.builder().build();
            }
            SpaceChecks.checkSearchSpace(s);
            return new ArchitectureSweep(this, s, settings);
        }

        private Opt2VecSpace listSpace() {
            Opt2VecSpace.Builder sb = new Opt2VecSpace.Builder()
                    .embeddingDim(discrete("embeddingDims", embeddingDims))
                    .historyLength(discrete("historyLengths", historyLengths))
                    .activation(discrete("activations", activations));
            if (baseLr != null) {
                sb.baseLr(baseLr);
            }
            return sb.build();
        }

        private static <T> DiscreteParameterSpace<T> discrete(String name, List<T> values) {
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException(name + ": the list is empty; give at least one value");
            }
            return new DiscreteParameterSpace<>(values);
        }
    }
}
