package org.opt2vec.tasks;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fully connected network: {@code nIn -> hidden... -> nOut}, softmax + cross-entropy for classification or
 * identity + MSE for regression. Weights are drawn in Java from the given seed (normal, std = gain * sqrt(k / fanIn)
 * with k = 2 for ReLU-like activations and 1 otherwise; biases 0), so the initial network does not depend on ND4J's
 * per-thread random state.
 *
 * @param nIn            inputs
 * @param hidden         hidden-layer widths (may be empty)
 * @param activation     hidden activation
 * @param nOut           outputs (classes for classification)
 * @param classification softmax/MCXENT when true, identity/MSE when false
 * @param initGain       multiplier of the initial weight scale (1 = He/LeCun)
 */
public record NetSpec(int nIn, int[] hidden, Activation activation, int nOut, boolean classification, double initGain)
        implements NetworkFactory {

    public NetSpec {
        if (nIn < 1 || nOut < 1) {
            throw new IllegalArgumentException("nIn and nOut must be >= 1, were " + nIn + ", " + nOut);
        }
        hidden = hidden.clone();
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden widths must be >= 1: " + Arrays.toString(hidden));
            }
        }
        if (!(initGain > 0) || !Double.isFinite(initGain)) {
            throw new IllegalArgumentException("initGain must be finite and > 0, was " + initGain);
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public MultiLayerConfiguration configuration(IUpdater updater, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.ZERO)
                .list();
        int in = nIn;
        for (int h : hidden) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(activation).build());
            in = h;
        }
        b.layer(new OutputLayer.Builder(classification ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE)
                .nIn(in).nOut(nOut).activation(classification ? Activation.SOFTMAX : Activation.IDENTITY).build());
        return b.build();
    }

    /** A fresh, initialized network; equal seeds give equal parameters. */
    public MultiLayerNetwork build(IUpdater updater, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(updater, seed));
        net.init();
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x1417));
        int in = nIn;
        for (int i = 0; i <= hidden.length; i++) {
            int out = i < hidden.length ? hidden[i] : nOut;
            boolean reluLike = i < hidden.length && (activation == Activation.RELU || activation == Activation.LEAKYRELU
                    || activation == Activation.ELU || activation == Activation.SWISH || activation == Activation.GELU);
            double std = initGain * Math.sqrt((reluLike ? 2.0 : 1.0) / in);
            float[] w = new float[in * out];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (rng.nextGaussian() * std);
            }
            Layer layer = net.getLayer(i);
            INDArray wParam = layer.getParam("W");
            wParam.assign(Nd4j.create(w, new long[]{in, out}, 'c').castTo(wParam.dataType()));
            layer.getParam("b").assign(0);
            in = out;
        }
        return net;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(nIn);
        for (int h : hidden) {
            s.append('-').append(h);
        }
        s.append('-').append(nOut).append(' ').append(activation.name().toLowerCase(java.util.Locale.ROOT));
        if (initGain != 1.0) {
            s.append(" init*").append(initGain);
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetSpec n && nIn == n.nIn && Arrays.equals(hidden, n.hidden) && activation == n.activation
                && nOut == n.nOut && classification == n.classification && Double.compare(initGain, n.initGain) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(nIn, Arrays.hashCode(hidden), activation, nOut, classification, initGain);
    }
}
