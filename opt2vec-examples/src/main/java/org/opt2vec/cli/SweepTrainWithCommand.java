package org.opt2vec.cli;

import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.scoring.impl.EvaluationScoreFunction;
import org.deeplearning4j.arbiter.scoring.impl.TestSetLossScoreFunction;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.arbiter.Opt2VecSpace;
import org.opt2vec.arbiter.SweepResult;
import org.opt2vec.arbiter.TaskDataSource;
import org.opt2vec.arbiter.TrainWithSweep;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.CsvOptions;
import org.opt2vec.cli.common.MnistDirOption;
import org.opt2vec.cli.common.OptionDefaults;
import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.cli.common.OptionLists;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.SeedOption;
import org.opt2vec.cli.common.TrainingOptions;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.cli.data.Data;
import org.opt2vec.cli.sweep.CandidatePrinter;
import org.opt2vec.cli.sweep.ControllerSpaceOptions;
import org.opt2vec.cli.sweep.CsvDataSource;
import org.opt2vec.cli.sweep.SearchOptions;
import org.opt2vec.cli.sweep.SweepSupport;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.Task;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code opt2vec sweep train-with}: {@link TrainWithSweep} on a built-in task or the user's CSV. */
@Command(name = "train-with", sortOptions = false, defaultValueProvider = SweepTrainWithCommand.Defaults.class,
        description = {"An Arbiter search over a DL4J network trained with Opt2Vec, whose baseLr, historyLength, "
                + "embeddingDim and activation are the search space.",
                "Each candidate network is trained and scored on held-out data (average test-set loss, or accuracy).",
                "Data: a built-in task (--task, default blobs; the network is the task's own MLP) or your CSV (--data; "
                        + "an MLP with --hidden layers, features standardized, --test-fraction held out, minibatches "
                        + "of --batch-size). --seed is the seed of random search.",
                "Only Opt2Vec's default architecture (embedding dim 64, history 16, gelu) has bundled meta-trained "
                        + "weights; other architectures run the untrained controller (= Adam(0.01 × the initial parameter RMS) with the defaults) - use "
                        + "`opt2vec sweep architecture` to meta-train them.",
                "Default: a grid over --base-lrs 0.003,0.01,0.03 on blobs, 3 candidates, a few seconds each."})
public final class SweepTrainWithCommand implements Callable<Integer> {
    /** The defaults of this command's mixin options. */
    public static final class Defaults extends OptionDefaults {
        public Defaults() {
            super("--embedding-dims", "" + Opt2Vec.DEFAULT_EMBEDDING_DIM,
                    "--history-lengths", "" + Opt2Vec.DEFAULT_HISTORY_LENGTH,
                    "--activations", Opt2Vec.DEFAULT_ACTIVATION,
                    "--epochs", "2", "--batch-size", "32", "--seed", "12345");
        }
    }

