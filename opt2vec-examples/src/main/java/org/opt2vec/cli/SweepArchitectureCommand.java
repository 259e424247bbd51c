package org.opt2vec.cli;

import org.opt2vec.arbiter.ArchitectureSweep;
import org.opt2vec.arbiter.HeldOutEvaluationScorer;
import org.opt2vec.arbiter.HeldOutScorer;
import org.opt2vec.arbiter.HeldOutTaskScorer;
import org.opt2vec.arbiter.MetaTrainerArchitectureTrainer;
import org.opt2vec.arbiter.Search;
import org.opt2vec.arbiter.SweepRecord;
import org.opt2vec.arbiter.SweepResult;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.TaskOptions;
import org.opt2vec.cli.sweep.SweepSupport;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.meta.HeldOutEvaluation;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;
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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code opt2vec sweep architecture}: {@link ArchitectureSweep}, with the options of {@code ArchitectureSweepMain}. */
@Command(name = "architecture", sortOptions = false,
        description = {"Meta-trains each controller architecture (embeddingDim x historyLength x activation) with a "
                + "fixed budget and scores it on held-out tasks.",
                "Each candidate's controller is meta-trained from scratch (EfficientMetaLearningTrainer: --meta-steps "
                + "x --tasks-per-step x --inner-steps, --pairs ES pairs, the same seed and tasks for every candidate), "
                + "then scored on held-out tasks: the held-out evaluation suite (--scorer suite: mean log-loss over "
                + "families, lower is better) or a few spirals tasks (--scorer spirals).",
                "Writes results.csv, report.md, scores.png and each candidate's weights (weights/<index>/weights.o2vw; "
                        + "use them with `opt2vec evaluate --weights ...`).",
                "Defaults: the full grid {32,64,128} x {8,16,32} x {gelu,swish,relu} = 27 candidates, about 10-30 s "
                        + "each on 2 cores; narrow it with the list options or use --search random --max-candidates N."})
