package org.opt2vec.spark;

import org.apache.spark.SparkConf;
import org.opt2vec.features.FeatureSet;
import org.opt2vec.meta.EfficientMetaLearningTrainer;
import org.opt2vec.meta.MetaStep;
import org.opt2vec.meta.MetaTrainingListener;
import org.opt2vec.meta.MetaTrainingResult;
import org.opt2vec.tasks.TaskDistributions;
import org.opt2vec.weights.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code meta-train} of the spark-submit jar: the trainer of {@code opt2vec meta-train} with its inner runs on the
 * cluster. Writes weights.o2vw, checkpoint.o2vc, meta-loss.csv and meta-train.properties (the command line's
 * format: a run started here resumes with {@code opt2vec meta-train --resume}, and the other way round).
 */
@Command(name = "meta-train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Meta-trains Opt2Vec's controller with its inner runs as Spark tasks. Same seed and settings give "
                + "the same weights.o2vw as `opt2vec meta-train` on local threads.",
                "Under spark-submit the master comes from --master; elsewhere give --spark-master."})
final class SparkMetaTrainCommand implements Callable<Integer> {
    static final String OPTIONS_FILE = "meta-train.properties";

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
            description = "What the controller reads: v2 (the default) or v3 (also the fraction of the run done; as in "
                    + "opt2vec meta-train).")
    String featureSet;

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
        boolean averagingChanged = resume != null
                && spec.commandLine().getParseResult().hasMatchedOption("--average-from");
        Path dir;
        if (resume != null) {
            if (output != null) {
                throw new ParameterException(spec.commandLine(), "--resume writes into the resumed directory; drop --output");
            }
            Path file = resume.resolve(OPTIONS_FILE);
            if (!Files.isRegularFile(file) || !Files.isRegularFile(resume.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE))) {
                throw new ParameterException(spec.commandLine(), "--resume " + resume + ": no meta-train checkpoint there");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            if (p.containsKey("data")) {
                throw new ParameterException(spec.commandLine(), "--resume " + resume + ": this run trains on CSV data "
                        + "(--data); resume it with `opt2vec meta-train --resume " + resume + " --spark-master ...`");
            }
            boolean extend = spec.commandLine().getParseResult().hasMatchedOption("--meta-steps");
            int requested = metaSteps;
            Integer requestedAverage = averageFrom;
            read(p);
            metaSteps = extend ? requested : metaSteps;
            if (averagingChanged) {
                averageFrom = requestedAverage;   // starts averaging on a continued run (the trainer checks it can)
            }
            dir = resume.toAbsolutePath();
        } else {
            if (output == null) {
                throw new ParameterException(spec.commandLine(), "give an output directory (-o DIR) or --resume DIR");
            }
            dir = output.toAbsolutePath();
        }
        if (metaSteps < 1 || tasksPerStep < 1 || innerSteps < 2 || checkpointEvery < 1 || runsPerTask < 1
                || (pairs != null && pairs < 1)) {
            throw new ParameterException(spec.commandLine(), "need --meta-steps, --tasks-per-step, --checkpoint-every, "
                    + "--runs-per-task, --pairs >= 1 and --inner-steps >= 2");
        }
        SparkConf conf = new SparkConf(true);
        String m = master != null ? master : conf.get("spark.master", null);
        if (m == null) {
            throw new ParameterException(spec.commandLine(), "no Spark master: give --spark-master URL, or run under "
                    + "spark-submit --master URL");
        }
        EfficientMetaLearningTrainer.Builder b;
        try {
            b = EfficientMetaLearningTrainer.builder().seed(seed).tasks(TaskDistributions.parse(tasks))
                    .outputDirectory(dir).checkpointInterval(checkpointEvery).listener(new Progress(out));
            if (pairs != null) b.pairs(pairs);
            if (sigma != null) b.sigma(sigma);
            if (metaLr != null) b.metaLearningRate(metaLr);
            if (averageFrom != null) b.averageIteratesFrom(averageFrom);
            if (featureSet != null) b.featureSet(FeatureSet.fromName(featureSet));
            if (averagingChanged) {
                Path runDir = dir;
                // Saved once the trainer has accepted it for this checkpoint, so that a later --resume continues it.
                b.listener(MetaTrainingListener.whenStarting(() -> writeOptions(runDir)));
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
                writeOptions(dir);
            }
            EfficientMetaLearningTrainer trainer = b.evaluator(evaluator).build();
            out.println("opt2vec meta-train on " + evaluator.describe() + ": " + (resume != null ? "resuming " : "output in ")
                    + dir);
            out.println("tasks: " + trainer.tasks().name() + "; " + metaSteps + " meta-steps x " + tasksPerStep + " tasks x "
                    + innerSteps + " inner steps; " + trainer.spec(tasksPerStep, innerSteps).runsPerStep()
                    + " inner runs per meta-step");
            out.flush();
            MetaTrainingResult r = resume != null
                    ? trainer.resume(dir.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE), metaSteps)
                    : trainer.metaTrain(metaSteps, tasksPerStep, innerSteps);
            out.printf(Locale.ROOT, "done: %d meta-steps, %.1f s; %s%nweights: %s%n", r.completedSteps(), r.wallSeconds(),
                    evaluator.transfers(), dir.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE));
            out.flush();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "cannot " + (resume != null ? "resume" : "meta-train") + ": "
                    + e.getMessage());
        }
        return 0;
    }

    /** The command line's meta-train.properties (keys of MetaTrainCommand). */
    private void writeOptions(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("metaSteps", String.valueOf(metaSteps));
        p.setProperty("tasksPerStep", String.valueOf(tasksPerStep));
        p.setProperty("innerSteps", String.valueOf(innerSteps));
        p.setProperty("tasks", tasks);
        p.setProperty("seed", String.valueOf(seed));
        if (pairs != null) p.setProperty("pairs", pairs.toString());
        if (sigma != null) p.setProperty("sigma", sigma.toString());
        if (metaLr != null) p.setProperty("metaLr", metaLr.toString());
        p.setProperty("checkpointEvery", String.valueOf(checkpointEvery));
        if (averageFrom != null) p.setProperty("averageFrom", averageFrom.toString());
        if (featureSet != null) p.setProperty("featureSet", featureSet);
        StringWriter w = new StringWriter();
        p.store(w, "opt2vec meta-train settings (read by --resume)");
        AtomicFiles.write(dir.resolve(OPTIONS_FILE), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void read(Properties p) {
        metaSteps = Integer.parseInt(p.getProperty("metaSteps"));
        tasksPerStep = Integer.parseInt(p.getProperty("tasksPerStep"));
        innerSteps = Integer.parseInt(p.getProperty("innerSteps"));
        tasks = p.getProperty("tasks");
        seed = Long.parseLong(p.getProperty("seed"));
        pairs = p.containsKey("pairs") ? Integer.valueOf(p.getProperty("pairs")) : null;
        sigma = p.containsKey("sigma") ? Double.valueOf(p.getProperty("sigma")) : null;
        metaLr = p.containsKey("metaLr") ? Double.valueOf(p.getProperty("metaLr")) : null;
        checkpointEvery = Integer.parseInt(p.getProperty("checkpointEvery", "10"));
        averageFrom = p.containsKey("averageFrom") ? Integer.valueOf(p.getProperty("averageFrom")) : null;
        featureSet = p.getProperty("featureSet");
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
