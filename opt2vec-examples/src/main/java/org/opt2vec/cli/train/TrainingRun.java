package org.opt2vec.cli.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.opt2vec.cli.data.Data;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;
import org.opt2vec.dl4j.Opt2VecStep;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.List;

/** Trains one network with one optimizer and seed for some epochs, measuring what the reports need. */
public final class TrainingRun {
    private TrainingRun() {
    }

    /**
     * What one run measured.
     *
     * @param losses        training loss of every minibatch, in order
     * @param epochSeconds  wall time of each epoch's {@code fit} (evaluation not included)
     * @param testAccuracy  test accuracy after each epoch
     * @param steps         Opt2Vec's per-step telemetry (empty for other optimizers)
     */
    public record Result(String optimizer, String network, long seed, double[] losses, double[] epochSeconds,
                         double[] testAccuracy, List<Opt2VecStep> steps, boolean metaTrained) {
        public double finalTestAccuracy() {
            return testAccuracy[testAccuracy.length - 1];
        }
    }

    /** Called after every minibatch with its loss. */
    public interface StepSink {
        void step(double loss);
    }

    public static Result run(Networks network, String optimizerName, IUpdater updater, Data data, long seed, int epochs,
                             StepSink sink) {
        MultiLayerNetwork net = network.build(data, updater, seed);
        boolean opt2vec = updater instanceof Opt2Vec;
        if (opt2vec) {
            Opt2Vec.attach(net);
        }
        List<Double> losses = new ArrayList<>();
        net.addListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                double loss = model.score();
                losses.add(loss);
                sink.step(loss);
            }
        });
        DataSetIterator train = data.train().apply(seed);
        DataSetIterator test = data.test().get();
        double[] seconds = new double[epochs];
        double[] accuracy = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            train.reset();
            long t0 = System.nanoTime();
            net.fit(train);
            seconds[e] = (System.nanoTime() - t0) / 1e9;
            test.reset();
            Evaluation eval = net.evaluate(test);
            accuracy[e] = eval.accuracy();
        }
        List<Opt2VecStep> steps = opt2vec ? Opt2VecListener.of(net).map(Opt2VecListener::steps).orElse(List.of()) : List.of();
        boolean meta = opt2vec && ((Opt2Vec) updater).isMetaTrained();
        return new Result(optimizerName, network.cliName(), seed, losses.stream().mapToDouble(Double::doubleValue).toArray(),
                seconds, accuracy, steps, meta);
    }
}
