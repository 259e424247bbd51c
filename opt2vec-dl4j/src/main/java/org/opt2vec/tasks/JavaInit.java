package org.opt2vec.tasks;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws a network's initial weights in Java from a seed, so that they do not depend on ND4J's per-thread random
 * state: weights ("W") ~ N(0, gain² · k / fanIn) with k = 2 (He) for the hidden layers and 1 for the output layer,
 * biases ("b") 0; other parameters (batch normalization's gamma and beta, recurrent weights) keep DL4J's
 * deterministic defaults or get the same rule with their fan-in.
 */
public final class JavaInit {
    private JavaInit() {
    }

    /** Re-initializes every dense, convolution and recurrent weight of {@code net}. */
    public static void apply(MultiLayerNetwork net, long seed, double gain) {
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x1A17));
        int last = net.getnLayers() - 1;
        for (int i = 0; i <= last; i++) {
            Layer layer = net.getLayer(i);
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                String key = p.getKey();
                INDArray param = p.getValue();
                if (key.equals("W") || key.equals("RW")) {
                    long[] shape = param.shape();
                    long fanIn = shape.length == 4 ? shape[1] * shape[2] * shape[3] : shape[0];
                    double std = gain * Math.sqrt((i == last ? 1.0 : 2.0) / fanIn);
                    param.assign(gaussian(rng, shape, std).castTo(param.dataType()));
                } else if (key.equals("b")) {
                    param.assign(0);
                }
            }
        }
    }

    private static INDArray gaussian(SplittableRandom rng, long[] shape, double std) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] w = new float[(int) n];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (rng.nextGaussian() * std);
        }
        return Nd4j.create(w, shape, 'c');
    }
}
