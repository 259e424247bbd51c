package org.opt2vec.cli;

import org.knowm.xchart.XYChart;
import org.opt2vec.cli.common.Charts;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.Markdown;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.TaskOptions;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.cli.meta.DistributedEvaluators;
import org.opt2vec.cli.meta.MetaTrainingDisplay;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.meta.CandidateEvaluator;
import org.opt2vec.meta.EfficientMetaLearningTrainer;
import org.opt2vec.meta.MetaTrainingListener;
import org.opt2vec.meta.MetaTrainSettings;
import org.opt2vec.meta.MetaTrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.opt2vec.cli.common.Markdown.f;

/** {@code opt2vec meta-train}: meta-trains the controller with {@link EfficientMetaLearningTrainer}. */
@Command(name = "meta-train", sortOptions = false,
        description = {"Meta-trains Opt2Vec's controller (evolution strategies over real DL4J training runs on sampled "
                + "tasks) and writes weights.o2vw, a checkpoint, meta-loss.csv, plots and report.md.",
                "Use the weights with `opt2vec evaluate --weights DIR/weights.o2vw`, `opt2vec analyze --weights ...` or "
                        + "in code: new Opt2Vec.Builder().weights(Opt2VecWeights.load(path)).build().",
                "An interrupted run continues with `opt2vec meta-train --resume DIR` (same settings, read from DIR)."})
