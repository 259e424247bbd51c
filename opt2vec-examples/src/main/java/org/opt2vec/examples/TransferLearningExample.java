package org.opt2vec.examples;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;

/**
 * Transfer learning with Opt2Vec: a network trained with Adam becomes a frozen feature extractor (its first two
 * layers), and a new output layer on top is fine-tuned with Opt2Vec, set through {@link FineTuneConfiguration}.
 * Frozen layers get DL4J's NoOp updater, so Opt2Vec only ever updates the new layer.
 *
 * <p>Run: {@code bin/opt2vec-example TransferLearning [trainImages=20000]}
 *
 * @see #run(int)
 */
public final class TransferLearningExample {
    private TransferLearningExample() {
    }

    /**
     * @param frozenUnchanged  whether fine-tuning left the frozen layers' parameters exactly as they were
     * @param accuracyBefore   test accuracy of the pretrained network
     * @param accuracyAfter    test accuracy after fine-tuning the new output layer
     */
    record Result(boolean frozenUnchanged, double accuracyBefore, double accuracyAfter) {
    }

    public static void main(String[] args) {
        Result r = run(Examples.intArg(args, 0, 20_000));
        System.out.printf("test accuracy: pretrained %.4f, after fine-tuning the new head with Opt2Vec %.4f%n",
                r.accuracyBefore(), r.accuracyAfter());
        System.out.println("frozen layers unchanged: " + r.frozenUnchanged());
    }

    static Result run(int trainImages) {
        // 1. An ordinary network, trained with Adam on half the images.
        MultiLayerNetwork pretrained = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(11)
                .updater(new Adam(1e-3))
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        pretrained.init();
        pretrained.fit(Examples.mnistTrain(64, trainImages / 2, 11));
        double before = pretrained.evaluate(Examples.mnistTest(256, 10_000)).accuracy();

        // 2. Freeze layers 0 and 1, replace the output layer, fine-tune with Opt2Vec.
        MultiLayerNetwork transfer = new TransferLearning.Builder(pretrained)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Opt2Vec()).seed(12).build())
                .setFeatureExtractor(1)
                .removeOutputLayer()
                .addLayer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        Opt2Vec.attach(transfer);
        INDArray frozen = frozenParams(transfer);
        transfer.fit(Examples.mnistTrain(64, trainImages, 12));

        double after = transfer.evaluate(Examples.mnistTest(256, 10_000)).accuracy();
        return new Result(frozen.equals(frozenParams(transfer)), before, after);
    }

    /** A copy of the parameters of the frozen layers 0 and 1. */
    private static INDArray frozenParams(MultiLayerNetwork net) {
        return Nd4j.hstack(net.getLayer(0).params().reshape(1, -1), net.getLayer(1).params().reshape(1, -1)).dup();
    }
}
