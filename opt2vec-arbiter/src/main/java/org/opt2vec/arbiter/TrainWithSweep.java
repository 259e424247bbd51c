package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.ComputationGraphSpace;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.saver.local.FileModelSaver;
import org.deeplearning4j.arbiter.task.ComputationGraphTaskCreator;
import org.deeplearning4j.arbiter.task.MultiLayerNetworkTaskCreator;
import org.deeplearning4j.arbiter.task.TaskListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A "train-with" sweep: an ordinary Arbiter search over a DL4J network space whose updater (or a layer's updater)
 * is an {@link Opt2VecSpace}, scored by one of Arbiter's score functions.
 *
 * <pre>{@code
 * MultiLayerSpace space = new MultiLayerSpace.Builder()
 *         .updater(new Opt2VecSpace.Builder()
 *                 .baseLr(new ContinuousParameterSpace(1e-3, 1e-1))
 *                 .historyLength(new DiscreteParameterSpace<>(8, 16, 32)).build())
 *         .addLayer(...).numEpochs(2).build();
 * SweepResult r = TrainWithSweep.builder()
 *         .space(space)
 *         .dataSource(MyDataSource.class, props)
 *         .scoreFunction(new EvaluationScoreFunction(Evaluation.Metric.ACCURACY))
 *         .search(Search.random()).maxCandidates(20)
 *         .outputDir(Path.of("sweep-out"))
 *         .build().run();
 * }</pre>
 *
 * <p>Every candidate network gets the {@code Opt2VecListener} through {@link Opt2VecTaskListener}. As candidates
 * finish, {@code results.csv}, {@code report.md} and {@code scores.png} in the output directory are updated, and
 * each candidate's trained network is saved by Arbiter's {@link FileModelSaver} under {@code models/<index>/}.
 * The space is checked before the first candidate runs (empty discrete spaces, Opt2Vec settings out of range).
 */
public final class TrainWithSweep {
    private final Builder b;

    private TrainWithSweep(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The number of candidates this sweep will run at most. */
    public int plannedCandidates() {
        return SweepRunner.plannedCandidates(b.space, b.search, b.maxCandidates);
    }

    /**
     * Runs the search in this thread; returns when every planned candidate finished or maxTime passed.
     *
     * @throws IOException when the output directory cannot be written
     */
    public SweepResult run() throws IOException {
        Path models = b.saveModels ? Files.createDirectories(b.outputDir.resolve("models")) : null;
        boolean graph = b.space instanceof ComputationGraphSpace;
        TaskListener tl = new Opt2VecTaskListener(b.taskListener);
        List<String> header = new ArrayList<>();
        if (b.description != null) {
            header.add(b.description);
        }
        header.add("Network space: " + (graph ? "ComputationGraphSpace" : "MultiLayerSpace") + ", data: "
                + b.dataSource.getName());
        for (Opt2VecSpace s : SpaceNames.opt2VecSpaces(b.space)) {
            header.add("Opt2Vec space: " + s);
        }
        SweepRunner.Plan plan = new SweepRunner.Plan("train-with", "Opt2Vec train-with sweep", header, b.space,
                b.search, b.maxCandidates, b.maxTime, b.seed, b.concurrency, b.outputDir, b.scoreFunction,
                b.scoreFunction.toString(), b.dataSource, b.dataSourceProperties,
                models == null ? null : new FileModelSaver(models.toFile()),
                i -> models == null ? "" : b.outputDir.relativize(models.resolve(Integer.toString(i))
                        .resolve("model.bin")).toString(),
                List.of(), b.onCandidate);
        return SweepRunner.run(plan, recorder -> {
            TaskCreator tc = graph ? new ComputationGraphTaskCreator(null, tl) : new MultiLayerNetworkTaskCreator(null, tl);
            return tc;
        });
    }

    public static final class Builder {
        private ParameterSpace<?> space;
        private Class<? extends DataSource> dataSource;
        private Properties dataSourceProperties;
        private ScoreFunction scoreFunction;
        private Search search = Search.random();
        private int maxCandidates = -1;
        private Duration maxTime;
        private long seed = 12345;
        private int concurrency = 1;
        private Path outputDir;
        private boolean saveModels = true;
        private TaskListener taskListener;
        private Consumer<SweepRecord> onCandidate;
        private String description;

        private Builder() {
        }

        public Builder space(MultiLayerSpace space) { this.space = space; return this; }
        public Builder space(ComputationGraphSpace space) { this.space = space; return this; }

        /** Arbiter's DataSource: a class with a public no-argument constructor, configured with the properties. */
        public Builder dataSource(Class<? extends DataSource> dataSource, Properties properties) {
            this.dataSource = dataSource;
            this.dataSourceProperties = properties;
            return this;
        }

        /** One of Arbiter's score functions, e.g. {@code EvaluationScoreFunction}, {@code TestSetLossScoreFunction}. */
        public Builder scoreFunction(ScoreFunction scoreFunction) { this.scoreFunction = scoreFunction; return this; }

        /** Grid or random search (default random). */
        public Builder search(Search search) { this.search = search; return this; }

        /** At most this many candidates (required for random search; grid search defaults to the whole grid). */
        public Builder maxCandidates(int n) { this.maxCandidates = n; return this; }

        /** Stop starting candidates after this time (running ones finish). */
        public Builder maxTime(Duration maxTime) { this.maxTime = maxTime; return this; }

        public Builder seed(long seed) { this.seed = seed; return this; }

        /** Candidates trained at the same time (default 1). */
        public Builder concurrency(int n) { this.concurrency = n; return this; }

        /** Where results.csv, report.md, scores.png and models/ go. */
        public Builder outputDir(Path dir) { this.outputDir = dir; return this; }

        /** Save every candidate's trained network with Arbiter's FileModelSaver (default true). */
        public Builder saveModels(boolean on) { this.saveModels = on; return this; }

        /** Another Arbiter TaskListener, run after the Opt2VecListener has been attached. */
        public Builder taskListener(TaskListener l) { this.taskListener = l; return this; }

        /** Called as each candidate finishes (after its row is written), e.g. to print progress. */
        public Builder onCandidate(Consumer<SweepRecord> c) { this.onCandidate = c; return this; }

        /** A line for the top of report.md, e.g. the command that started the sweep. */
        public Builder description(String d) { this.description = d; return this; }

        /**
         * Checks the settings and the space (no empty discrete space, every Opt2VecSpace in range).
         *
         * @throws IllegalArgumentException naming the problem
         */
        public TrainWithSweep build() {
            if (space == null) {
                throw new IllegalArgumentException("space: set a MultiLayerSpace or ComputationGraphSpace");
            }
            if (dataSource == null) {
                throw new IllegalArgumentException("dataSource: set an Arbiter DataSource class");
            }
            try {
                dataSource.getConstructor();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("dataSource: " + dataSource.getName()
                        + " needs a public no-argument constructor");
            }
            if (scoreFunction == null) {
                throw new IllegalArgumentException("scoreFunction: set an Arbiter ScoreFunction");
            }
            SweepRunner.checkRunSettings(search, maxCandidates, concurrency, outputDir, maxTime);
            SpaceChecks.checkSearchSpace(space);
            return new TrainWithSweep(this);
        }
    }
}
