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
import org.opt2vec.arbiter.Search;
import org.opt2vec.arbiter.SweepResult;
import org.opt2vec.arbiter.TaskDataSource;
import org.opt2vec.arbiter.TrainWithSweep;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.TaskOptions;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.cli.data.Data;
import org.opt2vec.cli.sweep.CsvDataSource;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code opt2vec sweep train-with}: {@link TrainWithSweep} on a built-in task or the user's CSV. */
@Command(name = "train-with", sortOptions = false,
        description = {"An Arbiter search over a DL4J network trained with Opt2Vec, whose baseLr, historyLength, "
                + "embeddingDim and activation are the search space.",
                "Each candidate network is trained and scored on held-out data (average test-set loss, or accuracy).",
                "Data: a built-in task (--task, default blobs; the network is the task's own MLP) or your CSV (--data; "
                        + "an MLP with --hidden layers, features standardized, --test-fraction held out).",
                "Only Opt2Vec's default architecture (embedding dim 64, history 16, gelu) has bundled meta-trained "
                        + "weights; other architectures run the untrained controller (momentum SGD) - use "
                        + "`opt2vec sweep architecture` to meta-train them.",
                "Default: a grid over --base-lrs 0.003,0.01,0.03 on blobs, 3 candidates, a few seconds each."})
