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
import org.opt2vec.cli.common.RunOutput;
import org.opt2vec.cli.train.Optimizers;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;
import org.opt2vec.dl4j.Opt2VecStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.opt2vec.cli.common.Markdown.f;

/** {@code opt2vec quickstart}: the original's first example, a linear model 10 → 1 fitted with MSE. */
@Command(name = "quickstart", sortOptions = false,
        description = "The original's quick start: a linear layer 10 -> 1 fitted to y = Xw + noise with MSE loss and "
                + "Opt2Vec, printing the loss per epoch (and Opt2Vec's learning-rate scale and momentum).")
public final class QuickstartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100", description = "Training examples (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of data and weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = "opt2vec", converter = MnistCommand.OptConverter.class,
            description = "opt2vec, opt2vec-untrained, adam, nesterovs or sgd (default: ${DEFAULT-VALUE}).")
    Optimizers optimizer;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (epochs < 1 || samples < 2 || batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be >= 1, --samples >= 2, --batch-size >= 1");
        }
        common.applyLogging();
        PrintWriter out = spec.commandLine().getOut();
        RunOutput run = RunOutput.create(common.output, "quickstart");

        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, samples, 10);
        INDArray w = Nd4j.randn(DataType.FLOAT, 10, 1);
        INDArray y = x.mmul(w).addi(Nd4j.randn(DataType.FLOAT, samples, 1).muli(0.1));
        DataSet all = new DataSet(x, y);

        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(optimizer.updater())
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(10).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        if (optimizer.isOpt2Vec()) {
            Opt2Vec.attach(net);
        }
        boolean meta = net.getLayerWiseConfigurations().getConf(0).getLayer() instanceof OutputLayer ol
                && ol.getIUpdater() instanceof Opt2Vec o && o.isMetaTrained();
        out.println("opt2vec quickstart: Linear(10 -> 1), MSE, " + samples + " samples, batch " + batchSize + ", "
                + optimizer.label() + (optimizer == Optimizers.OPT2VEC ? (meta ? ", bundled meta-trained controller"
                : ", no bundled meta-trained weights in this build (untrained controller = momentum SGD)") : ""));
        out.printf("%6s %12s %10s %10s%n", "epoch", "loss", "lr scale", "momentum");
        double initial = net.score(all);
        out.printf("%6d %12.6f %10s %10s%n", 0, initial, "", "");
        List<List<?>> rows = new ArrayList<>();
        rows.add(List.of(0, initial, Double.NaN, Double.NaN));
        double[] losses = new double[epochs + 1];
        losses[0] = initial;
        var it = new ListDataSetIterator<>(all.asList(), batchSize);
        for (int e = 1; e <= epochs; e++) {
            it.reset();
            net.fit(it);
            double loss = net.score(all);
            losses[e] = loss;
            double lr = Double.NaN;
            double mom = Double.NaN;
            List<Opt2VecStep> steps = Opt2VecListener.of(net).map(Opt2VecListener::steps).orElse(List.of());
            if (!steps.isEmpty()) {
                lr = steps.get(steps.size() - 1).lrScale();
                mom = steps.get(steps.size() - 1).momentum();
            }
            rows.add(List.of(e, loss, lr, mom));
            out.printf("%6d %12.6f %10s %10s%n", e, loss, f(lr, 4), f(mom, 4));
        }
        run.csv("loss.csv", List.of("epoch", "mse", "lr_scale", "momentum"), rows);
        XYChart chart = Charts.lines("Quick start: Linear(10 -> 1), MSE, " + optimizer.label(), "epoch", "MSE (full data)");
        chart.getStyler().setYAxisLogarithmic(losses[epochs] > 0);
        Charts.line(chart, optimizer.label(), Charts.index(epochs + 1), losses);
        run.png("loss.png", chart);
        Markdown md = new Markdown().h1("Opt2Vec quick start");
        md.para("Command: `" + org.opt2vec.cli.common.RunOutput.commandLine(spec.commandLine()) + "`");
        md.para("A linear layer 10 → 1 (DL4J OutputLayer, identity activation, MSE) fitted to y = Xw + 0.1·noise, "
                + samples + " examples, minibatches of " + batchSize + ", " + optimizer.label() + ".");
        md.para("MSE on all examples: " + f(initial, 6) + " before training, " + f(losses[epochs], 6) + " after "
                + epochs + " epochs.");
        md.image("loss", "loss.png");
        run.report(md);
        out.println("report: " + run.resolve("report.md"));
        out.flush();
        return 0;
    }
}
