package org.opt2vec.cli;

import org.opt2vec.arbiter.ArchitectureSweep;
import org.opt2vec.arbiter.HeldOutScorer;
import org.opt2vec.arbiter.MetaTrainerArchitectureTrainer;
import org.opt2vec.arbiter.SweepResult;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.MetaBudgetOptions;
import org.opt2vec.cli.common.MnistDirOption;
import org.opt2vec.cli.common.OptionDefaults;
import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.SeedOption;
import org.opt2vec.cli.common.ThreadsOption;
import org.opt2vec.cli.sweep.CandidatePrinter;
import org.opt2vec.cli.sweep.ControllerSpaceOptions;
import org.opt2vec.cli.sweep.ScorerOptions;
import org.opt2vec.cli.sweep.SearchOptions;
import org.opt2vec.cli.sweep.SweepSupport;
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
import java.util.concurrent.Callable;

/** {@code opt2vec sweep architecture}: an {@link ArchitectureSweep} from the command line. */
@Command(name = "architecture", sortOptions = false, defaultValueProvider = SweepArchitectureCommand.Defaults.class,
        description = {"Meta-trains each controller architecture (embeddingDim x historyLength x activation) with a "
                + "fixed budget and scores it on held-out tasks.",
                "Each candidate's controller is meta-trained from scratch (EfficientMetaLearningTrainer: --meta-steps "
                + "x --tasks-per-step x --inner-steps, --pairs ES pairs; --seed is the seed of meta-training, the same "
                + "for every candidate so all meet the same tasks, and of random search), then scored on held-out "
                + "tasks: the held-out evaluation suite (--scorer suite: mean log-loss over families, lower is better) "
                + "or a few spirals tasks (--scorer spirals).",
                "Writes results.csv, report.md, scores.png and each candidate's weights (weights/<index>/weights.o2vw; "
                        + "use them with `opt2vec evaluate --weights ...`).",
                "Defaults: the full grid {32,64,128} x {8,16,32} x {gelu,swish,relu} = 27 candidates, about 10-30 s "
                        + "each on 2 cores; narrow it with the list options or use --search random --max-candidates N."})
public final class SweepArchitectureCommand implements Callable<Integer> {
    /** The defaults of this command's mixin options. */
    public static final class Defaults extends OptionDefaults {
        public Defaults() {
            super("--embedding-dims", "32,64,128", "--history-lengths", "8,16,32", "--activations", "gelu,swish,relu",
                    "--meta-steps", "10", "--tasks-per-step", "2", "--inner-steps", "20", "--pairs", "4",
                    "--seed", "42");
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ControllerSpaceOptions architectures;

    @Option(names = "--base-lr", paramLabel = "LR",
            description = "Base learning rate of every candidate (default: Opt2Vec's, 0.01).")
    Double baseLr;

    @Mixin
    MetaBudgetOptions budget;

    @Option(names = "--tasks", paramLabel = "FAMILIES", defaultValue = "default",
            description = "Meta-training task families: 'default' (the meta-training mixture) or comma-separated names "
                    + "(default: ${DEFAULT-VALUE}).")
    String tasks;

    @Mixin
    ScorerOptions scoring;

    @Mixin
    SearchOptions search;

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption threads;

    @Mixin
    MnistDirOption mnist;

    @Option(names = "--no-save-weights", description = "Do not save the candidates' meta-trained weights under weights/.")
    boolean noSaveWeights;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        OptionErrors errors = new OptionErrors().require(baseLr == null || baseLr > 0, "--base-lr must be > 0");
        budget.check(errors);
        scoring.check(errors);
        search.check(errors);
        threads.check(errors);
        errors.throwIfAny(cl);
        common.applyLogging();
        mnist.configureMnist();
        TaskDistribution metaTasks = metaTasks(cl);
        HeldOutScorer scorer = scoring.scorer(cl, threads.threads());
        Path dir = RunOutput.chooseDir(common.output, "sweep-architecture");
        ArchitectureSweep.Builder b = sweep(cl, metaTasks, scorer).outputDir(dir);
        int planned = SweepSupport.build(cl, b::build).plannedCandidates();

        PrintWriter out = cl.getOut();
        RunOutput.open(dir);
        out.println("opt2vec sweep architecture: output in " + dir);
        out.println("space: embeddingDim " + architectures.embeddingDims(cl) + " x historyLength "
                + architectures.historyLengths(cl) + " x activation " + architectures.activations(cl)
                + (baseLr != null ? ", baseLr " + baseLr : "") + "; " + search.describe(3) + ", " + planned
                + " candidate(s)");
        out.println("meta-training per candidate: " + budget.describe() + ", tasks " + metaTasks.name() + ", seed "
                + seed.seed() + ", " + threads.threads() + " thread(s)");
        out.println("scoring: " + scorer.name() + " (lower is better)");
        out.flush();
        SweepResult r;
        try (CandidatePrinter printer = new CandidatePrinter(out, planned, common.progress())) {
            r = b.onCandidate(printer).build().run();
        }
        ArchitectureSweep.defaultArchitecture(r).ifPresent(x -> out.println("Opt2Vec's default architecture "
                + "(embeddingDim 64, historyLength 16, gelu): rank " + (r.ranked().indexOf(x) + 1) + " of "
                + r.completedCount() + ", score " + SweepSupport.fmt(x.score())));
        SweepSupport.summary(out, r);
        return 0;
    }

    private TaskDistribution metaTasks(CommandLine cl) {
        try {
            return TaskDistributions.parse(tasks);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--tasks: " + e.getMessage());
        }
    }

    /** The sweep as the options describe it (every list is discrete, so the grid's discretization does not matter). */
    private ArchitectureSweep.Builder sweep(CommandLine cl, TaskDistribution metaTasks, HeldOutScorer scorer) {
        ArchitectureSweep.Builder b = ArchitectureSweep.builder()
                .embeddingDims(architectures.embeddingDims(cl))
                .historyLengths(architectures.historyLengths(cl))
                .activations(architectures.activations(cl))
                .trainer(MetaTrainerArchitectureTrainer.builder().metaSteps(budget.metaSteps())
                        .tasksPerStep(budget.tasksPerStep()).innerSteps(budget.innerSteps()).pairs(budget.pairs())
                        .threads(threads.threads()).tasks(metaTasks).build())
                .scorer(scorer)
                .seed(seed.seed())
                .saveWeights(!noSaveWeights)
                .description(SweepSupport.commandDescription(cl));
        if (baseLr != null) {
            b.baseLr(baseLr);
        }
        return search.applyTo(b, 3);
    }
}
