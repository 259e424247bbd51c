package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.opt2vec.dl4j.Opt2Vec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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
public final class ArchitectureSweep {
    public static final List<Integer> DEFAULT_EMBEDDING_DIMS = List.of(32, 64, 128);
    public static final List<Integer> DEFAULT_HISTORY_LENGTHS = List.of(8, 16, 32);
    public static final List<String> DEFAULT_ACTIVATIONS = List.of("gelu", "swish", "relu");

    private final Builder b;
    private final Opt2VecSpace space;

    private ArchitectureSweep(Builder b, Opt2VecSpace space) {
        this.b = b;
        this.space = space;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Opt2VecSpace space() {
        return space;
    }

    /** The number of candidates this sweep will run at most. */
    public int plannedCandidates() {
        return SweepRunner.plannedCandidates(space, b.search, b.maxCandidates);
    }

    /** Runs the sweep in this thread. */
    public SweepResult run() throws IOException {
        Opt2VecWeightsSaver saver = b.saveWeights ? new Opt2VecWeightsSaver(b.outputDir.resolve("weights")) : null;
        HeldOutScoreFunction sf = new HeldOutScoreFunction(b.scorer);
        List<String> header = new ArrayList<>();
        if (b.description != null) {
            header.add(b.description);
        }
        header.add("Space: " + space);
        header.add(b.trainer.describe());
        header.add("Held-out scoring: " + b.scorer.name());
        List<String> details = new ArrayList<>(b.trainer.detailColumns());
        details.addAll(b.scorer.detailColumns());
        SweepRunner.Plan plan = new SweepRunner.Plan("architecture", "Opt2Vec architecture sweep", header, space,
                b.search, b.maxCandidates, b.maxTime, b.seed, b.concurrency, b.outputDir, sf, b.scorer.name(),
                null, null, saver,
                i -> saver == null ? "" : b.outputDir.relativize(saver.weightsFile(i)).toString(),
                details, b.onCandidate);
        return SweepRunner.run(plan, recorder -> new ArchitectureTaskCreator(b.trainer, b.seed, recorder));
    }

    /**
     * The record of Opt2Vec's default architecture (embeddingDim 64, historyLength 16, gelu) in a result, if the
     * sweep ran it.
     */
    public static Optional<SweepRecord> defaultArchitecture(SweepResult r) {
        return r.records().stream().filter(x -> x.completed()
                && String.valueOf(Opt2Vec.DEFAULT_EMBEDDING_DIM).equals(x.parameters().get("embeddingDim"))
                && String.valueOf(Opt2Vec.DEFAULT_HISTORY_LENGTH).equals(x.parameters().get("historyLength"))
                && Opt2Vec.DEFAULT_ACTIVATION.equals(x.parameters().get("activation"))).findFirst();
    }

    public static final class Builder {
        private List<Integer> embeddingDims = DEFAULT_EMBEDDING_DIMS;
        private List<Integer> historyLengths = DEFAULT_HISTORY_LENGTHS;
        private List<String> activations = DEFAULT_ACTIVATIONS;
        private Double baseLr;
        private Opt2VecSpace space;
        private ArchitectureTrainer trainer;
        private HeldOutScorer scorer;
        private Search search = Search.grid();
        private int maxCandidates = -1;
        private Duration maxTime;
        private long seed = 42;
        private int concurrency = 1;
        private Path outputDir;
        private boolean saveWeights = true;
        private Consumer<SweepRecord> onCandidate;
        private String description;

        private Builder() {
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

        /** Grid (default) or random search. */
        public Builder search(Search search) { this.search = search; return this; }

        /** At most this many candidates (required for random search). */
        public Builder maxCandidates(int n) { this.maxCandidates = n; return this; }

        public Builder maxTime(Duration d) { this.maxTime = d; return this; }

        /** Seed of meta-training (shared by all candidates) and of random search (default 42). */
        public Builder seed(long seed) { this.seed = seed; return this; }

        /** Candidates meta-trained at the same time (default 1; the meta-trainer itself uses threads). */
        public Builder concurrency(int n) { this.concurrency = n; return this; }

        public Builder outputDir(Path dir) { this.outputDir = dir; return this; }

        /** Save every candidate's meta-trained weights (default true). */
        public Builder saveWeights(boolean on) { this.saveWeights = on; return this; }

        public Builder onCandidate(Consumer<SweepRecord> c) { this.onCandidate = c; return this; }

        /** A line for the top of report.md, e.g. the command that started the sweep. */
        public Builder description(String d) { this.description = d; return this; }

        /**
         * Checks everything before any candidate runs.
         *
         * @throws IllegalArgumentException naming the problem (e.g. an empty list of embedding dimensions)
         */
        public ArchitectureSweep build() {
            Opt2VecSpace s = space;
            if (s == null) {
                Opt2VecSpace.Builder sb = new Opt2VecSpace.Builder()
                        .embeddingDim(discrete("embeddingDims", embeddingDims))
                        .historyLength(discrete("historyLengths", historyLengths))
                        .activation(discrete("activations", activations));
                if (baseLr != null) {
                    sb.baseLr(baseLr);
                }
                s = sb.build();
            } else {
                s.validate();
            }
            if (s.numParameters() == 0 && search.kind() == Search.Kind.RANDOM) {
                throw new IllegalArgumentException("space: nothing to search (every setting is fixed)");
            }
            if (trainer == null) {
                trainer = MetaTrainerArchitectureTrainer.builder().build();
            }
            if (scorer == null) {
                scorer = HeldOutEvaluationScorer.builder().build();
            }
            SweepRunner.checkRunSettings(search, maxCandidates, concurrency, outputDir, maxTime);
            SpaceChecks.checkSearchSpace(s);
            return new ArchitectureSweep(this, s);
        }

        private static <T> DiscreteParameterSpace<T> discrete(String name, List<T> values) {
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException(name + ": the list is empty; give at least one value");
            }
            return new DiscreteParameterSpace<>(values);
        }
    }
}