public final class SweepTrainWithCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--base-lrs", paramLabel = "LRS|MIN:MAX", defaultValue = "0.003,0.01,0.03",
            description = "Base learning rates: a comma-separated list, or a range MIN:MAX sampled uniformly "
                    + "(grid search cuts it into --discretization values) (default: ${DEFAULT-VALUE}).")
    String baseLrs;

    @Option(names = "--history-lengths", paramLabel = "LIST", defaultValue = "" + Opt2Vec.DEFAULT_HISTORY_LENGTH,
            description = "History lengths, comma-separated, each in [2, 512] (default: ${DEFAULT-VALUE}).")
    String historyLengths;

    @Option(names = "--embedding-dims", paramLabel = "LIST", defaultValue = "" + Opt2Vec.DEFAULT_EMBEDDING_DIM,
            description = "Embedding dimensions, comma-separated, each in [1, 1024] (default: ${DEFAULT-VALUE}).")
    String embeddingDims;

    @Option(names = "--activations", paramLabel = "LIST", defaultValue = Opt2Vec.DEFAULT_ACTIVATION,
            description = "Controller activations, comma-separated: gelu, swish, relu, tanh (default: ${DEFAULT-VALUE}).")
    String activations;

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

    @Option(names = "--mnist-dir", paramLabel = "DIR",
            description = "Directory with MNIST's IDX files for --task mnist-subset (default: DL4J's cache).")
    Path mnistDir;

    @Option(names = "--data", paramLabel = "CSV",
            description = "Train on your own CSV instead of --task: numeric features and an integer class label per line.")
    Path csv;

    @Option(names = "--test-data", paramLabel = "CSV",
            description = "Test CSV for --data (default: hold out --test-fraction of --data).")
    Path testCsv;

    @Option(names = "--label-column", paramLabel = "N", defaultValue = "-1",
            description = "0-based label column of --data; negative counts from the end (default: ${DEFAULT-VALUE}, the last).")
    int labelColumn;

    @Option(names = "--skip-lines", paramLabel = "N", defaultValue = "0",
            description = "Header lines to skip in the CSV files (default: ${DEFAULT-VALUE}).")
    int skipLines;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of --data held out for scoring when no --test-data is given (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Minibatch size for --data (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--hidden", paramLabel = "SIZES", defaultValue = "32",
            description = "Hidden layer sizes of the MLP for --data, comma-separated (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "2",
            description = "Training epochs per candidate (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--score", paramLabel = "loss|accuracy", defaultValue = "loss",
            description = "Candidate score on the held-out data: loss (average test-set loss, lower is better) or "
                    + "accuracy (classification only, higher is better) (default: ${DEFAULT-VALUE}).")
    String score;

    @Option(names = "--search", paramLabel = "grid|random", defaultValue = "grid",
            description = "Grid search (every combination) or random search (needs --max-candidates) (default: ${DEFAULT-VALUE}).")
    String search;

    @Option(names = "--max-candidates", paramLabel = "N",
            description = "At most N candidates (required for random search; caps the grid).")
    Integer maxCandidates;

    @Option(names = "--discretization", paramLabel = "N", defaultValue = "3",
            description = "Grid search: values taken from a --base-lrs range (default: ${DEFAULT-VALUE}).")
    int discretization;

    @Option(names = "--max-minutes", paramLabel = "M",
            description = "Start no candidate after M minutes (running ones finish).")
    Double maxMinutes;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "12345",
            description = "Seed of the search (random search's sampling) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-save-models", description = "Do not save the candidates' trained networks under models/.")
    boolean noSaveModels;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        List<String> errors = new ArrayList<>();
        if (epochs < 1) errors.add("--epochs must be >= 1");
        if (steps < 1) errors.add("--steps must be >= 1");
        if (batchSize < 1) errors.add("--batch-size must be >= 1");
        if (skipLines < 0) errors.add("--skip-lines must be >= 0");
        if (!(testFraction > 0 && testFraction < 1)) errors.add("--test-fraction must be in (0, 1), was " + testFraction);
        boolean accuracy = switch (score.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "loss" -> false;
            case "accuracy" -> true;
            default -> {
                errors.add("--score: unknown score '" + score + "'; use loss or accuracy");
                yield false;
            }
        };
        CommandLine.ParseResult pr = cl.getParseResult();
        if (csv != null && (pr.hasMatchedOption("--task") || pr.hasMatchedOption("--steps")
                || pr.hasMatchedOption("--mnist-dir"))) {
            errors.add("--data excludes --task, --steps and --mnist-dir");
        }
        if (csv == null && (testCsv != null || pr.hasMatchedOption("--hidden") || pr.hasMatchedOption("--batch-size"))) {
            errors.add("--test-data, --hidden and --batch-size need --data");
        }
        if (!errors.isEmpty()) {
            throw new ParameterException(cl, String.join("; ", errors));
        }
        Search s = SweepSupport.search(cl, search, maxCandidates, discretization);
        List<Integer> hiddenSizes = SweepSupport.ints(cl, "--hidden", hidden);
        if (hiddenSizes.stream().anyMatch(h -> h < 1)) {
            throw new ParameterException(cl, "--hidden: layer sizes must be >= 1");
        }
        List<Integer> dims = SweepSupport.ints(cl, "--embedding-dims", embeddingDims);
        List<Integer> lengths = SweepSupport.ints(cl, "--history-lengths", historyLengths);
        List<String> acts = SweepSupport.names(cl, "--activations", activations);
        Opt2VecSpace updater = SweepSupport.build(cl, () -> new Opt2VecSpace.Builder()
                .baseLr(SweepSupport.doubles(cl, "--base-lrs", baseLrs))
                .embeddingDim(new DiscreteParameterSpace<>(dims))
                .historyLength(new DiscreteParameterSpace<>(lengths))
                .activation(new DiscreteParameterSpace<>(acts))
                .build());
        common.applyLogging();

        // The data and the matching network space; bad data fails here, before the output directory exists.
        Class<? extends DataSource> dataSource;
        Properties props;
        MultiLayerSpace space;
        String dataLine;
        if (csv != null) {
            props = CsvDataSource.properties(csv, testCsv, labelColumn, skipLines, testFraction, batchSize, taskSeed);
            Data d = CsvDataSource.load(props);
            dataSource = CsvDataSource.class;
            space = mlpSpace(updater, d.numInputs(), hiddenSizes, d.numClasses());
            dataLine = d.name() + "; MLP " + d.numInputs() + "-" + hiddenSizes.stream().map(String::valueOf)
                    .reduce((a, b) -> a + "-" + b).orElse("") + "-" + d.numClasses() + ", " + epochs + " epoch(s)";
        } else {
            TaskOptions.configureMnist(mnistDir);
            props = TaskDataSource.properties(task.trim().toLowerCase(java.util.Locale.ROOT), taskSeed, steps);
            Task sample;
            try {
                sample = BuiltinTasks.byName(task).sample(taskSeed);
                space = TaskDataSource.networkSpace(props, updater, epochs);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, "--task: " + e.getMessage());
            } catch (IllegalStateException e) {
                throw UserException.data("--task " + task + ": " + e.getMessage());
            }
            if (accuracy && !sample.classification()) {
                throw new ParameterException(cl, "--score accuracy: task " + task + " is a regression task; use --score loss");
            }
            dataSource = TaskDataSource.class;
            dataLine = "task " + props.getProperty(TaskDataSource.TASK) + " (seed " + taskSeed + ", " + steps
                    + " minibatches per epoch, " + sample.describe() + "), " + epochs + " epoch(s)";
        }
        ScoreFunction sf = accuracy ? new EvaluationScoreFunction(Evaluation.Metric.ACCURACY)
                : new TestSetLossScoreFunction(true);

        String untrained = untrainedNote(dims, lengths, acts);
        String description = SweepSupport.commandDescription(cl)
                + (untrained == null ? "" : ". Note: " + untrained);
        TrainWithSweep.Builder b = TrainWithSweep.builder()
                .space(space)
                .dataSource(dataSource, props)
                .scoreFunction(sf)
                .search(s)
                .seed(seed)
                .saveModels(!noSaveModels)
                .maxTime(SweepSupport.maxTime(cl, maxMinutes))
                .description(description)
                .outputDir(Path.of("unused"));
        if (maxCandidates != null) b.maxCandidates(maxCandidates);
        int planned = SweepSupport.build(cl, b::build).plannedCandidates();

        PrintWriter out = cl.getOut();
        RunOutput run = SweepSupport.openOutput(out, common.output, "train-with");
        out.println("data: " + dataLine);
        out.println("space: " + updater);
        out.println(s + ", " + planned + " candidate(s); score: " + (accuracy ? "test-set accuracy (higher is better)"
                : "average test-set loss (lower is better)"));
        if (untrained != null) {
            out.println("note: " + untrained);
        }
        out.flush();
        SweepResult r = SweepSupport.runWithProgress(out, planned, common.progress(),
                onCandidate -> b.outputDir(run.dir()).onCandidate(onCandidate).build().run());
        SweepSupport.summary(out, r);
        return 0;
    }

    /** The MLP for CSV data: dense tanh layers, softmax output with cross-entropy. */
    private MultiLayerSpace mlpSpace(Opt2VecSpace updater, int nIn, List<Integer> hiddenSizes, int numClasses) {
        MultiLayerSpace.Builder b = new MultiLayerSpace.Builder().seed(taskSeed).updater(updater);
        int in = nIn;
        for (int h : hiddenSizes) {
            b.addLayer(new DenseLayerSpace.Builder().nIn(in).nOut(h).activation(Activation.TANH).build());
            in = h;
        }
        b.addLayer(new OutputLayerSpace.Builder().nIn(in).nOut(numClasses).activation(Activation.SOFTMAX)
                .lossFunction(LossFunctions.LossFunction.MCXENT).build());
        return b.numEpochs(epochs).build();
    }

    /** A note when some architecture in the space has no bundled meta-trained weights, else null. */
    static String untrainedNote(List<Integer> dims, List<Integer> lengths, List<String> acts) {
        List<String> missing = new ArrayList<>();
        for (int e : dims) {
            for (int h : lengths) {
                for (String a : acts) {
                    if (!new Opt2Vec.Builder().embeddingDim(e).historyLength(h).activation(a).build().isMetaTrained()) {
                        missing.add("embeddingDim=" + e + " historyLength=" + h + " activation=" + a);
                    }
                }
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        int all = dims.size() * lengths.size() * acts.size();
        return missing.size() + " of " + all + " architectures have no bundled meta-trained weights and train with "
                + "the untrained controller (momentum SGD)" + (missing.size() <= 3 ? ": " + String.join(", ", missing) : "");
    }
}