public final class SweepArchitectureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--embedding-dims", paramLabel = "LIST", defaultValue = "32,64,128",
            description = "Embedding dimensions, comma-separated, each in [1, 1024] (default: ${DEFAULT-VALUE}).")
    String embeddingDims;

    @Option(names = "--history-lengths", paramLabel = "LIST", defaultValue = "8,16,32",
            description = "History lengths, comma-separated, each in [2, 512] (default: ${DEFAULT-VALUE}).")
    String historyLengths;

    @Option(names = "--activations", paramLabel = "LIST", defaultValue = "gelu,swish,relu",
            description = "Activations, comma-separated: gelu, swish, relu, tanh (default: ${DEFAULT-VALUE}).")
    String activations;

    @Option(names = "--base-lr", paramLabel = "LR",
            description = "Base learning rate of every candidate (default: Opt2Vec's, 0.01).")
    Double baseLr;

    @Option(names = "--meta-steps", paramLabel = "N", defaultValue = "10",
            description = "Meta-training budget per candidate: meta-steps (default: ${DEFAULT-VALUE}).")
    int metaSteps;

    @Option(names = "--tasks-per-step", paramLabel = "N", defaultValue = "2",
            description = "Tasks per meta-step (default: ${DEFAULT-VALUE}).")
    int tasksPerStep;

    @Option(names = "--inner-steps", paramLabel = "N", defaultValue = "20",
            description = "Training steps of every inner run (default: ${DEFAULT-VALUE}).")
    int innerSteps;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "4",
            description = "Antithetic ES pairs per meta-step (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--tasks", paramLabel = "FAMILIES", defaultValue = "default",
            description = "Meta-training task families: 'default' (the meta-training mixture) or comma-separated names "
                    + "(default: ${DEFAULT-VALUE}).")
    String tasks;

    @Option(names = "--scorer", paramLabel = "suite|spirals", defaultValue = "suite",
            description = "Held-out scoring: suite (the held-out evaluation suite, as `opt2vec evaluate`) or spirals "
                    + "(mean meta-objective on a few spirals tasks, cheaper) (default: ${DEFAULT-VALUE}).")
    String scorer;

    @Option(names = "--eval-instances", paramLabel = "N", defaultValue = "" + HeldOutEvaluation.DEFAULT_INSTANCES_PER_FAMILY,
            description = "suite: task instances per family (default: ${DEFAULT-VALUE}).")
    int evalInstances;

    @Option(names = "--eval-steps", paramLabel = "N", defaultValue = "" + HeldOutEvaluation.DEFAULT_INNER_STEPS,
            description = "suite: training steps per instance (default: ${DEFAULT-VALUE}).")
    int evalSteps;

    @Option(names = "--families", paramLabel = "FAMILIES",
            description = "suite: comma-separated families (default: all synthetic ones, plus mnist-subset when MNIST is found).")
    String families;

    @Option(names = "--held-out-tasks", paramLabel = "N", defaultValue = "8",
            description = "spirals: number of held-out tasks (default: ${DEFAULT-VALUE}).")
    int heldOutTasks;

    @Option(names = "--held-out-steps", paramLabel = "N", defaultValue = "40",
            description = "spirals: training steps per task (default: ${DEFAULT-VALUE}).")
    int heldOutSteps;

    @Option(names = "--search", paramLabel = "grid|random", defaultValue = "grid",
            description = "Grid search (every combination) or random search (needs --max-candidates) (default: ${DEFAULT-VALUE}).")
    String search;

    @Option(names = "--max-candidates", paramLabel = "N",
            description = "At most N candidates (required for random search; caps the grid).")
    Integer maxCandidates;

    @Option(names = "--max-minutes", paramLabel = "M",
            description = "Start no candidate after M minutes (running ones finish).")
    Double maxMinutes;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "Seed of meta-training (shared by all candidates) and of random search (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Java threads for meta-training and scoring (default: all cores).")
    Integer threads;

    @Option(names = "--mnist-dir", paramLabel = "DIR",
            description = "Directory with MNIST's IDX files for the mnist-subset family (default: DL4J's cache).")
    Path mnistDir;

    @Option(names = "--no-save-weights", description = "Do not save the candidates' meta-trained weights under weights/.")
    boolean noSaveWeights;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        List<String> errors = new ArrayList<>();
        if (metaSteps < 1) errors.add("--meta-steps must be >= 1");
        if (tasksPerStep < 1) errors.add("--tasks-per-step must be >= 1");
        if (innerSteps < 2) errors.add("--inner-steps must be >= 2");
        if (pairs < 1) errors.add("--pairs must be >= 1");
        if (threads != null && threads < 1) errors.add("--threads must be >= 1");
        if (evalInstances < 1) errors.add("--eval-instances must be >= 1");
        if (evalSteps < 2) errors.add("--eval-steps must be >= 2");
        if (heldOutTasks < 1) errors.add("--held-out-tasks must be >= 1");
        if (heldOutSteps < 2) errors.add("--held-out-steps must be >= 2");
        if (baseLr != null && !(baseLr > 0)) errors.add("--base-lr must be > 0");
        String scorerName = scorer.trim().toLowerCase(Locale.ROOT);
        if (!scorerName.equals("suite") && !scorerName.equals("spirals")) {
            errors.add("--scorer: unknown scorer '" + scorer + "'; use suite or spirals");
        }
        if (!errors.isEmpty()) {
            throw new ParameterException(cl, String.join("; ", errors));
        }
        Search s = SweepSupport.search(cl, search, maxCandidates, 3);  // every list is discrete: no effect
        List<Integer> dims = SweepSupport.ints(cl, "--embedding-dims", embeddingDims);
        List<Integer> lengths = SweepSupport.ints(cl, "--history-lengths", historyLengths);
        List<String> acts = SweepSupport.names(cl, "--activations", activations);
        common.applyLogging();
        TaskOptions.configureMnist(mnistDir);
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();

        TaskDistribution metaTasks;
        List<TaskDistribution> fams = null;
        try {
            metaTasks = TaskDistributions.parse(tasks);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--tasks: " + e.getMessage());
        }
        try {
            if (families != null) {
                fams = new ArrayList<>();
                for (String n : families.split(",")) {
                    if (!n.isBlank()) fams.add(BuiltinTasks.byName(n));
                }
                if (fams.isEmpty()) {
                    throw new IllegalArgumentException("no families given");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--families: " + e.getMessage());
        }
        HeldOutScorer held;
        if (scorerName.equals("spirals")) {
            held = HeldOutTaskScorer.builder().numTasks(heldOutTasks).steps(heldOutSteps).threads(nThreads).build();
        } else {
            HeldOutEvaluationScorer.Builder hb = HeldOutEvaluationScorer.builder().instancesPerFamily(evalInstances)
                    .innerSteps(evalSteps).threads(nThreads);
            if (fams != null) hb.families(fams);
            held = hb.build();
        }
        ArchitectureSweep.Builder b = ArchitectureSweep.builder()
                .embeddingDims(dims).historyLengths(lengths).activations(acts)
                .trainer(MetaTrainerArchitectureTrainer.builder().metaSteps(metaSteps).tasksPerStep(tasksPerStep)
                        .innerSteps(innerSteps).pairs(pairs).threads(nThreads).tasks(metaTasks).build())
                .scorer(held)
                .search(s)
                .seed(seed)
                .saveWeights(!noSaveWeights)
                .maxTime(SweepSupport.maxTime(cl, maxMinutes))
                .description(SweepSupport.commandDescription(cl))
                .outputDir(Path.of("unused"));
        if (baseLr != null) b.baseLr(baseLr);
        if (maxCandidates != null) b.maxCandidates(maxCandidates);
        int planned = SweepSupport.build(cl, b::build).plannedCandidates();

        PrintWriter out = cl.getOut();
        RunOutput run = SweepSupport.openOutput(out, common.output, "architecture");
        out.println("space: embeddingDim " + dims + " x historyLength " + lengths + " x activation " + acts
                + (baseLr != null ? ", baseLr " + baseLr : "") + "; " + s + ", " + planned + " candidate(s)");
        out.println("meta-training per candidate: " + metaSteps + " meta-steps x " + tasksPerStep + " tasks x "
                + innerSteps + " inner steps, " + pairs + " ES pairs, tasks " + metaTasks.name() + ", seed " + seed
                + ", " + nThreads + " thread(s)");
        out.println("scoring: " + held.name() + " (lower is better)");
        out.flush();
        SweepResult r = SweepSupport.runWithProgress(out, planned, common.progress(),
                onCandidate -> b.outputDir(run.dir()).onCandidate(onCandidate).build().run());
        defaultArchitecture(r, dims, lengths, acts).ifPresent(x -> out.println("Opt2Vec's default architecture "
                + "(embeddingDim 64, historyLength 16, gelu): rank " + (r.ranked().indexOf(x) + 1) + " of "
                + r.completedCount() + ", score " + SweepSupport.fmt(x.score())));
        SweepSupport.summary(out, r);
        return 0;
    }

    /**
     * The record of Opt2Vec's default architecture, if the sweep ran it. Unlike
     * {@link ArchitectureSweep#defaultArchitecture}, a setting given a single value (a fixed value, not a column of
     * the results) counts by that value.
     */
    static Optional<SweepRecord> defaultArchitecture(SweepResult r, List<Integer> dims, List<Integer> lengths,
                                                     List<String> acts) {
        return r.records().stream().filter(x -> x.completed()
                && is(x, "embeddingDim", dims, String.valueOf(Opt2Vec.DEFAULT_EMBEDDING_DIM))
                && is(x, "historyLength", lengths, String.valueOf(Opt2Vec.DEFAULT_HISTORY_LENGTH))
                && is(x, "activation", acts, Opt2Vec.DEFAULT_ACTIVATION)).findFirst();
    }

    private static boolean is(SweepRecord x, String setting, List<?> values, String wanted) {
        String v = x.parameters().get(setting);
        if (v == null && values.size() == 1) {
            v = String.valueOf(values.get(0));
        }
        return wanted.equals(v);
    }
}
