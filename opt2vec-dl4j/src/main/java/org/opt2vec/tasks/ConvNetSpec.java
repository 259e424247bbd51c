package org.opt2vec.tasks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small convolutional classifier for single-channel images given as flat rows: {@code convs} 3×3 convolutions
 * (each followed by 2×2 max pooling when {@code pool}), a dense layer, softmax.
 *
 * @param height   image height
 * @param width    image width
 * @param channels filters of each convolution
 * @param pool     2×2 max pooling after each convolution
 * @param dense    width of the dense layer
 * @param classes  number of classes
 * @param gain     multiplier of the initial weight scale
 */
public record ConvNetSpec(int height, int width, int[] channels, boolean pool, int dense, int classes, double gain)
        implements NetworkFactory {

    public ConvNetSpec {
        channels = channels.clone();
        if (height < 3 || width < 3 || channels.length == 0 || dense < 1 || classes < 2 || !(gain > 0)) {
            throw new IllegalArgumentException("invalid ConvNetSpec " + height + "x" + width + " " + channels.length
                    + " convolutions, dense " + dense + ", " + classes + " classes, gain " + gain);
        }
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    @Override
    public boolean classification() {
        return true;
    }

    public MultiLayerConfiguration configuration(IUpdater updater, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).updater(updater).weightInit(WeightInit.ZERO).list();
        for (int c : channels) {
            b.layer(new ConvolutionLayer.Builder(3, 3).nOut(c).activation(Activation.RELU).build());
            if (pool) {
                b.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build());
            }
        }
        b.layer(new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build());
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).build());
        b.setInputType(InputType.convolutionalFlat(height, width, 1));
        return b.build();
    }

    @Override
    public MultiLayerNetwork build(IUpdater updater, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(updater, seed));
        net.init();
        JavaInit.apply(net, seed, gain);
        return net;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("cnn ").append(height).append('x').append(width);
        for (int c : channels) {
            s.append(" c").append(c).append(pool ? "p" : "");
        }
        s.append(" d").append(dense).append(" -> ").append(classes);
        if (gain != 1.0) {
            s.append(" init*").append(String.format(java.util.Locale.ROOT, "%.2f", gain));
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvNetSpec c && height == c.height && width == c.width
                && java.util.Arrays.equals(channels, c.channels) && pool == c.pool && dense == c.dense
                && classes == c.classes && Double.compare(gain, c.gain) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(height, width, java.util.Arrays.hashCode(channels), pool, dense, classes, gain);
    }
}
