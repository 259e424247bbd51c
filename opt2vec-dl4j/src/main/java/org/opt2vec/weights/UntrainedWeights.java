package org.opt2vec.weights;

import org.opt2vec.controller.ControllerArchitecture;

import java.util.SplittableRandom;

/**
 * The starting point of meta-training: random hidden layers (Glorot-uniform, fixed seed) and all-zero heads.
 * Zero heads make the output independent of the history (lr scale 1, momentum 0.9: Adam or momentum SGD at the
 * base learning rate, by update direction), while the
 * random hidden layers give the meta-gradient estimator features to work with from the first step.
 */
public final class UntrainedWeights {
    /** Fixed so that "the untrained controller" is one well-defined thing everywhere. */
    public static final long SEED = 0x0_2_7EC;

    private UntrainedWeights() {
    }

    public static double[] create(ControllerArchitecture arch) {
        double[] w = new double[arch.parameterCount()];
        SplittableRandom rng = new SplittableRandom(SEED);
        glorot(w, arch.w1Offset(), arch.inputSize(), arch.embeddingDim(), rng);
        glorot(w, arch.w2Offset(), arch.embeddingDim(), arch.embeddingDim(), rng);
        return w;
    }

    private static void glorot(double[] w, int offset, int fanIn, int fanOut, SplittableRandom rng) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < fanIn * fanOut; i++) {
            w[offset + i] = (2 * rng.nextDouble() - 1) * limit;
        }
    }
}
