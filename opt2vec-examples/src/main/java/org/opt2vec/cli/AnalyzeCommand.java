package org.opt2vec.cli;

import org.opt2vec.cli.analyze.AnalysisReport;
import org.opt2vec.cli.analyze.EmbeddingAnalysis;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.DataOptions;
import org.opt2vec.cli.common.OptionDefaults;
import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.cli.common.Progress;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.SeedOption;
import org.opt2vec.cli.common.TrainingOptions;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.cli.data.Data;
import org.opt2vec.cli.train.Networks;
import org.opt2vec.cli.train.TrainingRun;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import static org.opt2vec.cli.common.Markdown.f;

/** {@code opt2vec analyze}: what Opt2Vec's embeddings encode during a training run (PCA, k-means, correlations). */
@Command(name = "analyze", sortOptions = false, defaultValueProvider = AnalyzeCommand.Defaults.class,
        description = "Trains a network with Opt2Vec while recording the controller's embedding at every step, then "
                + "analyses the embeddings with Smile: PCA explained variance, k-means clusters with the mean loss of "
                + "each, correlations of the leading components with loss and gradient norm, and PC1/PC2 scatter plots "
                + "coloured by step and by loss.")
public final class AnalyzeCommand implements Callable<Integer> {
    /** The defaults of this command's mixin options. */
    public static final class Defaults extends OptionDefaults {
        public Defaults() {
            super("--epochs", "1", "--batch-size", "64", "--train-size", "5000", "--test-size", "1000", "--seed", "1");
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--net", paramLabel = "NET", defaultValue = "tinycnn", converter = Networks.Converter.class,
            description = "tinycnn or mlp (default: ${DEFAULT-VALUE}; use mlp with --data).")
    Networks net;

    @Mixin
    ControllerChoice controller;

    @Mixin
    TrainingOptions training;

    @Mixin
    SeedOption seed;

    @Option(names = "--clusters", paramLabel = "K", defaultValue = "4", description = "k-means clusters (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Mixin
    DataOptions data;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        OptionErrors errors = new OptionErrors().atLeast("--clusters", clusters, 1)
                .require(!data.isCsv() || net != Networks.TINYCNN, "--data (tabular CSV) needs --net mlp");
        controller.check(errors);
        training.check(errors);
        data.check(errors);
        errors.throwIfAny(spec.commandLine());
        common.applyLogging();
        PrintWriter out = spec.commandLine().getOut();
        Opt2Vec updater = controller.updater();
        RunOutput run = RunOutput.create(common.output, "analyze");
        out.println("opt2vec analyze: output in " + run.dir());
        Data d = data.load(training.batchSize(), System.err);
        out.println("data: " + d.name() + "; controller: " + ControllerChoice.describe(updater));

        TrainingRun.Result r = train(d, updater);
        List<Opt2VecStep> steps = r.steps().stream().filter(s -> s.block() == 0 && !s.neutralized()).toList();
        if (steps.size() < Math.max(3, clusters)) {
            throw UserException.data("only " + steps.size() + " steps recorded; train longer (more --train-size or --epochs)");
        }
        List<String> setup = List.of("data: " + d.name() + "; network: " + net + "; epochs: " + training.epochs()
                        + "; batch size " + training.batchSize() + "; seed " + seed.seed(),
                "controller: " + ControllerChoice.describe(updater),
                "final test accuracy " + f(100 * r.finalTestAccuracy(), 2) + " %");
        new AnalysisReport(EmbeddingAnalysis.of(steps, clusters), RunOutput.commandLine(spec.commandLine()), setup)
                .write(run, out);
        return 0;
    }

    private TrainingRun.Result train(Data d, Opt2Vec updater) {
        long total = (long) training.epochs() * ((d.trainSize() + training.batchSize() - 1) / training.batchSize());
        try (Progress bar = Progress.start("analyze", total, common.progress())) {
            return TrainingRun.run(net, "opt2vec", updater.forRun(total), d, seed.seed(), training.epochs(),
                    loss -> bar.step());
        }
    }
}
