package org.opt2vec.dl4j;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Opt2Vec block reads and writes exactly its own slice of DL4J's gradient and state arrays: in a network with
 * five Opt2Vec blocks at different offsets (weights and biases with different configs, one Adam layer between),
 * three steps of untrained Opt2Vec equal momentum SGD computed by hand, block by block.
 */
class BlockOffsetsTest {

    static MultiLayerConfiguration conf(IUpdater weights, IUpdater biases, IUpdater middle) {
        return new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.DOUBLE)
                .updater(weights).biasUpdater(biases).list()
                .layer(new DenseLayer.Builder().nIn(10).nOut(12).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(12).nOut(7).activation(Activation.TANH).updater(middle).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(7).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
    }

    @Test
    void eachBlockUpdatesItsOwnSlice() {
        DataSet data = TestNets.regression(21, DataType.DOUBLE);
        double lrW = 0.02;
        double lrB = 0.05;
        Opt2Vec w = new Opt2Vec.Builder().direction(UpdateDirection.MOMENTUM).pretrained(false).maxGradNorm(0).baseLr(lrW).build();
        Opt2Vec b = new Opt2Vec.Builder().direction(UpdateDirection.MOMENTUM).pretrained(false).maxGradNorm(0).baseLr(lrB).historyLength(4).build();
        // the middle layer's weights use plain Sgd(0.03) so its block sits between Opt2Vec blocks
        MultiLayerNetwork net = new MultiLayerNetwork(conf(w, b, new Sgd(0.03)));
        net.init();
        Opt2Vec.attach(net);
        MultiLayerNetwork probe = new MultiLayerNetwork(conf(new Sgd(1.0), new Sgd(1.0), new Sgd(1.0)));
        probe.init();

        // per-parameter learning rate and momentum, in the flattened parameter order W0 b0 W1 b1 W2 b2
        long[] sizes = {10 * 12, 12, 12 * 7, 7, 7, 1};
        double[] lrs = {lrW, lrB, 0.03, lrB, lrW, lrB};
        double[] mus = {0.9, 0.9, 0.0, 0.9, 0.9, 0.9};
        INDArray lr = net.params().dup();
        INDArray mu = net.params().dup();
        long at = 0;
        for (int v = 0; v < sizes.length; v++) {
            for (long i = at; i < at + sizes[v]; i++) {
                lr.putScalar(i, lrs[v]);
                mu.putScalar(i, mus[v]);
            }
            at += sizes[v];
        }
        INDArray reference = net.params().dup();
        INDArray momentum = reference.mul(0);
        for (int step = 0; step < 3; step++) {
            probe.setParams(reference);
            probe.fit(data);
            INDArray grad = reference.sub(probe.params());
            momentum.muli(mu).addi(grad);
            reference.subi(momentum.mul(lr));
            net.fit(data);
            double maxDiff = net.params().sub(reference).amaxNumber().doubleValue();
            assertTrue(maxDiff < 1e-12, "step " + step + ": max |p - p_ref| = " + maxDiff);
        }
    }
}
