package org.opt2vec.cli;

import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.Markdown;
import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.ThreadsOption;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.meta.BundledWeightsRecipe;
import org.opt2vec.meta.ConstantControllerSearch;
import org.opt2vec.meta.EfficientMetaLearningTrainer;
import org.opt2vec.weights.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.opt2vec.cli.common.Markdown.f;

/** {@code opt2vec constant-search}: the best constant controller on the bundled recipe's meta-training tasks. */
@Command(name = "constant-search", sortOptions = false,
        description = {"The ablation of meta-training: grid-searches a constant controller (fixed lr scale and "
                + "momentum, no reading of the history) on the tasks the bundled recipe meta-trains on, with the same "
                + "inner runs and meta-objective, and writes constant-search.csv, constant-search-tasks.csv (every run's meta-loss) and report.md.",
                "Compare the chosen setting's benchmark rows (constant:S:M) with opt2vec's to see what reading the "
                        + "history adds over one tuned setting. See docs/meta-training.md."})
public final class ConstantSearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Seed of the recipe's tasks (default: the recipe's, " + BundledWeightsRecipe.SEED + ").")
    Long seed;

    @Option(names = "--meta-steps", paramLabel = "N",
            description = "Use the tasks of the first N meta-steps (default: all " + BundledWeightsRecipe.META_STEPS
                    + " of the recipe).")
    Integer metaSteps;

    @Option(names = "--grid", paramLabel = "GRID", defaultValue = "full",
            description = "'full' (default): every setting of the constant grid; 'searched': only the recipe's chosen "
                    + "constant (constant:10:0.9), to score more controllers (--weights) against it in a tenth of the time.")
    String grid;

    @Option(names = "--weights", paramLabel = "NAME=FILE",
            description = "Another controller to score on the same tasks (a .o2vw file or a meta-train output "
                    + "directory), reported as NAME next to the bundled one; repeatable.")
    Map<String, Path> weights = new LinkedHashMap<>();

    @Mixin
    ThreadsOption threads;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        OptionErrors errors = new OptionErrors();
        errors.atLeast("--meta-steps", metaSteps, 1);
        errors.require(grid.equals("full") || grid.equals("searched"),
                "--grid: unknown grid '" + grid + "' (known: full, searched)");
        threads.check(errors);
        errors.throwIfAny(spec.commandLine());
        common.applyLogging();
        long s = seed != null ? seed : BundledWeightsRecipe.SEED;
        int steps = metaSteps != null ? metaSteps : BundledWeightsRecipe.META_STEPS;
        Path dir = RunOutput.create(common.output, "constant-search").dir();
        PrintWriter out = spec.commandLine().getOut();
        EfficientMetaLearningTrainer trainer = BundledWeightsRecipe.configure().seed(s).build();
        List<ConstantControllerSearch.Setting> settingsGrid = grid.equals("full") ? BundledWeightsRecipe.constantGrid()
                : List.of(BundledWeightsRecipe.SEARCHED_CONSTANT);
        // The shipped controller on the same tasks: what reading the history gains on the tasks it was trained on.
        Map<String, Opt2Vec> refs = new LinkedHashMap<>();
        refs.put("opt2vec (bundled)", new Opt2Vec.Builder().direction(BundledWeightsRecipe.DIRECTION).build());
        for (Map.Entry<String, Path> e : weights.entrySet()) {
            refs.put(e.getKey(), new Opt2Vec.Builder().direction(BundledWeightsRecipe.DIRECTION)
                    .weights(MetaTrainCommand.loadWeights(e.getValue())).build());
        }
        int settings = settingsGrid.size();
        int tasks = steps * BundledWeightsRecipe.TASKS_PER_STEP;
        out.println("opt2vec constant-search: output in " + dir);
        out.println("recipe " + BundledWeightsRecipe.NAME + " (seed " + s + "): " + settings + " constant settings "
                + "and " + refs.size() + " controller(s) x " + tasks + " tasks of meta-steps 0.." + (steps - 1) + " = "
                + (settings + refs.size()) * tasks + " inner runs; " + threads.threads() + " threads");
        out.flush();
        ConstantControllerSearch.Result r = BundledWeightsRecipe.constantSearch(trainer, steps, settingsGrid, refs,
                threads.threads(),
                (done, total) -> {
                    if (done % 20 == 0 || done == total) {
                        out.println("  " + done + "/" + total + " tasks");
                        out.flush();
                    }
                });
        r.writeCsv(dir.resolve(ConstantControllerSearch.CSV_FILE));
        r.writeTasksCsv(dir.resolve(ConstantControllerSearch.TASKS_CSV_FILE));
        ConstantControllerSearch.Score best = r.scoreOf(r.best());
        String command = RunOutput.commandLine(spec.commandLine());
        AtomicFiles.write(dir.resolve("report.md"), report(r, s, command).getBytes(StandardCharsets.UTF_8));
        out.println("best constant controller: " + r.best().id() + " (mean meta-loss " + f(best.mean(), 4) + " ± "
                + f(best.standardError(), 4) + " over " + best.metaLoss().length + " tasks); " + r.runs()
                + " inner runs in " + f(r.seconds(), 1) + " s");
        return 0;
    }

    private static String report(ConstantControllerSearch.Result r, long seed, String command) {
        Markdown md = new Markdown().h1("Constant-controller search");
        md.para("Command: `" + command + "`");
        md.para("Every setting trained the " + r.metaSteps() * r.tasksPerStep() + " tasks of meta-steps 0.."
                + (r.metaSteps() - 1) + " of the bundled recipe (seed " + seed + "; the tasks, horizons, data and "
                + "meta-objective meta-training uses), " + r.runs() + " inner runs in " + f(r.seconds(), 1)
                + " s. Lower meta-loss is better; ± is the standard error over tasks. A diverged run scores the "
                + "objective's worst value.");
        List<List<String>> rows = new ArrayList<>();
        for (ConstantControllerSearch.Score x : r.all()) {
            rows.add(List.of("`" + x.id() + "`" + (r.best().equals(x.setting()) ? " **(best constant)**" : ""),
                    f(x.mean(), 4) + " ± " + f(x.standardError(), 4), String.valueOf(x.diverged()),
                    String.valueOf(x.failed())));
        }
        md.table(List.of("setting", "mean meta-loss", "diverged", "failed"), rows);
        md.para("Compare `" + r.best().id() + "` with opt2vec on the benchmark suite (`opt2vec benchmark`, whose "
                + "constant grid holds the same settings): the report's “recipe's constant controller” row.");
        return md.toString();
    }
}
