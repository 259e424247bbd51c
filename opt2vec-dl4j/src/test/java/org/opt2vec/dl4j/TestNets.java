package org.opt2vec.dl4j;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small real networks and data sets shared by the tests. */
final class TestNets {
    private TestNets() {
    }

    /** y = sum(x) / 2 + 0.1 noise, 10 inputs, 64 samples. */
    static DataSet regression(long seed, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(type, 64, 10);
        INDArray y = x.sum(true, 1).muli(0.5).addi(Nd4j.randn(type, 64, 1).muli(0.1));
        return new DataSet(x, y);
    }

    static MultiLayerConfiguration mlpConfig(IUpdater updater, DataType type) {
        return new NeuralNetConfiguration.Builder()
                .seed(12345)
                .dataType(type)
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(10).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
    }

    static ComputationGraphConfiguration graphConfig(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(12345)
                .updater(updater)
                .graphBuilder()
                .addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nIn(10).nOut(8).activation(Activation.TANH).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nIn(10).nOut(8).activation(Activation.RELU).build(), "in")
                .addVertex("merge", new MergeVertex(), "a", "b")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build(), "merge")
                .setOutputs("out")
                .build();
    }

    static ComputationGraph graph(IUpdater updater) {
        ComputationGraph g = new ComputationGraph(graphConfig(updater));
        g.init();
        return g;
    }

    static MultiLayerNetwork mlp(IUpdater updater, DataType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(mlpConfig(updater, type));
        net.init();
        return net;
    }
}
