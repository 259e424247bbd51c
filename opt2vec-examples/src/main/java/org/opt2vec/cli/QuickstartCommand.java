package org.opt2vec.cli;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.cli.common.Charts;
import org.opt2vec.cli.common.CommonOptions;
import org.opt2vec.cli.common.Markdown;
import org.opt2vec.cli.common.OptionDefaults;
import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.common.SeedOption;
import org.opt2vec.cli.common.TrainingOptions;
import org.opt2vec.cli.train.Optimizers;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;
import org.opt2vec.dl4j.Opt2VecStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.opt2vec.cli.common.Markdown.f;

/** {@code opt2vec quickstart}: the original's first example, a linear model 10 → 1 fitted with MSE. */
@Command(name = "quickstart", sortOptions = false, defaultValueProvider = QuickstartCommand.Defaults.class,
        description = "The original's quick start: a linear layer 10 -> 1 fitted to y = Xw + noise with MSE loss and "
                + "Opt2Vec, printing the loss per epoch (and Opt2Vec's learning-rate scale and momentum).")
public final class QuickstartCommand implements Callable<Integer> {
    /** The defaults of this command's mixin options. */
    public static final class Defaults extends OptionDefaults {
        public Defaults() {
            super("--epochs", "20", "--batch-size", "10", "--seed", "42");
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100", description = "Training examples (default: ${DEFAULT-VALUE}).")
    int samples;

    @Mixin
    SeedOption seed;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = "opt2vec", converter = Optimizers.Converter.class,
            description = "opt2vec, opt2vec-untrained, adam, nesterovs or sgd (default: ${DEFAULT-VALUE}).")
    Optimizers optimizer;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        OptionErrors errors = new OptionErrors().atLeast("--samples", samples, 2);
        training.check(errors);
        errors.throwIfAny(spec.commandLine());
        common.applyLogging();
        PrintWriter out = spec.commandLine().getOut();
        RunOutput run = RunOutput.create(common.output, "quickstart");
        DataSet all = linearData();
        MultiLayerNetwork net = linearModel();
        out.println("opt2vec quickstart: Linear(10 -> 1), MSE, " + samples + " samples, batch " + training.batchSize()
                + ", " + optimizer.label() + controllerNote(net));
        double[] losses = train(net, all, out, run);
        write(run, losses);
        out.println("report: " + run.resolve("report.md"));
        out.flush();
        return 0;
    }

    /** y = Xw + 0.1 noise, X and w standard normal. */
    private DataSet linearData() {
        Nd4j.getRandom().setSeed(seed.seed());
        INDArray x = Nd4j.randn(DataType.FLOAT, samples, 10);
        INDArray w = Nd4j.randn(DataType.FLOAT, 10, 1);
        INDArray y = x.mmul(w).addi(Nd4j.randn(DataType.FLOAT, samples, 1).muli(0.1));
        return new DataSet(x, y);
    }

    private MultiLayerNetwork linearModel() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed.seed())
                .updater(optimizer.updater((long) training.epochs()
                        * ((samples + training.batchSize() - 1) / training.batchSize())))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(10).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        if (optimizer.isOpt2Vec()) {
            Opt2Vec.attach(net);
        }
        return net;
    }

    private String controllerNote(MultiLayerNetwork net) {
        if (optimizer != Optimizers.OPT2VEC && optimizer != Optimizers.OPT2VEC_V4) {
            return "";
        }
        boolean meta = net.getLayerWiseConfigurations().getConf(0).getLayer() instanceof OutputLayer ol
                && ol.getIUpdater() instanceof Opt2Vec o && o.isMetaTrained();
        return meta ? ", bundled meta-trained controller"
                : ", untrained controller";
    }

    /** Trains epoch by epoch, printing the loss on all data and the controller's last outputs; writes loss.csv. */
    private double[] train(MultiLayerNetwork net, DataSet all, PrintWriter out, RunOutput run) {
        int epochs = training.epochs();
        out.printf("%6s %12s %10s %10s%n", "epoch", "loss", "lr scale", "momentum");
        double[] losses = new double[epochs + 1];
        losses[0] = net.score(all);
        out.printf("%6d %12.6f %10s %10s%n", 0, losses[0], "", "");
        List<List<?>> rows = new ArrayList<>();
        rows.add(List.of(0, losses[0], Double.NaN, Double.NaN));
        var it = new ListDataSetIterator<>(all.asList(), training.batchSize());
        for (int e = 1; e <= epochs; e++) {
            it.reset();
            net.fit(it);
            losses[e] = net.score(all);
            List<Opt2VecStep> steps = Opt2VecListener.of(net).map(Opt2VecListener::steps).orElse(List.of());
            Opt2VecStep last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
            double lr = last == null ? Double.NaN : last.lrScale();
            double mom = last == null ? Double.NaN : last.momentum();
            rows.add(List.of(e, losses[e], lr, mom));
            out.printf("%6d %12.6f %10s %10s%n", e, losses[e], f(lr, 4), f(mom, 4));
        }
        run.csv("loss.csv", List.of("epoch", "mse", "lr_scale", "momentum"), rows);
        return losses;
    }

    private void write(RunOutput run, double[] losses) {
        int epochs = training.epochs();
        XYChart chart = Charts.lines("Quick start: Linear(10 -> 1), MSE, " + optimizer.label(), "epoch", "MSE (full data)");
        chart.getStyler().setYAxisLogarithmic(losses[epochs] > 0);
        Charts.line(chart, optimizer.label(), Charts.index(epochs + 1), losses);
        run.png("loss.png", chart);
        Markdown md = new Markdown().h1("Opt2Vec quick start");
        md.para("Command: `" + RunOutput.commandLine(spec.commandLine()) + "`");
        md.para("A linear layer 10 → 1 (DL4J OutputLayer, identity activation, MSE) fitted to y = Xw + 0.1·noise, "
                + samples + " examples, minibatches of " + training.batchSize() + ", " + optimizer.label() + ".");
        md.para("MSE on all examples: " + f(losses[0], 6) + " before training, " + f(losses[epochs], 6) + " after "
                + epochs + " epochs.");
        md.image("loss", "loss.png");
        run.report(md);
    }
}