    /** The data of a sweep and the network space that fits it. */
    private record SweepData(Class<? extends DataSource> source, Properties properties, MultiLayerSpace space,
                             String description) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--base-lrs", paramLabel = "LRS|MIN:MAX", defaultValue = "0.003,0.01,0.03",
            description = "Base learning rates: a comma-separated list, or a range MIN:MAX sampled uniformly "
                    + "(grid search cuts it into --discretization values) (default: ${DEFAULT-VALUE}).")
    String baseLrs;

    @Mixin
    ControllerSpaceOptions architectures;

    @Option(names = "--task", paramLabel = "FAMILY", defaultValue = BuiltinTasks.BLOBS,
            description = "Built-in task to train on: linear-1d, quadratic-1d, blobs, xor, spirals, varied-mlp, "
                    + "mnist-subset (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--task-seed", paramLabel = "SEED", defaultValue = "1",
            description = "Seed of the task instance and of the networks' initialization (default: ${DEFAULT-VALUE}).")
    long taskSeed;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "50",
            description = "Minibatches per epoch of --task (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    MnistDirOption mnist;

    @Mixin
    CsvOptions csv;

    @Option(names = "--hidden", paramLabel = "SIZES", defaultValue = "32",
            description = "Hidden layer sizes of the MLP for --data, comma-separated (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Mixin
    TrainingOptions training;

    @Option(names = "--score", paramLabel = "loss|accuracy", defaultValue = "loss",
            description = "Candidate score on the held-out data: loss (average test-set loss, lower is better) or "
                    + "accuracy (classification only, higher is better) (default: ${DEFAULT-VALUE}).")
    String score;

    @Mixin
    SearchOptions search;

    @Option(names = "--discretization", paramLabel = "N", defaultValue = "3",
            description = "Grid search: values taken from a --base-lrs range (default: ${DEFAULT-VALUE}).")
    int discretization;

    @Mixin
    SeedOption seed;

    @Option(names = "--no-save-models", description = "Do not save the candidates' trained networks under models/.")
    boolean noSaveModels;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        validate(cl);
        boolean accuracy = score.trim().toLowerCase(Locale.ROOT).equals("accuracy");
        List<Integer> hiddenSizes = OptionLists.ints(cl, "--hidden", hidden, "64,32");
        Opt2VecSpace updater = SweepSupport.build(cl, () -> new Opt2VecSpace.Builder()
                .baseLr(SweepSupport.doubles(cl, "--base-lrs", baseLrs))
                .embeddingDim(new DiscreteParameterSpace<>(architectures.embeddingDims(cl)))
                .historyLength(new DiscreteParameterSpace<>(architectures.historyLengths(cl)))
                .activation(new DiscreteParameterSpace<>(architectures.activations(cl)))
                .build());
        common.applyLogging();
        // The data and the matching network space; bad data fails here, before the output directory exists.
        SweepData data = csv.isSet() ? csvData(updater, hiddenSizes) : taskData(cl, updater, accuracy);
        ScoreFunction sf = accuracy ? new EvaluationScoreFunction(Evaluation.Metric.ACCURACY)
                : new TestSetLossScoreFunction(true);
        String untrained = untrainedNote(cl);
        Path dir = RunOutput.chooseDir(common.output, "sweep-train-with");
        TrainWithSweep.Builder b = search.applyTo(TrainWithSweep.builder(), discretization)
                .space(data.space())
                .dataSource(data.source(), data.properties())
                .scoreFunction(sf)
                .seed(seed.seed())
                .saveModels(!noSaveModels)
                .description(SweepSupport.commandDescription(cl) + (untrained == null ? "" : ". Note: " + untrained))
                .outputDir(dir);
        int planned = SweepSupport.build(cl, b::build).plannedCandidates();

        PrintWriter out = cl.getOut();
        RunOutput.open(dir);
        out.println("opt2vec sweep train-with: output in " + dir);
        out.println("data: " + data.description());
        out.println("space: " + updater);
        out.println(search.describe(discretization) + ", " + planned + " candidate(s); score: "
                + (accuracy ? "test-set accuracy (higher is better)" : "average test-set loss (lower is better)"));
        if (untrained != null) {
            out.println("note: " + untrained);
        }
        out.flush();
        SweepResult r;
        try (CandidatePrinter printer = new CandidatePrinter(out, planned, common.progress())) {
            r = b.onCandidate(printer).build().run();
        }
        SweepSupport.summary(out, r);
        return 0;
    }

    private void validate(CommandLine cl) {
        CommandLine.ParseResult pr = cl.getParseResult();
        OptionErrors errors = new OptionErrors().atLeast("--steps", steps, 1)
                .atLeast("--discretization", discretization, 1)
                .require(List.of("loss", "accuracy").contains(score.trim().toLowerCase(Locale.ROOT)),
                        "--score: unknown score '" + score + "'; use loss or accuracy")
                .require(!csv.isSet() || !(pr.hasMatchedOption("--task") || pr.hasMatchedOption("--steps")
                        || mnist.isSet()), "--data excludes --task, --steps and --mnist-dir")
                .require(csv.isSet() || !(pr.hasMatchedOption("--hidden") || pr.hasMatchedOption("--batch-size")),
                        "--hidden and --batch-size need --data");
        csv.check(errors);
        training.check(errors);
        search.check(errors);
        errors.throwIfAny(cl);
    }

    /** The user's CSV: an MLP with --hidden tanh layers and a softmax output with cross-entropy. */
    private SweepData csvData(Opt2VecSpace updater, List<Integer> hiddenSizes) {
        if (hiddenSizes.stream().anyMatch(h -> h < 1)) {
            throw new ParameterException(spec.commandLine(), "--hidden: layer sizes must be >= 1");
        }
        Properties props = CsvDataSource.properties(csv.file(), csv.testFile(), csv.labelColumn(), csv.skipLines(),
                csv.testFraction(), training.batchSize(), taskSeed);
        Data d = CsvDataSource.load(props);
        MultiLayerSpace.Builder b = new MultiLayerSpace.Builder().seed(taskSeed).updater(updater);
        int in = d.numInputs();
        for (int h : hiddenSizes) {
            b.addLayer(new DenseLayerSpace.Builder().nIn(in).nOut(h).activation(Activation.TANH).build());
            in = h;
        }
        b.addLayer(new OutputLayerSpace.Builder().nIn(in).nOut(d.numClasses()).activation(Activation.SOFTMAX)
                .lossFunction(LossFunctions.LossFunction.MCXENT).build());
        String shape = d.numInputs() + "-" + hiddenSizes.stream().map(String::valueOf).collect(Collectors.joining("-"))
                + "-" + d.numClasses();
        return new SweepData(CsvDataSource.class, props, b.numEpochs(training.epochs()).build(),
                d.name() + "; MLP " + shape + ", " + training.epochs() + " epoch(s)");
    }

    /** A built-in task through {@link TaskDataSource}, with the task's own network shape. */
    private SweepData taskData(CommandLine cl, Opt2VecSpace updater, boolean accuracy) {
        mnist.configureMnist();
        Properties props = TaskDataSource.properties(task.trim().toLowerCase(Locale.ROOT), taskSeed, steps);
        Task sample;
        MultiLayerSpace space;
        try {
            sample = BuiltinTasks.byName(task).sample(taskSeed);
            space = TaskDataSource.networkSpace(props, updater, training.epochs());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--task: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw UserException.data("--task " + task + ": " + e.getMessage());
        }
        if (accuracy && !sample.classification()) {
            throw new ParameterException(cl, "--score accuracy: task " + task + " is a regression task; use --score loss");
        }
        return new SweepData(TaskDataSource.class, props, space, "task " + props.getProperty(TaskDataSource.TASK)
                + " (seed " + taskSeed + ", " + steps + " minibatches per epoch, " + sample.describe() + "), "
                + training.epochs() + " epoch(s)");
    }

    /** A note when some architecture in the space has no bundled meta-trained weights, else null. */
    private String untrainedNote(CommandLine cl) {
        List<String> missing = architectures.withoutBundledWeights(cl);
        if (missing.isEmpty()) {
            return null;
        }
        return missing.size() + " of " + architectures.count(cl) + " architectures have no bundled meta-trained "
                + "weights and train with the untrained controller"
                + (missing.size() <= 3 ? ": " + String.join(", ", missing) : "");
    }
}
