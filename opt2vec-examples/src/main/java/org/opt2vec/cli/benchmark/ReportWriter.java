package org.opt2vec.cli.benchmark;

import org.opt2vec.cli.common.Markdown;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.meta.BundledWeightsRecipe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.opt2vec.cli.common.Markdown.f;

/** Writes report.md, runs.csv, summary.csv, wins.csv and the plots of a benchmark. Every number comes from the runs. */
public final class ReportWriter {
    /** Instances whose controller traces are plotted: the first of each family, at most this many. */
    static final int TRACE_INSTANCES = 6;
    /** Adam learning rates of the mnist-tinycnn headline comparison. */
    static final List<String> TINYCNN_ADAM_IDS = List.of("adam:0.001", "adam:0.003", "adam:0.01");

    private final RunOutput out;
    private final RunInfo info;
    private final OptimizerRegistry registry;
    private final List<OptimizerSpec> optimizers;
    private final BenchmarkResults results;

    public ReportWriter(RunOutput out, RunInfo info, OptimizerRegistry registry, List<OptimizerSpec> optimizers,
                        BenchmarkResults results) {
        this.out = out;
        this.info = info;
        this.registry = registry;
        this.optimizers = optimizers;
        this.results = results;
    }

    public void writeAll() {
        writeRunsCsv();
        writeSummaryCsv();
        writeWinsCsv();
        Markdown md = new Markdown();
        header(md);
        compared(md);
        instances(md);
        wins(md);
        tinyCnn(md);
        overview(md);
        controller(md);
        details(md);
        divergences(md);
        out.report(md);
    }

    // ---------------------------------------------------------------- CSV

    private void writeRunsCsv() {
        List<List<?>> rows = new ArrayList<>();
        for (BenchmarkResults.Scored s : results.scored()) {
            RunResult r = s.run();
            Instance in = r.spec().instance();
            ControllerStats c = r.controller();
            List<Object> row = new ArrayList<>(List.of(in.name(), in.family(), in.inMetaTraining(), r.spec().optimizer().id(),
                    r.spec().optimizer().kind().group(), r.spec().seed(), in.metric().csvName(), s.metric(),
                    r.rawMetric(), r.finalTrainLoss(), r.diverged(), r.reason(), r.stepsDone(), r.stepsPlanned(),
                    r.trainSeconds(), r.wallSeconds(), r.cpuSeconds()));
            if (c != null) {
                row.addAll(List.of(c.lrScaleMean(), c.lrScaleQuantiles()[0], c.lrScaleQuantiles()[2],
                        c.lrScaleQuantiles()[4], c.lrScaleAtMin(), c.lrScaleAtMax(), c.momentumMean(),
                        c.neutralized()));
            } else {
                row.addAll(Arrays.asList(null, null, null, null, null, null, null, null));
            }
            rows.add(row);
        }
        out.csv("runs.csv", List.of("instance", "family", "in_meta_training", "optimizer", "group", "seed", "metric",
                "value", "raw_value", "final_train_loss", "diverged", "diverge_reason", "steps_done", "steps_planned",
                "train_seconds", "wall_seconds", "cpu_seconds", "lr_scale_mean", "lr_scale_p05", "lr_scale_p50", "lr_scale_p95",
                "lr_scale_at_min_frac", "lr_scale_at_max_frac", "momentum_mean", "neutralized_steps"), rows);
    }

