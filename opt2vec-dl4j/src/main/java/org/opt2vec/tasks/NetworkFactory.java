package org.opt2vec.tasks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.Serializable;

/**
 * Builds a task's network: the same initial parameters for the same seed, on any thread and machine (initial
 * weights are drawn in Java, see {@link JavaInit}, not from ND4J's per-thread generator).
 */
public interface NetworkFactory extends Serializable {
    /** A fresh, initialized network that trains with {@code updater}. */
    MultiLayerNetwork build(IUpdater updater, long seed);

    /** Softmax + cross-entropy (true) or identity + MSE (false). */
    boolean classification();
}
