package org.opt2vec.spark;

import org.apache.spark.SparkConf;
import org.opt2vec.meta.EfficientMetaLearningTrainer;
import org.opt2vec.meta.MetaStep;
import org.opt2vec.meta.MetaTrainSettings;
import org.opt2vec.meta.MetaTrainingListener;
import org.opt2vec.meta.MetaTrainingResult;
import org.opt2vec.tasks.TaskDistributions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code meta-train} of the spark-submit jar: the trainer of {@code opt2vec meta-train} with its inner runs on the
 * cluster. Writes weights.o2vw, checkpoint.o2vc, meta-loss.csv and {@link MetaTrainSettings#FILE} (a run started
 * here resumes with {@code opt2vec meta-train --resume}, and the other way round, a recipe run's too).
 */
@Command(name = "meta-train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Meta-trains Opt2Vec's controller with its inner runs as Spark tasks. Same seed and settings give "
                + "the same weights.o2vw as `opt2vec meta-train` on local threads.",
                "Under spark-submit the master comes from --master; elsewhere give --spark-master."})
final class SparkMetaTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--spark-master", paramLabel = "URL",
            description = "local[N], spark://HOST:PORT, yarn or k8s://https://HOST:PORT (default: spark-submit's --master).")
    String master;

    @Option(names = "--meta-steps", paramLabel = "N", defaultValue = "30", description = "Meta-steps (default: ${DEFAULT-VALUE}).")
    int metaSteps;

    @Option(names = "--tasks-per-step", paramLabel = "N", defaultValue = "3", description = "Tasks per meta-step (default: ${DEFAULT-VALUE}).")
    int tasksPerStep;

    @Option(names = "--inner-steps", paramLabel = "N", defaultValue = "20", description = "Training steps of every inner run (default: ${DEFAULT-VALUE}).")
    int innerSteps;

    @Option(names = "--tasks", paramLabel = "FAMILIES", defaultValue = "default",
            description = "Built-in task families: 'default' or comma-separated names (default: ${DEFAULT-VALUE}).")
    String tasks;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pairs", paramLabel = "N", description = "Antithetic pairs per meta-step (default: the trainer's).")
    Integer pairs;

    @Option(names = "--sigma", paramLabel = "S", description = "Perturbation scale (default: the trainer's).")
    Double sigma;

    @Option(names = "--meta-lr", paramLabel = "LR", description = "Meta learning rate (default: the trainer's).")
    Double metaLr;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10",
            description = "Checkpoint interval in meta-steps (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--average-from", paramLabel = "STEP",
            description = "Write the mean of the controller weights after each meta-step from STEP (0-based) on "
                    + "(iterate averaging; as in opt2vec meta-train). Default: no averaging.")
    Integer averageFrom;

    @Option(names = "--feature-set", paramLabel = "SET",
            description = "What the controller reads: v5 (the default: v2 with a learned schedule weight from the step), v2, v3 "
                    + "(also the fraction of the run done) or v4 (v3 with a learned schedule weight; as in "
                    + "opt2vec meta-train).")
    String featureSet;

    @Option(names = "--per-layer",
            description = "Meta-train a controller per layer: in the inner runs every layer has its own controller "
                    + "(its own history, lr scale and momentum; Opt2Vec.builder().perLayer(true)). Combines with "
                    + "--recipe; fixed when a run starts.")
    boolean perLayer;

    @Option(names = "--recipe", paramLabel = "NAME",
            description = "Run a recorded recipe instead of the options above ('bundled': the shipped controller's; "
                    + "as in opt2vec meta-train, only --seed, --checkpoint-every, --average-from and --feature-set apply).")
    String recipe;

    @Option(names = "--runs-per-task", paramLabel = "N", defaultValue = "1",
            description = "Inner runs per Spark task (default: ${DEFAULT-VALUE}); more amortize Spark's per-task cost "
                    + "for very short inner runs.")
    int runsPerTask;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory, on the driver's file system.")
    Path output;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its checkpoint with the settings it was started with "
                    + "(--meta-steps may extend it).")
    Path resume;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        MetaTrainSettings s;
        Path dir;
        if (resume != null) {
            s = resumedSettings(pr);
            dir = resume.toAbsolutePath();
        } else {
            if (output == null) {
                throw new ParameterException(spec.commandLine(), "give an output directory (-o DIR) or --resume DIR");
            }
            s = recipe == null ? new MetaTrainSettings(metaSteps, tasksPerStep, innerSteps, tasks, seed, pairs, sigma,
                    metaLr, checkpointEvery, averageFrom, featureSet, perLayer, null, Map.of()) : recipeSettings(pr);
            dir = output.toAbsolutePath();
        }
        List<String> errors = new ArrayList<>(s.problems());
        if (runsPerTask < 1) errors.add("--runs-per-task must be >= 1");
        if (!errors.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", errors));
        }
        SparkConf conf = new SparkConf(true);
        String m = master != null ? master : conf.get("spark.master", null);
        if (m == null) {
            throw new ParameterException(spec.commandLine(), "no Spark master: give --spark-master URL, or run under "
                    + "spark-submit --master URL");
        }
        EfficientMetaLearningTrainer.Builder b;
        try {
            b = s.trainer(TaskDistributions::parse).outputDirectory(dir).listener(new Progress(out));
            if (resume != null && pr.hasMatchedOption("--average-from")) {
                // Saved once the trainer has accepted it for this checkpoint, so that a later --resume continues it.
                b.listener(MetaTrainingListener.whenStarting(() -> s.save(dir)));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        SparkCandidateEvaluator evaluator;
        try {
            evaluator = SparkCandidateEvaluator.start(SparkMasters.configure(m, conf), runsPerTask);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Spark master " + m + ": " + e.getMessage());
        }
        try (evaluator) {
            if (resume == null) {
                Files.createDirectories(dir);
                s.save(dir);
            }
            EfficientMetaLearningTrainer trainer = b.evaluator(evaluator).build();
            out.println("opt2vec meta-train on " + evaluator.describe() + ": " + (resume != null ? "resuming " : "output in ")
                    + dir);
            out.println("tasks: " + trainer.tasks().name() + "; " + s.metaSteps() + " meta-steps x " + s.tasksPerStep()
                    + " tasks x " + s.innerSteps() + " inner steps; "
                    + trainer.spec(s.tasksPerStep(), s.innerSteps()).runsPerStep() + " inner runs per meta-step");
            out.flush();
            MetaTrainingResult r = resume != null
                    ? trainer.resume(dir.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE), s.metaSteps())
                    : trainer.metaTrain(s.metaSteps(), s.tasksPerStep(), s.innerSteps());
            out.printf(Locale.ROOT, "done: %d meta-steps, %.1f s; %s%nweights: %s%n", r.completedSteps(), r.wallSeconds(),
                    evaluator.transfers(), dir.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE));
            out.flush();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "cannot " + (resume != null ? "resume" : "meta-train") + ": "
                    + e.getMessage());
        }
        return 0;
    }

    /** A new recipe run: the recipe's settings with the few options it leaves open. */
    private MetaTrainSettings recipeSettings(CommandLine.ParseResult pr) {
        try {
            return MetaTrainSettings.newRecipeRun(recipe, pr::hasMatchedOption, seed, checkpointEvery, averageFrom,
                    featureSet, perLayer);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The settings the resumed run started with; --meta-steps and --average-from may change, nothing else. */
    private MetaTrainSettings resumedSettings(CommandLine.ParseResult pr) throws IOException {
        if (output != null) {
            throw new ParameterException(spec.commandLine(), "--resume writes into the resumed directory; drop --output");
        }
        if (recipe != null) {
            throw new ParameterException(spec.commandLine(), "--recipe cannot be combined with --resume (the resumed "
                    + "run keeps the recipe it started with)");
        }
        try {
            MetaTrainSettings saved = MetaTrainSettings.load(resume);
            if (saved.extras().containsKey("data")) {
                throw new IllegalArgumentException("--resume " + resume + ": this run trains on CSV data (--data); "
                        + "resume it with `opt2vec meta-train --resume " + resume + " --spark-master ...`");
            }
            return saved.resumedWith(pr.hasMatchedOption("--meta-steps") ? metaSteps : null,
                    pr.hasMatchedOption("--average-from") ? averageFrom : null,
                    pr.hasMatchedOption("--feature-set") ? featureSet : null,
                    pr.hasMatchedOption("--per-layer") ? perLayer : null);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** One line per meta-step. */
    private record Progress(PrintWriter out) implements MetaTrainingListener {
        @Override
        public void onStep(MetaStep s) {
            out.printf(Locale.ROOT, "meta-step %d: meta-loss %.4f (initial weights %.4f), lr scale %.3f, %.1f s%n",
                    s.step(), s.metaLoss(), s.baselineMetaLoss(), s.lrScale(), s.seconds());
            out.flush();
        }
    }
}