    private void writeSummaryCsv() {
        List<List<?>> rows = new ArrayList<>();
        for (InstanceSummary s : results.instances()) {
            Instance in = s.instance();
            String bestAdam = Reference.ADAM_BEST.on(s).map(o -> o.optimizer().id()).orElse("");
            String bestConst = Reference.CONSTANT_BEST.on(s).map(o -> o.optimizer().id()).orElse("");
            String bestBase = Reference.ALL_BASELINES.on(s).map(o -> o.optimizer().id()).orElse("");
            for (OptimizerSummary o : s.all()) {
                double[] m = o.metrics().clone();
                Arrays.sort(m);
                rows.add(List.of(in.name(), in.family(), in.inMetaTraining(), in.metric().csvName(),
                        in.metric().higherIsBetter(), o.optimizer().id(), o.optimizer().kind().group(), o.runs(),
                        o.mean(), o.sd(), m[0], m[m.length - 1], o.diverged(), o.meanTrainLoss(), o.meanWallSeconds(),
                        o.optimizer().id().equals(bestAdam), o.optimizer().id().equals(bestConst),
                        o.optimizer().id().equals(bestBase)));
            }
        }
        out.csv("summary.csv", List.of("instance", "family", "in_meta_training", "metric", "higher_is_better",
                "optimizer", "group", "runs", "mean", "sd", "min", "max", "diverged", "mean_final_train_loss",
                "mean_wall_seconds", "best_adam", "best_constant", "best_baseline"), rows);
    }

    private void writeWinsCsv() {
        List<List<?>> rows = new ArrayList<>();
        for (Comparison c : results.comparisons()) {
            Instance in = c.instance().instance();
            rows.add(List.of(in.name(), in.family(), in.inMetaTraining(), c.reference().name().toLowerCase(Locale.ROOT),
                    c.other().optimizer().id(), c.opt2vec().mean(), c.other().mean(), c.win(), c.tie()));
        }
        out.csv("wins.csv", List.of("instance", "family", "in_meta_training", "reference", "reference_optimizer",
                "opt2vec_mean", "reference_mean", "win", "tie"), rows);
    }

    // ---------------------------------------------------------------- report sections

    private void header(Markdown md) {
        md.h1("Opt2Vec benchmark: suite `" + info.suite().cliName() + "`");
        md.code(info.commandLine());
        int runs = results.scored().size();
        md.line("- started " + info.startedAt() + "; **wall time " + duration(info.wallSeconds()) + "** (data "
                + duration(info.prepareSeconds()) + ", " + runs + " runs " + duration(info.runSeconds()) + ")");
        double cpu = results.scored().stream().mapToDouble(x -> x.run().cpuSeconds()).filter(Double::isFinite).sum();
        md.line("- CPU time of the run threads " + duration(cpu) + ": on " + info.threads() + " otherwise idle cores the "
                + "runs need at least " + duration(cpu / info.threads()) + " of wall time (JIT compilation, garbage "
                + "collection and start-up come on top); a much higher wall time means the cores were shared with "
                + "other work");
        md.line("- " + results.instances().size() + " instances × " + optimizers.size() + " optimizer settings × "
                + info.seeds().size() + (info.seeds().size() == 1 ? " seed " : " seeds ") + info.seeds());
        if (info.lrDecay() == LrDecay.LINEAR) {
            md.line("- **every optimizer's learning rate decays linearly to zero over each run** (`--lr-decay linear`; "
                    + "for Opt2Vec its base learning rate, which the controller's lr scale multiplies)");
        }
        md.line("- " + info.threads() + " Java threads running runs in parallel, " + info.nativeThreads()
                + " ND4J/OpenBLAS thread(s) per operation (OMP_NUM_THREADS=" + info.ompEnv() + "), " + info.cores()
                + " cores; results do not depend on the number of Java threads");
        md.line("- peak resident memory " + f(info.peakRssMiB(), 0) + " MiB, JVM heap limit " + f(info.maxHeapMiB(), 0)
                + " MiB");
        md.line("");
        if (!results.errors().isEmpty()) {
            md.para("**" + results.errors().size() + " run(s) ended with an error** (counted as diverged; see "
                    + "“Diverged and failed runs”).");
        }
    }

