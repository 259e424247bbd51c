package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/** The Arbiter plumbing both sweeps share: generator, termination, runner, incremental output. */
final class SweepRunner {
    private SweepRunner() {
    }

    record Plan(String kind, String title, List<String> headerLines, ParameterSpace<?> space, Search search,
                int maxCandidates, Duration maxTime, long seed, int concurrency, Path outputDir,
                ScoreFunction scoreFunction, String scoreName, Class<? extends DataSource> dataSource,
                Properties dataSourceProperties, ResultSaver saver, IntFunction<String> artifactOf,
                List<String> detailColumns, Consumer<SweepRecord> onRecord) {
    }

    /** Candidates the plan will run at most: the grid's size for grid search, capped by maxCandidates. */
    static int plannedCandidates(ParameterSpace<?> space, Search search, int maxCandidates) {
        if (search.kind() == Search.Kind.GRID) {
            int total = ((GridSearchCandidateGenerator) search.generator(space)).getTotalNumCandidates();
            return maxCandidates > 0 ? Math.min(total, maxCandidates) : total;
        }
        return maxCandidates;
    }

    /**
     * Checks the settings every sweep shares, before any candidate runs.
     *
     * @throws IllegalArgumentException naming the setting
     */
    static void checkRunSettings(Search search, int maxCandidates, int concurrency, Path outputDir, Duration maxTime) {
        Objects.requireNonNull(search, "search");
        if (search.kind() == Search.Kind.RANDOM && maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates: random search needs maxCandidates >= 1, was "
                    + maxCandidates);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: must be >= 1, was " + concurrency);
        }
        if (outputDir == null) {
            throw new IllegalArgumentException("outputDir: set where the results go");
        }
        if (maxTime != null && (maxTime.isNegative() || maxTime.isZero())) {
            throw new IllegalArgumentException("maxTime: must be positive, was " + maxTime);
        }
    }

    static SweepResult run(Plan p, Function<SweepRecorder, TaskCreator> taskCreatorFactory) throws IOException {
        CandidateGenerator inner = p.search().generator(p.space());
        int planned = p.search().kind() == Search.Kind.GRID
                ? Math.min(((GridSearchCandidateGenerator) inner).getTotalNumCandidates(),
                p.maxCandidates() > 0 ? p.maxCandidates() : Integer.MAX_VALUE)
                : p.maxCandidates();
        if (planned < 1) {
            throw new IllegalArgumentException("maxCandidates: random search needs maxCandidates >= 1");
        }
        CandidateGenerator generator = new LimitedGenerator(inner, planned);
        List<TerminationCondition> stop = new ArrayList<>();
        stop.add(new MaxCandidatesCondition(planned));
        stop.add(new GeneratorExhausted());
        if (p.maxTime() != null) {
            stop.add(new MaxTimeCondition(Math.max(1, p.maxTime().toMillis()), TimeUnit.MILLISECONDS));
        }
        OptimizationConfiguration.Builder cb = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator)
                .scoreFunction(p.scoreFunction())
                .terminationConditions(stop)
                .rngSeed(p.seed());
        if (p.dataSource() != null) {
            cb.dataSource(p.dataSource(), p.dataSourceProperties());
        }
        if (p.saver() != null) {
            cb.modelSaver(p.saver());
        }
        OptimizationConfiguration config = cb.build();

        Map<String, ParameterSpace<?>> leaves = SpaceNames.searchableLeaves(p.space());
        List<String> header = new ArrayList<>(p.headerLines());
        header.add("Search: " + p.search() + ", " + planned + " candidate(s) planned, seed " + p.seed()
                + ", " + p.concurrency() + " concurrent");
        long t0 = System.nanoTime();
        try (SweepOutput out = new SweepOutput(p.outputDir(), p.title(), header, p.scoreName(),
                p.scoreFunction().minimize(), List.copyOf(leaves.keySet()), p.detailColumns(), p.onRecord())) {
            SweepRecorder recorder = new SweepRecorder(out, leaves, p.artifactOf());
            IOptimizationRunner runner = new LocalOptimizationRunner(p.concurrency(), config,
                    taskCreatorFactory.apply(recorder));
            runner.addListeners(recorder);
            runner.execute();
            double wall = (System.nanoTime() - t0) / 1e9;
            Double best = runner.bestScore();
            return new SweepResult(p.kind(), p.scoreName(), p.scoreFunction().minimize(),
                    List.copyOf(leaves.keySet()), out.records(), p.outputDir(), wall,
                    runner.bestScoreCandidateIndex(), best == null ? Double.NaN : best);
        }
    }

    /** Hands out at most {@code limit} candidates, so concurrent runners do not start extra ones. */
    static final class LimitedGenerator implements CandidateGenerator {
        private final CandidateGenerator inner;
        private final int limit;
        private int given;

        LimitedGenerator(CandidateGenerator inner, int limit) {
            this.inner = inner;
            this.limit = limit;
        }

        @Override
        public synchronized boolean hasMoreCandidates() {
            return given < limit && inner.hasMoreCandidates();
        }

        @Override
        public synchronized Candidate getCandidate() {
            given++;
            return inner.getCandidate();
        }

        @Override
        public void reportResults(OptimizationResult result) {
            inner.reportResults(result);
        }

        @Override
        public ParameterSpace<?> getParameterSpace() {
            return inner.getParameterSpace();
        }

        @Override
        public void setRngSeed(long rngSeed) {
            inner.setRngSeed(rngSeed);
        }

        @Override
        public Class<?> getCandidateType() {
            return inner.getCandidateType();
        }
    }

    /** Stops when the generator has nothing more and nothing is running (Arbiter would otherwise spin). */
    static final class GeneratorExhausted implements TerminationCondition {
        @Override
        public void initialize(IOptimizationRunner runner) {
        }

        @Override
        public boolean terminate(IOptimizationRunner runner) {
            return !runner.getConfiguration().getCandidateGenerator().hasMoreCandidates()
                    && runner.numCandidatesQueued() == 0;
        }

        @Override
        public String toString() {
            return "GeneratorExhausted";
        }
    }
}
