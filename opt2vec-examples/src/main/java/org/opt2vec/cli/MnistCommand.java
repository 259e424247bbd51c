package org.opt2vec.cli;

import org.knowm.xchart.XYChart;
import org.opt2vec.cli.common.Charts;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.DataOptions;
import org.opt2vec.cli.common.Markdown;
import org.opt2vec.cli.common.ProcessMemory;
import org.opt2vec.cli.common.Progress;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.Stats;
import org.opt2vec.cli.data.Data;
import org.opt2vec.cli.train.Networks;
import org.opt2vec.cli.train.Optimizers;
import org.opt2vec.cli.train.TrainingRun;
import org.opt2vec.cli.train.TrainingRun.Result;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.opt2vec.cli.common.Markdown.f;

/** {@code opt2vec mnist}: Opt2Vec against Adam, Nesterov momentum and SGD on MNIST (or the user's CSV). */
@Command(name = "mnist", sortOptions = false,
        description = {"Trains TinyCNN (and/or an MLP) on MNIST with each optimizer and several seeds, and reports test "
                + "accuracy (mean ± sd), final training loss, wall time per epoch and peak memory, with plots of the "
                + "training loss, the test accuracy per epoch and Opt2Vec's learning-rate scale and momentum.",
                "Optimizers, with fixed untuned settings: opt2vec (defaults, bundled meta-trained weights when this "
                        + "build has them), opt2vec-untrained (= momentum SGD lr 0.01, momentum 0.9), adam (1e-3), "
                        + "nesterovs (0.01, 0.9), sgd (0.01). Runs of one seed alternate between the optimizers (the "
                        + "order rotates per seed), so their epoch times are measured interleaved."})
