package org.opt2vec.consumer;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;

/**
 * What a DL4J application does with Opt2Vec: a small MultiLayerNetwork with {@code .updater(new Opt2Vec())},
 * {@code Opt2Vec.attach(net)}, a few training steps. Exits with 1 unless the loss went down.
 */
public final class ConsumerCheck {
    private ConsumerCheck() {
    }

    public static void main(String[] args) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 128, 4);
        INDArray y = x.mmul(Nd4j.create(new float[][]{{1f}, {-2f}, {0.5f}, {3f}}));
        DataSet data = new DataSet(x, y);

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .updater(new Opt2Vec())
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Opt2Vec.attach(net);

        double before = net.score(data);
        for (int step = 0; step < 50; step++) {
            net.fit(data);
        }
        double after = net.score(data);
        System.out.printf("opt2vec consumer check: backend %s, loss %.4f -> %.4f%n",
                Nd4j.getBackend().getClass().getSimpleName(), before, after);
        if (!(after < 0.5 * before)) {
            System.err.println("opt2vec consumer check FAILED: the loss did not go down");
            System.exit(1);
        }
    }
}
