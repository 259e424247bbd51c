package org.opt2vec.cli;

import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.DataOptions;
import org.opt2vec.cli.common.OptionDefaults;
import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.cli.common.ProcessMemory;
import org.opt2vec.cli.common.Progress;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.TrainingOptions;
import org.opt2vec.cli.data.Data;
import org.opt2vec.cli.mnist.Comparison;
import org.opt2vec.cli.mnist.MnistReport;
import org.opt2vec.cli.train.Networks;
import org.opt2vec.cli.train.Optimizers;
import org.opt2vec.cli.train.TrainingRun;
import org.opt2vec.cli.train.TrainingRun.Result;
import org.opt2vec.dl4j.Opt2Vec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code opt2vec mnist}: Opt2Vec against Adam, Nesterov momentum and SGD on MNIST (or the user's CSV). */
@Command(name = "mnist", sortOptions = false, defaultValueProvider = MnistCommand.Defaults.class,
        description = {"Trains TinyCNN (and/or an MLP) on MNIST with each optimizer and several seeds, and reports test "
                + "accuracy (mean ± sd), final training loss, wall time per epoch and peak memory, with plots of the "
                + "training loss, the test accuracy per epoch and Opt2Vec's learning-rate scale and momentum.",
                "Optimizers, with fixed untuned settings: opt2vec (defaults, bundled meta-trained weights when this "
                        + "build has them), opt2vec-untrained (lr scale 1, momentum 0.9: Adam(0.01 × the initial parameter RMS) with the defaults), adam (1e-3), "
                        + "nesterovs (0.01, 0.9), sgd (0.01). Runs of one seed alternate between the optimizers (the "
                        + "order rotates per seed), so their epoch times are measured interleaved."})
public final class MnistCommand implements Callable<Integer> {
    /** Default training-set size: small enough for a few minutes on 2 cores; --train-size 60000 for full MNIST. */
    static final int DEFAULT_TRAIN_SIZE = 10_000;

    /** The defaults of this command's mixin options. */
    public static final class Defaults extends OptionDefaults {
        public Defaults() {
            super("--epochs", "2", "--batch-size", "64", "--train-size", "" + DEFAULT_TRAIN_SIZE,
                    "--test-size", "10000");
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--net", split = ",", paramLabel = "NET", defaultValue = "tinycnn", converter = Networks.Converter.class,
            description = "Networks, comma-separated: tinycnn, mlp (default: ${DEFAULT-VALUE}).")
    List<Networks> nets;

    @Option(names = "--optimizers", split = ",", paramLabel = "OPT", converter = Optimizers.Converter.class,
            defaultValue = "opt2vec,opt2vec-untrained,adam,nesterovs,sgd",
            description = "Optimizers, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Optimizers> optimizers;

    @Mixin
    TrainingOptions training;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3", description = "Seeds per optimizer (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--first-seed", paramLabel = "SEED", defaultValue = "1", description = "First seed; runs use first..first+seeds-1 (default: ${DEFAULT-VALUE}).")
    long firstSeed;

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
        Data d = data.load(training.batchSize(), System.err);
        out.println("data: " + d.name());
        boolean metaTrained = new Opt2Vec().isMetaTrained();
        if (optimizers.contains(Optimizers.OPT2VEC) && !metaTrained) {
            out.println("note: this build has no bundled meta-trained weights, so `opt2vec` (defaults) runs the untrained "
                    + "controller (Adam(0.01 × the initial parameter RMS) with the default settings).");
        }
        if (!noWarmup) {
            warmUp(d);
        }
        long start = System.nanoTime();
        List<Result> results = train(d);
        double seconds = (System.nanoTime() - start) / 1e9;
        double peakRss = ProcessMemory.peakRssMiB();
        Comparison comparison = new Comparison(nets, optimizers, training.epochs(), results);
        new MnistReport(comparison, RunOutput.commandLine(spec.commandLine()), setup(d, metaTrained), firstSeed,
                peakRss, seconds).write(run, "Opt2Vec on " + (data.isCsv() ? "CSV data" : "MNIST")
                + ": comparison of optimizers", out);
        return 0;
    }

    private void validate() {
        OptionErrors errors = new OptionErrors().atLeast("--seeds", seeds, 1)
                .require(optimizers.stream().distinct().count() == optimizers.size(), "--optimizers lists one twice")
                .require(nets.stream().distinct().count() == nets.size(), "--net lists one twice")
                .require(!data.isCsv() || !nets.contains(Networks.TINYCNN), "--data (tabular CSV) needs --net mlp");
        training.check(errors);
        data.check(errors);
        errors.throwIfAny(spec.commandLine());
    }

    /** A few untimed minibatches per optimizer, so JIT and ND4J start-up do not land in the first timed run. */
    private void warmUp(Data d) {
        for (Networks net : nets) {
            for (Optimizers o : optimizers) {
                var model = net.build(d, o.updater(20), 0);
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

    /** Every network with every optimizer and seed; within a seed the optimizers' order rotates. */
    private List<Result> train(Data d) {
        int batchSize = training.batchSize();
        long perEpoch = (d.trainSize() + batchSize - 1) / batchSize;
        long total = perEpoch * training.epochs() * seeds * optimizers.size() * nets.size();
        List<Result> results = new ArrayList<>();
        try (Progress bar = Progress.start("mnist", total, common.progress())) {
            for (Networks net : nets) {
                for (int s = 0; s < seeds; s++) {
                    long seed = firstSeed + s;
                    for (int k = 0; k < optimizers.size(); k++) {
                        Optimizers o = optimizers.get((k + s) % optimizers.size());
                        bar.message(net + " " + o + " seed " + seed);
                        results.add(TrainingRun.run(net, o.cliName(), o.updater(perEpoch * training.epochs()), d,
                                seed, training.epochs(),
                                loss -> bar.step()));
                    }
                }
            }
        }
        return results;
    }

    /** The report's lines about what ran where. */
    private List<String> setup(Data d, boolean metaTrained) {
        return List.of("data: " + d.name(),
                "networks: " + nets + "; epochs: " + training.epochs() + "; seeds: " + firstSeed + ".."
                        + (firstSeed + seeds - 1) + "; batch size: " + training.batchSize(),
                "Opt2Vec defaults: " + (metaTrained ? "bundled meta-trained controller"
                        : "**no bundled meta-trained weights in this build: `opt2vec` ran the untrained controller "
                        + "(= Adam(0.01 × the initial parameter RMS) with the default settings), identical to `opt2vec-untrained`**"),
                "machine: " + Runtime.getRuntime().availableProcessors() + " cores, OMP_NUM_THREADS="
                        + System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)") + ", JVM max heap "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, javacpp maxbytes "
                        + System.getProperty("org.bytedeco.javacpp.maxbytes", "(default)") + ", maxphysicalbytes "
                        + System.getProperty("org.bytedeco.javacpp.maxphysicalbytes", "(default)"));
    }
}
