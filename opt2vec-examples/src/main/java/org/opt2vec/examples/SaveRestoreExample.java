package org.opt2vec.examples;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Save a network trained with Opt2Vec with {@link ModelSerializer} (updater state included), restore it and resume
 * training. The updater state holds everything Opt2Vec needs — momentum, its history window, the controller's
 * weights and counters — so the restored network continues exactly where the saved one was: trained on the same
 * minibatches, the two end with identical parameters.
 *
 * <p>Run: {@code bin/opt2vec-example SaveRestore [stepsBefore=200] [stepsAfter=200]}
 */
public final class SaveRestoreExample {
    private SaveRestoreExample() {
    }

    public static void main(String[] args) throws IOException {
        double diff = run(Examples.intArg(args, 0, 200), Examples.intArg(args, 1, 200));
        System.out.println("largest parameter difference, restored vs never saved: " + diff
                + (diff == 0 ? " (identical: training resumed exactly)" : ""));
    }

    /** @return the largest difference between the parameters of the restored network and the never-saved one */
    static double run(int stepsBefore, int stepsAfter) throws IOException {
        List<DataSet> batches = new ArrayList<>();
        DataSetIterator it = Examples.mnistTrain(32, 32 * (stepsBefore + stepsAfter), 3);
        it.forEachRemaining(batches::add);

        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(3)
                .updater(new Opt2Vec())
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(64).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        Opt2Vec.attach(net);
        fit(net, batches.subList(0, stepsBefore));

        File file = Files.createTempFile("opt2vec-example", ".zip").toFile();
        try {
            ModelSerializer.writeModel(net, file, true);              // true: with the updater state
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
            Opt2Vec.attach(restored);                                 // listeners are not saved: attach again

            List<DataSet> rest = batches.subList(stepsBefore, batches.size());
            fit(net, rest);
            fit(restored, rest);
            System.out.println("loss after resuming: saved network " + net.score() + ", restored " + restored.score());
            return net.params().sub(restored.params()).amaxNumber().doubleValue();
        } finally {
            Files.deleteIfExists(file.toPath());
        }
    }

    private static void fit(MultiLayerNetwork net, List<DataSet> batches) {
        for (DataSet b : batches) {
            net.fit(b);
        }
    }
}
