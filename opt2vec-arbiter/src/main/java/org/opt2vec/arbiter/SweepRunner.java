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
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;

/** The Arbiter plumbing both sweeps share: generator, termination, runner, incremental output. */
final class SweepRunner {
    private SweepRunner() {
    }

    /**
     * One sweep, ready to run.
     *
     * @param kind        "train-with" or "architecture"
     * @param title       report.md's title
     * @param headerLines what report.md says about the sweep before its table
     * @param artifactOf  where a completed candidate's saved model or weights are, relative to the output directory
     */
    record Plan(String kind, String title, List<String> headerLines, ParameterSpace<?> space, SweepSettings settings,
                ScoreFunction scoreFunction, String scoreName, Class<? extends DataSource> dataSource,
                Properties dataSourceProperties, ResultSaver saver, IntFunction<String> artifactOf,
                List<String> detailColumns) {
    }

    static SweepResult run(Plan p, Function<SweepRecorder, TaskCreator> taskCreatorFactory) throws IOException {
        SweepSettings s = p.settings();
        int planned = s.plannedCandidates(p.space());
        OptimizationConfiguration config = configuration(p, planned);

        Map<String, ParameterSpace<?>> leaves = SpaceNames.searchableLeaves(p.space());
        List<String> header = new ArrayList<>();
        if (s.description() != null) {
            header.add(s.description());
        }
        header.addAll(p.headerLines());
        header.add(s.describe(planned));
        long t0 = System.nanoTime();
        SweepOutput out = new SweepOutput(s.outputDir(), p.title(), header, p.scoreName(),
                p.scoreFunction().minimize(), List.copyOf(leaves.keySet()), p.detailColumns(), s.onCandidate());
        SweepRecorder recorder = new SweepRecorder(out, leaves, p.artifactOf());
        IOptimizationRunner runner = new LocalOptimizationRunner(s.concurrency(), config,
                taskCreatorFactory.apply(recorder));
        runner.addListeners(recorder);
        runner.execute();
        double wall = (System.nanoTime() - t0) / 1e9;
        Double best = runner.bestScore();
        return new SweepResult(p.kind(), p.scoreName(), p.scoreFunction().minimize(), List.copyOf(leaves.keySet()),
                out.records(), s.outputDir(), wall, runner.bestScoreCandidateIndex(), best == null ? Double.NaN : best);
    }

    private static OptimizationConfiguration configuration(Plan p, int planned) {
        SweepSettings s = p.settings();
        List<TerminationCondition> stop = new ArrayList<>();
        stop.add(new MaxCandidatesCondition(planned));
        stop.add(new GeneratorExhausted());
        if (s.maxTime() != null) {
            stop.add(new MaxTimeCondition(Math.max(1, s.maxTime().toMillis()), TimeUnit.MILLISECONDS));
        }
        OptimizationConfiguration.Builder cb = new OptimizationConfiguration.Builder()
                .candidateGenerator(new LimitedGenerator(s.search().generator(p.space()), planned))
                .scoreFunction(p.scoreFunction())
                .terminationConditions(stop)
                .rngSeed(s.seed());
        if (p.dataSource() != null) {
            cb.dataSource(p.dataSource(), p.dataSourceProperties());
        }
        if (p.saver() != null) {
            cb.modelSaver(p.saver());
        }
        return cb.build();
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