public final class MetaTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--meta-steps", paramLabel = "N", defaultValue = "30", description = "Meta-steps (default: ${DEFAULT-VALUE}).")
    int metaSteps;

    @Option(names = "--tasks-per-step", paramLabel = "N", defaultValue = "3", description = "Tasks per meta-step (default: ${DEFAULT-VALUE}).")
    int tasksPerStep;

    @Option(names = "--inner-steps", paramLabel = "N", defaultValue = "20",
            description = "Training steps of every inner run (default: ${DEFAULT-VALUE}).")
    int innerSteps;

    @Option(names = "--tasks", paramLabel = "FAMILIES", defaultValue = "default",
            description = "Task families: 'default' (the meta-training mixture), 'none' (only --data), or comma-separated "
                    + "names: linear-1d, quadratic-1d, blobs, xor, spirals, varied-mlp, mnist-subset (default: ${DEFAULT-VALUE}).")
    String tasks;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pairs", paramLabel = "N", description = "Antithetic pairs per meta-step (default: the trainer's).")
    Integer pairs;

    @Option(names = "--sigma", paramLabel = "S", description = "Perturbation scale (default: the trainer's).")
    Double sigma;

    @Option(names = "--meta-lr", paramLabel = "LR", description = "Meta learning rate (default: the trainer's).")
    Double metaLr;

    @Option(names = "--threads", paramLabel = "N", description = "Java threads for inner runs (default: all cores).")
    Integer threads;

    @Option(names = "--spark-master", paramLabel = "URL",
            description = "Run the inner runs as Apache Spark tasks: local[N], spark://HOST:PORT, yarn or "
                    + "k8s://https://HOST:PORT (bin/opt2vec then adds opt2vec-spark to the class path; see docs/spark.md). "
                    + "Gives the same weights as local threads; give it again with --resume.")
    String sparkMaster;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10",
            description = "Checkpoint interval in meta-steps (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--average-from", paramLabel = "STEP",
            description = "Write the mean of the controller weights after each meta-step from STEP (0-based) on, "
                    + "instead of the last ones (iterate averaging; the meta-training path is unchanged, the last "
                    + "weights go to " + EfficientMetaLearningTrainer.LAST_ITERATE_FILE + "). Combines with --recipe "
                    + "and --resume. Default: no averaging.")
    Integer averageFrom;

    @Option(names = "--feature-set", paramLabel = "SET",
            description = "What the controller reads: v5 (the default: v2, and the step reaches the lr head through one learned "
                    + "schedule weight, a schedule in log-time that needs no run length), v2 (the previous default), "
                    + "or v3 (v2 and the fraction of the run done, so "
                    + "that it can anneal; users then give Opt2Vec the run's length with trainingSteps), or v4 (v3, and the fraction also "
                    + "reaches the lr head through one learned schedule weight). Combines with --recipe.")
    String featureSet;

    @Option(names = "--per-layer",
            description = "Meta-train a controller per layer: in the inner runs every layer has its own controller "
                    + "(its own history, lr scale and momentum; Opt2Vec.builder().perLayer(true)). Combines with "
                    + "--recipe; fixed when a run starts.")
    boolean perLayer;

    @Option(names = "--recipe", paramLabel = "NAME",
            description = "Run a recorded recipe instead of the options above: 'bundled' makes the controller that ships "
                    + "in the jar (same seed and code: byte-identical weights.o2vw). Only --threads, --output and --seed apply "
                    + "(another seed runs the same recipe to measure how much its result depends on the seed).")
    String recipe;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its checkpoint, with the settings it was started with "
                    + "(--meta-steps may extend it).")
    Path resume;

    @Mixin
    TaskOptions taskOptions;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException, java.security.NoSuchAlgorithmException {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        MetaTrainSettings s = resume != null ? resumedSettings(pr) : newSettings(pr);
        List<String> errors = new ArrayList<>(s.problems());
        if (threads != null && threads < 1) errors.add("--threads must be >= 1");
        if (!errors.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", errors));
        }
        common.applyLogging();
        taskOptions.configureMnist();
        CandidateEvaluator evaluator = sparkMaster == null ? null : DistributedEvaluators.open(sparkMaster);
        PrintWriter out = spec.commandLine().getOut();
        Path dir;
        if (resume != null) {
            dir = resume.toAbsolutePath();
        } else {
            dir = RunOutput.create(common.output, "meta-train").dir();
            s.save(dir);
        }
        EfficientMetaLearningTrainer trainer;
        MetaTrainingDisplay display = new MetaTrainingDisplay(common.progress(), "Opt2Vec meta-training (seed " + s.seed() + ")");
        try {
            EfficientMetaLearningTrainer.Builder b = s.trainer(taskOptions::distribution).outputDirectory(dir)
                    .listener(display);
            if (resume != null && pr.hasMatchedOption("--average-from")) {
                // Saved once the trainer has accepted it for this checkpoint, so that a later --resume continues it.
                b.listener(MetaTrainingListener.whenStarting(() -> s.save(dir)));
            }
            if (threads != null) b.threads(threads);
            if (evaluator != null) b.evaluator(evaluator);
            trainer = b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        out.println("opt2vec meta-train: " + (resume != null ? "resuming " : "output in ") + dir);
        out.println("tasks: " + trainer.tasks().name() + "; " + s.metaSteps() + " meta-steps x " + s.tasksPerStep()
                + " tasks x " + s.innerSteps() + " inner steps; "
                + (evaluator != null ? evaluator.describe() : trainer.threads() + " threads"));
        MetaTrainingResult r;
        try (display; evaluator) {
            r = resume != null
                    ? trainer.resume(dir.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE), s.metaSteps())
                    : trainer.metaTrain(s.metaSteps(), s.tasksPerStep(), s.innerSteps());
        } catch (IllegalArgumentException e) {
            throw UserException.data("cannot " + (resume != null ? "resume" : "meta-train") + ": " + e.getMessage());
        }
        report(dir, s, r, out);
        if (s.recipe() != null) {
            Path w = dir.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE);
            out.println("recipe " + s.recipe() + ": SHA-256 of " + w.getFileName() + " "
                    + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(w))));
        }
        return 0;
    }

    /** A new run: the options as given, or a recipe's settings with the few options a recipe leaves open. */
    private MetaTrainSettings newSettings(CommandLine.ParseResult pr) {
        if (recipe == null) {
            return new MetaTrainSettings(metaSteps, tasksPerStep, innerSteps, tasks, seed, pairs, sigma, metaLr,
                    checkpointEvery, averageFrom, featureSet, perLayer, null, taskOptions.savedSettings());
        }
        try {
            return MetaTrainSettings.newRecipeRun(recipe, pr::hasMatchedOption, seed, checkpointEvery, averageFrom,
                    featureSet, perLayer);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** A resumed run: the settings it started with; --meta-steps and --average-from may change, nothing else. */
    private MetaTrainSettings resumedSettings(CommandLine.ParseResult pr) throws IOException {
        if (common.output != null) {
            throw new ParameterException(spec.commandLine(), "--resume writes into the resumed directory; drop --output");
        }
        if (recipe != null) {
            throw new ParameterException(spec.commandLine(), "--recipe cannot be combined with --resume (the resumed "
                    + "run keeps the recipe it started with)");
        }
        MetaTrainSettings saved;
        try {
            saved = MetaTrainSettings.load(resume);
        } catch (IllegalArgumentException e) {
            throw UserException.data(e.getMessage());
        }
        taskOptions.restore(saved.extras());
        try {
            return saved.resumedWith(pr.hasMatchedOption("--meta-steps") ? metaSteps : null,
                    pr.hasMatchedOption("--average-from") ? averageFrom : null,
                    pr.hasMatchedOption("--feature-set") ? featureSet : null,
                    pr.hasMatchedOption("--per-layer") ? perLayer : null);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void report(Path dir, MetaTrainSettings s, MetaTrainingResult r, PrintWriter out) throws IOException {
        List<Double> losses = r.metaLosses();
        XYChart c = Charts.lines("Controller outputs during meta-training (mean over inner runs)", "meta-step", "value");
        Charts.line(c, "mean lr scale", Charts.index(r.lrScales().size()), r.lrScales().stream().mapToDouble(Double::doubleValue).toArray());
        Charts.line(c, "mean momentum", Charts.index(r.momenta().size()), r.momenta().stream().mapToDouble(Double::doubleValue).toArray());
        org.knowm.xchart.BitmapEncoder.saveBitmap(c, dir.resolve("controller-outputs.png").toString(),
                org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
        int k = Math.max(1, Math.min(5, losses.size() / 4));
        Markdown md = new Markdown().h1("Opt2Vec meta-training");
        md.para("Command: `" + org.opt2vec.cli.common.RunOutput.commandLine(spec.commandLine()) + "`");
        md.line("- tasks: " + s.tasks() + (taskOptions.csv != null ? " + " + taskOptions.csv : "") + "; seed " + s.seed());
        md.line("- " + r.completedSteps() + " meta-steps of " + s.tasksPerStep() + " tasks x " + s.innerSteps() + " inner steps"
                + (r.resumedFromStep() > 0 ? " (resumed from step " + r.resumedFromStep() + ")" : ""));
        md.line("- wall time: " + f(r.wallSeconds(), 1) + " s this session, " + f(r.totalWallSeconds(), 1) + " s in all");
        md.line("- meta-loss (lower is better): mean of the first " + k + " steps " + f(r.meanOfFirst(k), 4)
                + ", of the last " + k + " steps " + f(r.meanOfLast(k), 4));
        md.line("- weights: `" + EfficientMetaLearningTrainer.WEIGHTS_FILE + "` (" + r.weights().provenance() + ")");
        md.para("");
        md.image("meta-loss", MetaTrainingDisplay.PNG_FILE);
        md.image("controller outputs", "controller-outputs.png");
        md.h2("Files");
        for (String f : List.of(EfficientMetaLearningTrainer.WEIGHTS_FILE, EfficientMetaLearningTrainer.LAST_ITERATE_FILE,
                EfficientMetaLearningTrainer.CHECKPOINT_FILE,
                EfficientMetaLearningTrainer.CSV_FILE, MetaTrainingDisplay.PNG_FILE, "controller-outputs.png",
                MetaTrainSettings.FILE)) {
            if (Files.exists(dir.resolve(f))) {
                md.line("- [" + f + "](" + f + ")");
            }
        }
        Files.writeString(dir.resolve("report.md"), md.toString());
        out.printf("meta-loss: first %d steps %.4f, last %d steps %.4f; %.1f s%n", k, r.meanOfFirst(k), k, r.meanOfLast(k),
                r.wallSeconds());
        out.println("weights: " + dir.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE));
        out.println("report: " + dir.resolve("report.md"));
        out.flush();
    }

    /** Loads weights written by meta-train (a .o2vw file, or a meta-train directory holding weights.o2vw). */
    static Opt2VecWeights loadWeights(Path p) {
        Path file = Files.isDirectory(p) ? p.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE) : p;
        try {
            return Opt2VecWeights.load(file);
        } catch (IOException | RuntimeException e) {
            throw UserException.data("cannot load controller weights from " + file + ": " + e.getMessage());
        }
    }

    /** Opt2Vec with these weights and the architecture they were trained for, other settings at their defaults. */
    static Opt2Vec withWeights(Opt2VecWeights w) {
        var a = w.architecture();
        return new Opt2Vec.Builder().historyLength(a.historyLength()).embeddingDim(a.embeddingDim())
                .activation(a.activation().configName()).useExtendedFeatures(a.extendedFeatures()).weights(w).build();
    }
}
