package org.opt2vec.examples;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;

/**
 * A multilayer perceptron on MNIST (784 → 256 → 10), trained with Opt2Vec instead of Adam or SGD: the only changes
 * to a DL4J program are {@code .updater(new Opt2Vec())} and {@code Opt2Vec.attach(net)}.
 *
 * <p>Run: {@code bin/opt2vec-example MnistMlp [trainImages=60000] [epochs=1]}
 */
public final class MnistMlpExample {
    private MnistMlpExample() {
    }

    public static void main(String[] args) {
        Evaluation eval = run(Examples.intArg(args, 0, 60_000), Examples.intArg(args, 1, 1));
        System.out.println(eval.stats());
    }

    /** Trains on the first {@code trainImages} images for {@code epochs} epochs; evaluates on the test set. */
    static Evaluation run(int trainImages, int epochs) {
        DataSetIterator train = Examples.mnistTrain(64, trainImages, 42);
        DataSetIterator test = Examples.mnistTest(256, 10_000);

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42)
                .updater(new Opt2Vec())             // the meta-trained controller, no tuning
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                        .nIn(256).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Opt2Vec.attach(net);                        // hands Opt2Vec each minibatch's loss before the update
        net.addListeners(new ScoreIterationListener(100));

        net.fit(train, epochs);
        return net.evaluate(test);
    }
}
