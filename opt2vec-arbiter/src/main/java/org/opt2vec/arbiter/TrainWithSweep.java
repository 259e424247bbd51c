package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.ComputationGraphSpace;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.saver.local.FileModelSaver;
import org.deeplearning4j.arbiter.task.ComputationGraphTaskCreator;
import org.deeplearning4j.arbiter.task.MultiLayerNetworkTaskCreator;
import org.deeplearning4j.arbiter.task.TaskListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

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
public final class TrainWithSweep extends Sweep {
    private final ParameterSpace<?> space;
    private final Class<? extends DataSource> dataSource;
    private final Properties dataSourceProperties;
    private final ScoreFunction scoreFunction;
    private final boolean saveModels;
    private final TaskListener taskListener;

    private TrainWithSweep(Builder b, SweepSettings settings) {
        super(b.space, settings);
        this.space = b.space;
        this.dataSource = b.dataSource;
        this.dataSourceProperties = b.dataSourceProperties;
        this.scoreFunction = b.scoreFunction;
        this.saveModels = b.saveModels;
        this.taskListener = b.taskListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SweepResult run() throws IOException {
        Path out = settings().outputDir();
        Path models = saveModels ? Files.createDirectories(out.resolve("models")) : null;
        boolean graph = space instanceof ComputationGraphSpace;
        TaskListener tl = new Opt2VecTaskListener(taskListener);
        List<String> header = new ArrayList<>();
        header.add("Network space: " + (graph ? "ComputationGraphSpace" : "MultiLayerSpace") + ", data: "
                + dataSource.getName());
        for (Opt2VecSpace s : SpaceNames.opt2VecSpaces(space)) {
            header.add("Opt2Vec space: " + s);
        }
        SweepRunner.Plan plan = new SweepRunner.Plan("train-with", "Opt2Vec train-with sweep", header, space,
                settings(), scoreFunction, scoreFunction.toString(), dataSource, dataSourceProperties,
                models == null ? null : new FileModelSaver(models.toFile()),
                i -> models == null ? "" : out.relativize(models.resolve(Integer.toString(i)).resolve("model.bin"))
                        .toString(),
                List.of());
        return SweepRunner.run(plan, recorder -> graph ? new ComputationGraphTaskCreator(null, tl)
                : new MultiLayerNetworkTaskCreator(null, tl));
    }

    /** Builder; the run settings (search, budget, seed, output …) are {@link SweepBuilder}'s. Default: random search. */
    public static final class Builder extends SweepBuilder<Builder> {
        private ParameterSpace<?> space;
        private Class<? extends DataSource> dataSource;
        private Properties dataSourceProperties;
        private ScoreFunction scoreFunction;
        private boolean saveModels = true;
        private TaskListener taskListener;

        private Builder() {
            super(Search.random(), 12345);
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

        /** Save every candidate's trained network with Arbiter's FileModelSaver (default true). */
        public Builder saveModels(boolean on) { this.saveModels = on; return this; }

        /** Another Arbiter TaskListener, run after the Opt2VecListener has been attached. */
        public Builder taskListener(TaskListener l) { this.taskListener = l; return this; }

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
            SweepSettings settings = settings();
            SpaceChecks.checkSearchSpace(space);
            return new TrainWithSweep(this, settings);
        }
    }
}
