package org.opt2vec.cli.benchmark;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.cli.data.Data;
import org.opt2vec.cli.train.Networks;

/**
 * The networks of the benchmark instances. All are seeded (DL4J draws the initial weights from the configuration
 * seed when the network is initialized), so a seed gives the same initial parameters whatever the updater.
 */
public final class BenchNetworks {
    private BenchNetworks() {
    }

    /** The `opt2vec mnist` command's TinyCNN on 28×28 MNIST with {@code classes} outputs. */
    public static MultiLayerNetwork tinyCnn(IUpdater updater, long seed, int classes) {
        Data shape = new Data("mnist", 784, classes, new int[]{28, 28, 1}, 0, 0, null, null);
        return Networks.TINYCNN.build(shape, updater, seed);
    }

    /** A ReLU MLP nIn → hidden... → nOut: softmax + cross-entropy, or identity + MSE for regression. */
    public static MultiLayerNetwork mlp(IUpdater updater, long seed, int nIn, int[] hidden, int nOut,
                                        boolean classification) {
        NeuralNetConfiguration.ListBuilder b = base(updater, seed).weightInit(WeightInit.RELU).list();
        int in = nIn;
        for (int h : hidden) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.RELU).build());
            in = h;
        }
        b.layer(output(classification, nOut).nIn(in).build());
        return init(b.build());
    }

    /** A describe string for {@link #mlp}. */
    public static String mlpName(int nIn, int[] hidden, int nOut) {
        StringBuilder s = new StringBuilder("MLP ").append(nIn);
        for (int h : hidden) {
            s.append('-').append(h);
        }
        return s.append('-').append(nOut).append(" ReLU").toString();
    }

    /**
     * A small CNN with batch normalization on 28×28 inputs, TinyCNN's shape with BN after each convolution and no
     * dropout: conv 8@5×5/2 → BN → ReLU → conv 16@3×3/2 → BN → ReLU → dense 64 → BN → ReLU → softmax. (Stride-2
     * convolutions instead of same-size convolutions and pooling keep it about as cheap as TinyCNN.)
     */
    public static MultiLayerNetwork bnCnn(IUpdater updater, long seed, int classes) {
        NeuralNetConfiguration.ListBuilder b = base(updater, seed).weightInit(WeightInit.RELU).list()
                .layer(new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(8).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(16).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(output(true, classes).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1));
        return init(b.build());
    }

    public static final String BN_CNN_NAME = "CNN conv 8@5×5/2 → BN → ReLU → conv 16@3×3/2 → BN → ReLU → dense 64 → BN → "
            + "ReLU → softmax";

    /**
     * An LSTM reading the whole sequence, its last time step into an output layer:
     * LSTM(nIn → hidden, tanh) → LastTimeStep → softmax (classification) or identity + MSE (regression).
     */
    public static MultiLayerNetwork lstm(IUpdater updater, long seed, int nIn, int hidden, int nOut,
                                         boolean classification, int timeSteps) {
        NeuralNetConfiguration.ListBuilder b = base(updater, seed).weightInit(WeightInit.XAVIER).list()
                .layer(new LastTimeStep(new LSTM.Builder().nIn(nIn).nOut(hidden).activation(Activation.TANH).build()))
                .layer(output(classification, nOut).nIn(hidden).build())
                .setInputType(InputType.recurrent(nIn, timeSteps));
        return init(b.build());
    }

    private static NeuralNetConfiguration.Builder base(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(updater);
    }

    private static OutputLayer.Builder output(boolean classification, int nOut) {
        return new OutputLayer.Builder(classification ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE)
                .nOut(nOut).activation(classification ? Activation.SOFTMAX : Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER);
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        conf.setTrainingWorkspaceMode(WorkspaceMode.ENABLED);
        conf.setInferenceWorkspaceMode(WorkspaceMode.ENABLED);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