public final class MnistCommand implements Callable<Integer> {
    /** Default training-set size: small enough for a few minutes on 2 cores; --train-size 60000 for full MNIST. */
    static final int DEFAULT_TRAIN_SIZE = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--net", split = ",", paramLabel = "NET", defaultValue = "tinycnn", converter = NetConverter.class,
            description = "Networks, comma-separated: tinycnn, mlp (default: ${DEFAULT-VALUE}).")
    List<Networks> nets;

    @Option(names = "--optimizers", split = ",", paramLabel = "OPT", converter = OptConverter.class,
            defaultValue = "opt2vec,opt2vec-untrained,adam,nesterovs,sgd",
            description = "Optimizers, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Optimizers> optimizers;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "2", description = "Epochs per run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3", description = "Seeds per optimizer (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--first-seed", paramLabel = "SEED", defaultValue = "1", description = "First seed; runs use first..first+seeds-1 (default: ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--train-size", paramLabel = "N", defaultValue = "" + DEFAULT_TRAIN_SIZE,
            description = "Training examples of MNIST to use, up to 60000 (default: ${DEFAULT-VALUE}; the original "
                    + "used 1000 for speed).")
    int trainSize;

    @Option(names = "--test-size", paramLabel = "N", defaultValue = "10000", description = "MNIST test examples, up to 10000 (default: ${DEFAULT-VALUE}).")
    int testSize;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--no-warmup", description = "Skip the untimed warm-up (a few minibatches per optimizer) before the timed runs.")
    boolean noWarmup;

    @Mixin
    DataOptions data;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        validate();
        common.applyLogging();
        PrintWriter out = spec.commandLine().getOut();
        RunOutput run = RunOutput.create(common.output, "mnist");
        out.println("opt2vec mnist: output in " + run.dir());
        Data d = data.load(batchSize, trainSize, testSize, System.err);
        out.println("data: " + d.name());
        boolean metaTrained = new Opt2Vec().isMetaTrained();
        if (optimizers.contains(Optimizers.OPT2VEC) && !metaTrained) {
            out.println("note: this build has no bundled meta-trained weights, so `opt2vec` (defaults) runs the untrained "
                    + "controller, i.e. momentum SGD (lr 0.01, momentum 0.9).");
        }
        if (!noWarmup) {
            warmUp(d);
        }
        long perEpoch = (d.trainSize() + batchSize - 1) / batchSize;
        long total = perEpoch * epochs * seeds * optimizers.size() * nets.size();
        List<Result> results = new ArrayList<>();
        long start = System.nanoTime();
        try (Progress bar = Progress.start("mnist", total, common.progress())) {
            for (Networks net : nets) {
                for (int s = 0; s < seeds; s++) {
                    long seed = firstSeed + s;
                    for (int k = 0; k < optimizers.size(); k++) {
                        Optimizers o = optimizers.get((k + s) % optimizers.size());
                        bar.message(net + " " + o + " seed " + seed);
                        results.add(TrainingRun.run(net, o.cliName(), o.updater(), d, seed, epochs, loss -> bar.step()));
                    }
                }
            }
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        double peakRss = ProcessMemory.peakRssMiB();
        write(run, d, results, metaTrained, totalSeconds, peakRss, out);
        return 0;
    }

    private void validate() {
        List<String> errors = new ArrayList<>();
        if (epochs < 1) errors.add("--epochs must be >= 1, was " + epochs);
        if (seeds < 1) errors.add("--seeds must be >= 1, was " + seeds);
        if (trainSize < 1) errors.add("--train-size must be >= 1, was " + trainSize);
        if (testSize < 1) errors.add("--test-size must be >= 1, was " + testSize);
        if (batchSize < 1) errors.add("--batch-size must be >= 1, was " + batchSize);
        if (optimizers.stream().distinct().count() != optimizers.size()) errors.add("--optimizers lists one twice");
        if (nets.stream().distinct().count() != nets.size()) errors.add("--net lists one twice");
        String dataError = data.validate();
        if (dataError != null) errors.add(dataError);
        if (data.isCsv() && nets.contains(Networks.TINYCNN)) errors.add("--data (tabular CSV) needs --net mlp");
        if (!errors.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", errors));
        }
    }

    /** A few untimed minibatches per optimizer, so JIT and ND4J start-up do not land in the first timed run. */
    private void warmUp(Data d) {
        for (Networks net : nets) {
            for (Optimizers o : optimizers) {
                var model = net.build(d, o.updater(), 0);
                if (o.isOpt2Vec()) {
                    Opt2Vec.attach(model);
                }
                var it = d.train().apply(0);
                for (int i = 0; i < 20 && it.hasNext(); i++) {
                    model.fit(it.next());
                }
            }
        }
    }

    private void write(RunOutput run, Data d, List<Result> results, boolean metaTrained, double totalSeconds,
                       double peakRss, PrintWriter out) {
        // ---- CSVs ----
        List<List<?>> rows = new ArrayList<>();
        for (Result r : results) {
            for (int e = 0; e < epochs; e++) {
                int from = (int) (e * (long) r.losses().length / epochs);
                int to = (int) ((e + 1) * (long) r.losses().length / epochs);
                rows.add(List.of(r.network(), r.optimizer(), r.seed(), e + 1, r.testAccuracy()[e], r.epochSeconds()[e],
                        Stats.mean(Arrays.copyOfRange(r.losses(), from, to))));
            }
        }
        run.csv("epochs.csv", List.of("network", "optimizer", "seed", "epoch", "test_accuracy", "epoch_seconds",
                "mean_train_loss"), rows);
        rows = new ArrayList<>();
        for (Result r : results) {
            for (int i = 0; i < r.losses().length; i++) {
                rows.add(List.of(r.network(), r.optimizer(), r.seed(), i, r.losses()[i]));
            }
        }
        run.csv("train-loss.csv", List.of("network", "optimizer", "seed", "iteration", "loss"), rows);
        rows = new ArrayList<>();
        for (Result r : results) {
            for (Opt2VecStep s : r.steps()) {
                rows.add(List.of(r.network(), r.optimizer(), r.seed(), s.block(), s.iteration(), s.loss(), s.gradNorm(),
                        s.lrScale(), s.momentum(), s.effectiveLr()));
            }
        }
        if (!rows.isEmpty()) {
            run.csv("opt2vec-steps.csv", List.of("network", "optimizer", "seed", "block", "iteration", "loss", "grad_norm",
                    "lr_scale", "momentum", "effective_lr"), rows);
        }

        // ---- summary ----
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        for (Networks net : nets) {
            for (Optimizers o : optimizers) {
                groups.put(net + "/" + o, new ArrayList<>());
            }
        }
        results.forEach(r -> groups.get(r.network() + "/" + r.optimizer()).add(r));
        List<List<?>> summaryRows = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        for (Map.Entry<String, List<Result>> g : groups.entrySet()) {
            List<Result> rs = g.getValue();
            double[] acc = rs.stream().mapToDouble(Result::finalTestAccuracy).toArray();
            double[] loss = rs.stream().mapToDouble(r -> Stats.tailMean(r.losses(), 50)).toArray();
            double[] sec = rs.stream().flatMapToDouble(r -> Arrays.stream(r.epochSeconds())).toArray();
            String[] key = g.getKey().split("/");
            Optimizers o = Optimizers.parse(key[1]);
            double[] ratio = ratioToAdam(key[0], rs, groups);
            summaryRows.add(List.of(key[0], key[1], rs.size(), Stats.mean(acc), Stats.sd(acc), Stats.mean(loss),
                    Stats.sd(loss), Stats.mean(sec), Stats.sd(sec), ratio == null ? Double.NaN : Stats.mean(ratio)));
            table.add(List.of(key[0], o.label(), String.valueOf(rs.size()),
                    f(100 * Stats.mean(acc), 2) + " ± " + f(100 * Stats.sd(acc), 2),
                    f(Stats.mean(loss), 4) + " ± " + f(Stats.sd(loss), 4),
                    f(Stats.mean(sec), 2) + " ± " + f(Stats.sd(sec), 2),
                    ratio == null ? "–" : f(Stats.mean(ratio), 3)));
        }
        run.csv("summary.csv", List.of("network", "optimizer", "runs", "test_accuracy_mean", "test_accuracy_sd",
                "final_train_loss_mean", "final_train_loss_sd", "epoch_seconds_mean", "epoch_seconds_sd",
                "epoch_time_ratio_to_adam"), summaryRows);

        // ---- plots ----
        for (Networks net : nets) {
            XYChart loss = Charts.lines("Training loss, " + net + " (mean over seeds, moving average of 20 steps)",
                    "iteration", "training loss");
            XYChart acc = Charts.lines("Test accuracy per epoch, " + net + " (mean over seeds)", "epoch", "test accuracy");
            XYChart lr = Charts.lines("Opt2Vec learning-rate scale, " + net + " (seed " + firstSeed + ")", "iteration", "lr scale");
            XYChart mom = Charts.lines("Opt2Vec momentum, " + net + " (seed " + firstSeed + ")", "iteration", "momentum");
            boolean controller = false;
            for (Optimizers o : optimizers) {
                List<Result> rs = groups.get(net + "/" + o);
                double[] meanLoss = meanOver(rs.stream().map(Result::losses).toList());
                Charts.line(loss, o.label(), Charts.index(meanLoss.length), Stats.movingAverage(meanLoss, 20));
                double[] meanAcc = meanOver(rs.stream().map(Result::testAccuracy).toList());
                double[] ep = new double[epochs];
                Arrays.setAll(ep, i -> i + 1);
                Charts.line(acc, o.label(), ep, meanAcc);
                List<Opt2VecStep> steps = rs.get(0).steps().stream().filter(s -> s.block() == 0).toList();
                if (!steps.isEmpty()) {
                    controller = true;
                    double[] it = steps.stream().mapToDouble(Opt2VecStep::iteration).toArray();
                    Charts.line(lr, o.label(), it, steps.stream().mapToDouble(Opt2VecStep::lrScale).toArray());
                    Charts.line(mom, o.label(), it, steps.stream().mapToDouble(Opt2VecStep::momentum).toArray());
                }
            }
            run.png("train-loss-" + net + ".png", loss);
            run.png("test-accuracy-" + net + ".png", acc);
            if (controller) {
                run.png("opt2vec-lr-scale-" + net + ".png", lr);
                run.png("opt2vec-momentum-" + net + ".png", mom);
            }
        }

        // ---- report ----
        Markdown md = new Markdown().h1("Opt2Vec on " + (data.isCsv() ? "CSV data" : "MNIST") + ": comparison of optimizers");
        md.para("Command: `" + org.opt2vec.cli.common.RunOutput.commandLine(spec.commandLine()) + "`");
        md.line("- data: " + d.name());
        md.line("- networks: " + nets + "; epochs: " + epochs + "; seeds: " + firstSeed + ".." + (firstSeed + seeds - 1)
                + "; batch size: " + batchSize);
        md.line("- Opt2Vec defaults: " + (metaTrained ? "bundled meta-trained controller"
                : "**no bundled meta-trained weights in this build: `opt2vec` ran the untrained controller (= momentum SGD "
                + "0.01/0.9), identical to `opt2vec-untrained`**"));
        md.line("- machine: " + Runtime.getRuntime().availableProcessors() + " cores, OMP_NUM_THREADS="
                + System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)") + ", JVM max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, javacpp maxbytes "
                + System.getProperty("org.bytedeco.javacpp.maxbytes", "(default)") + ", maxphysicalbytes "
                + System.getProperty("org.bytedeco.javacpp.maxphysicalbytes", "(default)"));
        md.line("- total training time " + f(totalSeconds, 1) + " s; **peak resident memory of the process (all runs): "
                + f(peakRss, 0) + " MiB** (VmHWM)");
        md.para("");
        md.h2("Results");
        md.para("Test accuracy after the last epoch; final training loss = mean loss of the last 50 minibatches; epoch "
                + "time = wall time of `fit` over one epoch (evaluation excluded), mean ± sd over all epochs and seeds; "
                + "time ratio = the optimizer's mean epoch time / Adam's, per seed, averaged.");
        md.table(List.of("network", "optimizer", "runs", "test accuracy %", "final training loss", "s / epoch",
                "time / Adam"), table);
        for (Networks net : nets) {
            List<Result> o2v = groups.get(net + "/" + Optimizers.OPT2VEC);
            List<Result> adam = groups.get(net + "/" + Optimizers.ADAM);
            if (o2v != null && adam != null) {
                double dAcc = 100 * (Stats.mean(o2v.stream().mapToDouble(Result::finalTestAccuracy).toArray())
                        - Stats.mean(adam.stream().mapToDouble(Result::finalTestAccuracy).toArray()));
                double ratio = Stats.mean(ratioToAdam(net.cliName(), o2v, groups));
                md.para("**" + net + ", Opt2Vec (defaults) vs Adam(1e-3):** accuracy difference " + f(dAcc, 2)
                        + " percentage points (issue target ≥ −0.3 on full MNIST, 2 epochs, 3 seeds: "
                        + (dAcc >= -0.3 ? "met" : "not met") + " in this run); epoch time ratio " + f(ratio, 3)
                        + " (target ≤ 1.05: " + (ratio <= 1.05 ? "met" : "not met") + " in this run).");
            }
        }
        for (Networks net : nets) {
            md.image("training loss " + net, "train-loss-" + net + ".png");
            md.image("test accuracy " + net, "test-accuracy-" + net + ".png");
            if (run.files().contains("opt2vec-lr-scale-" + net + ".png")) {
                md.image("Opt2Vec lr scale " + net, "opt2vec-lr-scale-" + net + ".png");
                md.image("Opt2Vec momentum " + net, "opt2vec-momentum-" + net + ".png");
            }
        }
        run.report(md);

        // ---- console ----
        out.printf("%n%-8s %-42s %-16s %-18s %-14s %s%n", "network", "optimizer", "test acc %", "final train loss",
                "s/epoch", "time/Adam");
        for (List<String> r : table) {
            out.printf("%-8s %-42s %-16s %-18s %-14s %s%n", r.get(0), r.get(1), r.get(3), r.get(4), r.get(5), r.get(6));
        }
        out.printf("peak RSS %.0f MiB; total %.1f s%nreport: %s%n", peakRss, totalSeconds, run.resolve("report.md"));
        out.flush();
    }

    /** Per seed: this group's mean epoch time / Adam's; null when Adam did not run. */
    private static double[] ratioToAdam(String net, List<Result> rs, Map<String, List<Result>> groups) {
        List<Result> adam = groups.get(net + "/" + Optimizers.ADAM);
        if (adam == null) {
            return null;
        }
        double[] out = new double[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            Result r = rs.get(i);
            Result a = adam.stream().filter(x -> x.seed() == r.seed()).findFirst().orElseThrow();
            out[i] = Stats.mean(r.epochSeconds()) / Stats.mean(a.epochSeconds());
        }
        return out;
    }

    /** Element-wise mean of equally long series (shortest length wins). */
    private static double[] meanOver(List<double[]> series) {
        int n = series.stream().mapToInt(a -> a.length).min().orElse(0);
        double[] m = new double[n];
        for (double[] s : series) {
            for (int i = 0; i < n; i++) {
                m[i] += s[i] / series.size();
            }
        }
        return m;
    }

    static final class NetConverter implements picocli.CommandLine.ITypeConverter<Networks> {
        @Override
        public Networks convert(String value) {
            try {
                return Networks.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class OptConverter implements picocli.CommandLine.ITypeConverter<Optimizers> {
        @Override
        public Optimizers convert(String value) {
            try {
                return Optimizers.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
