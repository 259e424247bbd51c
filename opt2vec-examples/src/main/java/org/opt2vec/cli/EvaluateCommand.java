package org.opt2vec.cli;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.nd4j.linalg.learning.config.IUpdater;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.Markdown;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.TaskOptions;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.meta.HeldOutEvaluation;
import org.opt2vec.meta.HeldOutReport;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.TaskDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code opt2vec evaluate}: the held-out suite of {@link HeldOutEvaluation}. */
@Command(name = "evaluate", sortOptions = false,
        description = {"Runs the quick evaluation suite on fresh instances of Opt2Vec's own small task families (mostly "
                + "families of meta-training, so a smoke test, not evidence of generalization: that is "
                + "'opt2vec benchmark'), each trained with Opt2Vec (bundled weights, or --weights), Opt2Vec "
                + "untrained (Adam(0.01 × the initial parameter RMS) with the defaults), Adam(1e-3) and Nesterovs(0.01, 0.9); reports mean log-loss, held-out loss "
                + "ratio, accuracy, divergences and win rates per family."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--weights", paramLabel = "FILE|DIR",
            description = "Also evaluate these controller weights (a .o2vw file or a meta-train output directory); "
                    + "they are listed first, and win rates are theirs.")
    Path weights;

    @Option(names = "--families", paramLabel = "FAMILIES",
            description = "Comma-separated families (default: all synthetic ones, plus mnist-subset when MNIST is found).")
    String families;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "" + HeldOutEvaluation.DEFAULT_INSTANCES_PER_FAMILY,
            description = "Task instances per family (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--inner-steps", paramLabel = "N", defaultValue = "" + HeldOutEvaluation.DEFAULT_INNER_STEPS,
            description = "Training steps per instance (default: ${DEFAULT-VALUE}).")
    int innerSteps;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + HeldOutEvaluation.DEFAULT_SEED,
            description = "Seed of the suite (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Java threads (default: all cores).")
    Integer threads;

    @Mixin
    TaskOptions taskOptions;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (instances < 1 || innerSteps < 2 || (threads != null && threads < 1)) {
            throw new ParameterException(spec.commandLine(), "--instances must be >= 1, --inner-steps >= 2, --threads >= 1");
        }
        common.applyLogging();
        taskOptions.configureMnist();
        List<TaskDistribution> fams = new ArrayList<>();
        try {
            if (families != null) {
                for (String n : families.split(",")) {
                    if (!n.isBlank()) fams.add(BuiltinTasks.byName(n));
                }
            } else if (taskOptions.csv == null) {
                fams.addAll(HeldOutEvaluation.defaultFamilies());
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        TaskDistribution csv = taskOptions.csvFamily();
        if (csv != null) fams.add(csv);
        LinkedHashMap<String, Supplier<IUpdater>> optimizers = new LinkedHashMap<>();
        if (weights != null) {
            Opt2VecWeights w = MetaTrainCommand.loadWeights(weights);
            Opt2Vec o = MetaTrainCommand.withWeights(w);
            optimizers.put("opt2vec (" + weights.getFileName() + ")", o::clone);
        }
        optimizers.putAll(HeldOutEvaluation.standardOptimizers());
        PrintWriter out = spec.commandLine().getOut();
        RunOutput run = RunOutput.create(common.output, "evaluate");
        out.println("opt2vec evaluate: output in " + run.dir());
        out.println("families: " + fams.stream().map(TaskDistribution::name).toList() + "; " + instances
                + " instances x " + innerSteps + " steps x " + optimizers.size() + " optimizers"
                + (new Opt2Vec().isMetaTrained() ? "" : "; note: no bundled meta-trained weights in this build, so '"
                + HeldOutEvaluation.BUNDLED + "' runs the untrained controller"));
        HeldOutEvaluation.Builder b = HeldOutEvaluation.builder().seed(seed).instancesPerFamily(instances)
                .innerSteps(innerSteps).families(fams);
        if (threads != null) b.threads(threads);
        HeldOutReport report;
        try {
            report = b.build().run(optimizers);
        } catch (IllegalStateException e) {
            throw new UserException(1, "evaluation failed: " + e.getMessage(), e);
        }

        List<List<?>> rows = new ArrayList<>();
        for (HeldOutReport.Row r : report.rows()) {
            rows.add(List.of(r.family(), r.taskSeed(), r.task(), r.optimizer(), r.meanLogLoss(), r.heldOutLogRatio(),
                    r.accuracy(), r.diverged(), r.meanLrScale(), r.meanMomentum()));
        }
        run.csv("results.csv", List.of("family", "task_seed", "task", "optimizer", "mean_log_loss", "held_out_log_ratio",
                "accuracy", "diverged", "mean_lr_scale", "mean_momentum"), rows);
        rows = new ArrayList<>();
        for (HeldOutReport.Summary s : report.summaries()) {
            rows.add(List.of(s.family(), s.optimizer(), s.instances(), s.meanLogLoss(), s.heldOutLogRatio(), s.accuracy(),
                    s.diverged()));
        }
        run.csv("summary.csv", List.of("family", "optimizer", "instances", "mean_log_loss", "held_out_log_ratio",
                "accuracy", "diverged"), rows);
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560)
                .title("Held-out suite: mean log-loss per family (lower is better)").xAxisTitle("family")
                .yAxisTitle("mean log(loss / initial loss)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> fs = report.families();
        for (String o : report.optimizers()) {
            List<Double> ys = new ArrayList<>();
            for (String f : fs) {
                double v = report.summaries().stream().filter(s -> s.family().equals(f) && s.optimizer().equals(o))
                        .mapToDouble(HeldOutReport.Summary::meanLogLoss).findFirst().orElse(Double.NaN);
                ys.add(Double.isNaN(v) ? 0.0 : v);
            }
            chart.addSeries(o, fs, ys);
        }
        run.png("mean-log-loss.png", chart);
        Markdown md = new Markdown().h1("Opt2Vec held-out evaluation");
        md.para("Command: `" + org.opt2vec.cli.common.RunOutput.commandLine(spec.commandLine()) + "`");
        md.para(report.toMarkdown());
        md.para("(Families where an optimizer diverged on every instance show 0 in the plot; see the tables.)");
        md.image("mean log-loss per family", "mean-log-loss.png");
        run.report(md);
        String first = report.optimizers().get(0);
        for (String o : report.optimizers().subList(1, report.optimizers().size())) {
            out.printf("%s vs %s: win rate %.0f %%%n", first, o, 100 * report.winRate(first, o));
        }
        out.printf("%d instances, %.0f s; report: %s%n", report.instanceCount(), report.wallSeconds(), run.resolve("report.md"));
        out.flush();
        return 0;
    }
}
