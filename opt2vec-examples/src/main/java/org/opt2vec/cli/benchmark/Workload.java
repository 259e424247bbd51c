package org.opt2vec.cli.benchmark;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.function.BooleanSupplier;

/**
 * A prepared benchmark instance: its data is loaded (shared, read-only) and every run of it asks for a network and
 * a training iterator by seed. For one seed every optimizer gets the same initial parameters and the same
 * minibatches in the same order. Must be safe to use from several threads at once.
 */
public interface Workload {
    /** A freshly initialized network that trains with {@code updater}; the parameters depend on the seed only. */
    MultiLayerNetwork network(IUpdater updater, long seed);

    /** Exactly {@link #steps()} training minibatches for this seed (fewer once {@code stop} says so). */
    DataSetIterator train(long seed, BooleanSupplier stop);

    /** Training steps of one run. */
    long steps();

    /** Accuracy of a trained classifier on the held-out data of this seed. */
    double accuracy(MultiLayerNetwork net, long seed);

    /** The loss function on the held-out data of this seed (mean over examples). */
    double heldOutLoss(MultiLayerNetwork net, long seed);

    /** Training examples (per seed for families that draw a new task per seed: of the first seed). */
    int trainSize();

    /** Held-out examples. */
    int testSize();
}