    private void compared(Markdown md) {
        md.h2("What was compared");
        Opt2Vec t = registry.template();
        Opt2Vec mine = registry.opt2vecConfig();
        md.line("- **opt2vec**: " + optimizers.stream().filter(o -> o.kind() == OptimizerSpec.Kind.OPT2VEC)
                .map(OptimizerSpec::label).findFirst().orElse("not run") + "; meta-trained weights: "
                + (mine.isMetaTrained() ? "yes" : "no") + ".");
        md.line("- Template configuration of every Opt2Vec variant (`OptimizerRegistry.defaultTemplate()`): `" + t + "`.");
        md.line("  Lr-scale range [" + f(t.getLrScaleMin(), 3) + ", " + f(t.getLrScaleMax(), 3) + "], base lr "
                + OptimizerRegistry.num(t.getBaseLr()) + ".");
        Map<OptimizerSpec.Kind, List<OptimizerSpec>> byKind = new LinkedHashMap<>();
        for (OptimizerSpec o : optimizers) {
            byKind.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o);
        }
        for (Map.Entry<OptimizerSpec.Kind, List<OptimizerSpec>> e : byKind.entrySet()) {
            if (e.getKey() == OptimizerSpec.Kind.OPT2VEC) {
                continue;
            }
            md.line("- " + switch (e.getKey()) {
                case OPT2VEC_UNTRAINED -> "Untrained controller";
                case ADAM -> "Adam grid (DL4J `Adam`, default betas)";
                case NESTEROVS -> "Nesterovs grid (DL4J `Nesterovs`)";
                case CONSTANT -> "Constant-controller grid (Opt2Vec with a controller that ignores the history: "
                        + "lr = base lr × lr scale, fixed momentum; values on a range bound get a widened range)";
                default -> e.getKey().name();
            } + ": " + e.getValue().stream().map(o -> "`" + o.id() + "`").collect(Collectors.joining(", ")));
        }
        md.line("");
        md.para("Every run of a seed starts from the same initial parameters and sees the same minibatches in the same "
                + "order, whatever the optimizer. Metric: test accuracy (higher is better) or held-out loss (lower is "
                + "better), after the whole budget.");
        md.para("**Divergence**: a run diverges when a minibatch loss is NaN/infinite or over "
                + f(LossMonitor.SPIKE_FACTOR, 0) + "× the first minibatch's (training stops there), when the mean loss "
                + "of the last 10 % of steps is over " + f(LossMonitor.END_FACTOR, 0) + "× the mean of the first "
                + LossMonitor.HEAD + " steps, when the final metric is not finite, or when the run fails with an error. "
                + "A diverged run is scored with the worst metric of its instance (accuracy 0; for a loss metric the "
                + "largest held-out loss seen on the instance, untrained networks included) and counted.");
        md.para("**Wins**: opt2vec wins against a reference on an instance when its mean metric over seeds is at least "
                + "as good (ties count as wins; the number of exact ties is shown). The “best” references (best Adam, "
                + "best constant controller, best baseline) are chosen per instance by their mean on the same seeds "
                + "and the same test data that score them, which favours the references: they are tuned on the test "
                + "set, opt2vec is not tuned at all.");
        Set<String> outside = new LinkedHashSet<>();
        results.instances().stream().filter(s -> !s.instance().inMetaTraining())
                .forEach(s -> outside.add(s.instance().family()));
        md.para("**In meta-training** refers to the task distribution of the bundled weights "
                + "(`BundledWeightsRecipe.tasks()`: "
                + String.join(", ", BundledWeightsRecipe.tasks().families()) + "). "
                + (registry.weights() != null ? "opt2vec runs weights from a file here, which may have been "
                + "meta-trained on other families. " : "")
                + (outside.isEmpty() ? "" : "Families here that were never part of it: " + String.join(", ", outside)
                + "."));
    }

    private void instances(Markdown md) {
        md.h2("Instances");
        List<List<String>> rows = new ArrayList<>();
        for (InstanceSummary s : results.instances()) {
            Instance in = s.instance();
            double cpu = results.scored().stream().filter(x -> x.run().spec().instance() == in)
                    .mapToDouble(x -> x.run().cpuSeconds()).filter(Double::isFinite).sum();
            rows.add(List.of("`" + in.name() + "`", in.family(), in.inMetaTraining() ? "**yes**" : "no", in.data(),
                    in.network(), budget(s), in.batchLabel(),
                    s.trainSize() + " / " + s.testSize(), in.metric().label(), in.note().isEmpty() ? "" : in.note(),
                    duration(cpu)));
        }
        md.table(List.of("instance", "family", "in meta-training", "data", "network", "budget", "batch",
                "train / test examples", "metric", "note", "CPU time (all runs)"), rows);
        long out = results.instances().stream().filter(s -> !s.instance().inMetaTraining()).count();
        md.para(out + " of " + results.instances().size() + " instances come from families the bundled controller "
                + "never saw in meta-training.");
    }

    private void wins(Markdown md) {
        md.h2("Wins of opt2vec");
        List<Comparison> all = results.comparisons();
        if (all.isEmpty()) {
            md.para("opt2vec was not run (or no reference ran), so there are no comparisons.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Reference r : Reference.values()) {
            List<Comparison> cs = all.stream().filter(c -> c.reference() == r).toList();
            if (cs.isEmpty()) {
                continue;
            }
            rows.add(List.of(r.label(), Comparison.Tally.of(cs).format(),
                    Comparison.Tally.of(filter(cs, c -> !c.instance().instance().inMetaTraining())).format(),
                    Comparison.Tally.of(filter(cs, c -> c.instance().instance().inMetaTraining())).format()));
        }
        md.table(List.of("opt2vec vs", "all instances", "out of meta-training family", "in meta-training family"),
                rows);
        for (Reference r : Reference.values()) {
            md.line("- *" + r.label() + "*: " + r.meaning() + ".");
        }
        md.line("");
        md.para("Per family:");
        Set<String> families = new LinkedHashSet<>();
        results.instances().forEach(s -> families.add(s.instance().family()));
        List<String> header = new ArrayList<>(List.of("family", "instances"));
        List<Reference> refs = Arrays.stream(Reference.values())
                .filter(r -> all.stream().anyMatch(c -> c.reference() == r)).toList();
        refs.forEach(r -> header.add("vs " + r.label()));
        rows = new ArrayList<>();
        for (String fam : families) {
            List<String> row = new ArrayList<>();
            long n = results.instances().stream().filter(s -> s.instance().family().equals(fam)).count();
            boolean in = results.instances().stream().anyMatch(s -> s.instance().family().equals(fam)
                    && s.instance().inMetaTraining());
            row.add(fam + (in ? " (in meta-training)" : ""));
            row.add(String.valueOf(n));
            for (Reference r : refs) {
                row.add(Comparison.Tally.of(all.stream().filter(c -> c.reference() == r
                        && c.instance().instance().family().equals(fam)).toList()).format());
            }
            rows.add(row);
        }
        md.table(header, rows);
        perConstantSetting(md);
    }

    /**
     * opt2vec against every setting of the constant grid on its own: which single fixed lr scale and momentum, used
     * for every instance, opt2vec beats how often (the per-instance best of the grid is a different, tuned reference).
     */
    private void perConstantSetting(Markdown md) {
        Map<String, int[]> tally = new LinkedHashMap<>();
        for (InstanceSummary s : results.instances()) {
            Optional<OptimizerSummary> mine = s.get("opt2vec");
            if (mine.isEmpty()) {
                continue;
            }
            for (OptimizerSummary o : s.all()) {
                if (o.optimizer().kind() != OptimizerSpec.Kind.CONSTANT) {
                    continue;
                }
                int[] t = tally.computeIfAbsent(o.optimizer().id(), k -> new int[2]);
                t[0] += s.instance().metric().atLeastAsGood(mine.get().mean(), o.mean()) ? 1 : 0;
                t[1]++;
            }
        }
        if (tally.isEmpty()) {
            return;
        }
        md.para("Against each constant setting on its own (one fixed lr scale and momentum for every instance; "
                + "`" + BundledWeightsRecipe.SEARCHED_CONSTANT.id() + "` is the one `opt2vec constant-search` chose "
                + "on the meta-training tasks):");
        List<List<String>> rows = new ArrayList<>();
        tally.forEach((id, t) -> rows.add(List.of("`" + id + "`"
                + (id.equals(BundledWeightsRecipe.SEARCHED_CONSTANT.id()) ? " (recipe's)" : ""),
                t[0] + "/" + t[1] + " (" + Math.round(100.0 * t[0] / t[1]) + " %)")));
        md.table(List.of("constant setting", "opt2vec at least as good"), rows);
    }

    private static List<Comparison> filter(List<Comparison> cs, Predicate<Comparison> p) {
        return cs.stream().filter(p).toList();
    }

    private void tinyCnn(Markdown md) {
        Optional<InstanceSummary> s = results.instances().stream()
                .filter(i -> i.instance().name().equals("mnist-tinycnn")).findFirst();
        if (s.isEmpty()) {
            return;
        }
        InstanceSummary t = s.get();
        md.h2("mnist-tinycnn: opt2vec vs the best of Adam {1e-3, 3e-3, 1e-2}");
        List<OptimizerSummary> adams = TINYCNN_ADAM_IDS.stream().map(t::get).flatMap(Optional::stream).toList();
        Optional<OptimizerSummary> best = t.best(adams);
        Optional<OptimizerSummary> mine = t.get("opt2vec");
        List<List<String>> rows = new ArrayList<>();
        mine.ifPresent(o -> rows.add(List.of("opt2vec", value(t, o), String.valueOf(o.diverged()), perSeed(t, o))));
        for (OptimizerSummary a : adams) {
            rows.add(List.of(a.optimizer().id() + (best.isPresent() && best.get() == a ? " (best of the three)" : ""),
                    value(t, a), String.valueOf(a.diverged()), perSeed(t, a)));
        }
        md.table(List.of("optimizer", t.instance().metric().label() + " (mean ± sd)", "diverged", "per seed"), rows);
        if (mine.isPresent() && best.isPresent()) {
            double diff = mine.get().mean() - best.get().mean();
            md.para(budget(t) + ", " + t.trainSize() + " training images: opt2vec "
                    + (diff >= 0 ? "is at least as accurate as" : "is less accurate than") + " the best of these Adam "
                    + "settings (" + best.get().optimizer().id() + ") by " + f(100 * Math.abs(diff), 2)
                    + " percentage points of mean test accuracy"
                    + (adams.size() < TINYCNN_ADAM_IDS.size() ? " (not all three Adam settings ran)" : "") + ".");
        } else {
            md.para("Not all of opt2vec and Adam {1e-3, 3e-3, 1e-2} ran, so there is no comparison.");
        }
    }

    private void overview(Markdown md) {
        md.h2("Results per instance");
        md.para("Mean ± sd over seeds. Accuracy in %, losses as measured. “best X” names the setting chosen per "
                + "instance.");
        List<List<String>> rows = new ArrayList<>();
        for (InstanceSummary s : results.instances()) {
            List<String> row = new ArrayList<>();
            row.add("`" + s.instance().name() + "`" + (s.instance().inMetaTraining() ? " (in)" : ""));
            row.add(s.instance().metric().label());
            row.add(s.get("opt2vec").map(o -> "**" + value(s, o) + "**").orElse("–"));
            row.add(s.get("opt2vec-untrained").map(o -> value(s, o)).orElse("–"));
            row.add(s.get("adam:0.001").map(o -> value(s, o)).orElse("–"));
            row.add(named(s, Reference.ADAM_BEST.on(s)));
            row.add(named(s, s.best(EnumSet.of(OptimizerSpec.Kind.NESTEROVS))));
            row.add(named(s, Reference.CONSTANT_BEST.on(s)));
            row.add(named(s, Reference.ALL_BASELINES.on(s)));
            row.add(rank(s));
            rows.add(row);
        }
        md.table(List.of("instance", "metric", "opt2vec", "untrained", "Adam(1e-3)", "best Adam", "best Nesterovs",
                "best constant", "best baseline", "opt2vec rank"), rows);
    }

    private String rank(InstanceSummary s) {
        Optional<OptimizerSummary> mine = s.get("opt2vec");
        if (mine.isEmpty()) {
            return "–";
        }
        Metric m = s.instance().metric();
        long better = s.all().stream().filter(o -> m.better(o.mean(), mine.get().mean())).count();
        return (better + 1) + " of " + s.all().size();
    }

    private void controller(Markdown md) {
        List<RunResult> mine = results.scored().stream().map(BenchmarkResults.Scored::run)
                .filter(r -> r.spec().optimizer().kind() == OptimizerSpec.Kind.OPT2VEC && r.controller() != null)
                .toList();
        if (mine.isEmpty()) {
            return;
        }
        md.h2("What opt2vec's controller did");
        ControllerStats any = mine.get(0).controller();
        md.para("Lr scale (the controller's multiplier of the base lr " + OptimizerRegistry.num(
                registry.opt2vecConfig().getBaseLr()) + "; range [" + f(any.lrScaleMin(), 3) + ", "
                + f(any.lrScaleMax(), 3) + "]) over every step of every updater block, pooled over seeds. "
                + "“at min/max”: share of steps within 1 % of a range bound. “median by fifth”: median lr scale in "
                + "each fifth of training (by iteration).");
        List<List<String>> rows = new ArrayList<>();
        List<float[]> pooledAll = new ArrayList<>();
        for (InstanceSummary s : results.instances()) {
            List<RunResult> runs = mine.stream().filter(r -> r.spec().instance() == s.instance()).toList();
            if (runs.isEmpty()) {
                continue;
            }
            List<float[]> pooled = runs.stream().map(r -> r.controller().lrScales()).filter(a -> a != null).toList();
            pooledAll.addAll(pooled);
            rows.add(controllerRow("`" + s.instance().name() + "`", runs, pooled));
        }
        rows.add(controllerRow("**all instances**", mine, pooledAll));
        md.table(List.of("instance", "p5", "p25", "median", "p75", "p95", "at min", "at max",
                "median by fifth (1st … 5th)", "momentum median", "neutralized steps"), rows);
        // traces for the first instance of each family
        Set<String> seen = new LinkedHashSet<>();
        for (InstanceSummary s : results.instances()) {
            if (seen.size() >= TRACE_INSTANCES || !seen.add(s.instance().family())) {
                continue;
            }
            List<RunResult> runs = mine.stream().filter(r -> r.spec().instance() == s.instance()).toList();
            if (runs.isEmpty()) {
                continue;
            }
            String lrFile = "controller-lr-" + s.instance().name() + ".png";
            String momFile = "controller-momentum-" + s.instance().name() + ".png";
            if (png(lrFile, () -> BenchmarkCharts.lrScaleTrace(s, runs))) {
                md.image(s.instance().name() + " lr scale", lrFile);
            }
            if (png(momFile, () -> BenchmarkCharts.momentumTrace(s, runs))) {
                md.image(s.instance().name() + " momentum", momFile);
            }
        }
    }

    private List<String> controllerRow(String name, List<RunResult> runs, List<float[]> pooled) {
        int total = pooled.stream().mapToInt(a -> a.length).sum();
        float[] all = new float[total];
        int k = 0;
        for (float[] a : pooled) {
            System.arraycopy(a, 0, all, k, a.length);
            k += a.length;
        }
        Arrays.sort(all);
        double lo = runs.get(0).controller().lrScaleMin();
        double hi = runs.get(0).controller().lrScaleMax();
        long atMin = 0;
        long atMax = 0;
        for (float v : all) {
            if (v <= lo * (1 + ControllerStats.BOUND_TOLERANCE)) {
                atMin++;
            }
            if (v >= hi * (1 - ControllerStats.BOUND_TOLERANCE)) {
                atMax++;
            }
        }
        List<String> row = new ArrayList<>();
        row.add(name);
        for (double q : ControllerStats.QUANTILES) {
            row.add(f(Quantiles.sorted(all, q), 2));
        }
        row.add(pct(total == 0 ? Double.NaN : (double) atMin / total));
        row.add(pct(total == 0 ? Double.NaN : (double) atMax / total));
        double[] fifths = new double[5];
        for (int i = 0; i < 5; i++) {
            int ii = i;
            fifths[i] = runs.stream().mapToDouble(r -> r.controller().lrScaleByFifth()[ii]).filter(Double::isFinite)
                    .average().orElse(Double.NaN);
        }
        row.add(Arrays.stream(fifths).mapToObj(v -> f(v, 2)).collect(Collectors.joining(" · ")));
        row.add(f(runs.stream().mapToDouble(r -> r.controller().momentumMedian()).average().orElse(Double.NaN), 3));
        row.add(String.valueOf(runs.stream().mapToLong(r -> r.controller().neutralized()).sum()));
        return row;
    }

    private void details(Markdown md) {
        md.h2("All optimizers, instance by instance");
        for (InstanceSummary s : results.instances()) {
            Instance in = s.instance();
            md.line("### " + in.name());
            md.line("");
            md.para(in.data() + "; " + in.network() + "; " + budget(s) + ", batch " + in.batchLabel() + ". Metric: "
                    + in.metric().label() + ".");
            List<List<String>> rows = new ArrayList<>();
            Optional<OptimizerSummary> bestBase = Reference.ALL_BASELINES.on(s);
            for (OptimizerSummary o : s.all()) {
                String id = "`" + o.optimizer().id() + "`" + (bestBase.isPresent() && bestBase.get() == o
                        ? " (best baseline)" : "");
                rows.add(List.of(id, value(s, o), perSeed(s, o), String.valueOf(o.diverged()),
                        Double.isNaN(o.meanTrainLoss()) ? "–" : sig(o.meanTrainLoss()), f(o.meanWallSeconds(), 1)));
            }
            md.table(List.of("optimizer", "mean ± sd", "per seed", "diverged", "final train loss", "s / run"), rows);
            String file = "metric-" + in.name() + ".png";
            if (png(file, () -> BenchmarkCharts.metricBars(s))) {
                md.image(in.name(), file);
            }
        }
    }

    private void divergences(Markdown md) {
        md.h2("Diverged and failed runs");
        List<RunResult> bad = results.scored().stream().map(BenchmarkResults.Scored::run).filter(RunResult::diverged)
                .toList();
        if (bad.isEmpty()) {
            md.para("None.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (RunResult r : bad) {
            rows.add(List.of(r.spec().instance().name(), "`" + r.spec().optimizer().id() + "`",
                    String.valueOf(r.spec().seed()), r.stepsDone() + " / " + r.stepsPlanned(),
                    r.reason().replace("|", "/")));
        }
        md.table(List.of("instance", "optimizer", "seed", "steps done", "reason"), rows);
        Map<String, Long> byOpt = bad.stream().collect(Collectors.groupingBy(r -> r.spec().optimizer().id(),
                LinkedHashMap::new, Collectors.counting()));
        md.para("By optimizer: " + byOpt.entrySet().stream().map(e -> "`" + e.getKey() + "` " + e.getValue())
                .collect(Collectors.joining(", ")) + ".");
    }

    // ---------------------------------------------------------------- helpers

    private boolean png(String file, java.util.function.Supplier<org.knowm.xchart.internal.chartpart.Chart<?, ?>> chart) {
        try {
            out.png(file, chart.get());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String value(InstanceSummary s, OptimizerSummary o) {
        String v = s.instance().metric() == Metric.ACCURACY
                ? f(100 * o.mean(), 2) + " ± " + f(100 * o.sd(), 2)
                : sig(o.mean()) + " ± " + sig(o.sd());
        return v + (o.diverged() > 0 ? " (" + o.diverged() + " div.)" : "");
    }

    private static String named(InstanceSummary s, Optional<OptimizerSummary> o) {
        return o.map(x -> value(s, x) + " `" + x.optimizer().id() + "`").orElse("–");
    }

    private static String perSeed(InstanceSummary s, OptimizerSummary o) {
        return Arrays.stream(o.metrics()).mapToObj(v -> s.instance().metric() == Metric.ACCURACY ? f(100 * v, 2) : sig(v))
                .collect(Collectors.joining(" / "));
    }

    /** "2 epochs = 1876 steps", or "1500 steps". */
    private static String budget(InstanceSummary s) {
        String b = s.instance().budget();
        return b.endsWith(" steps") ? b : b + " = " + s.steps() + " steps";
    }

    static String sig(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : f(100 * v, 1) + " %";
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min %02d s", s / 3600, s % 3600 / 60, s % 60)
                : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
