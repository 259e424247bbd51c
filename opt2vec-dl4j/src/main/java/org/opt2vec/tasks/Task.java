package org.opt2vec.tasks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;

/**
 * One training problem for an optimizer: a network architecture with its initialization, training minibatches and
 * a held-out minibatch. Everything is a function of the task's seed: two calls give equal networks and data, so
 * optimizers can be compared on exactly the same problem and meta-training is reproducible.
 *
 * <p>Implementations must be safe to use from several threads at once (meta-training evaluates one task with many
 * perturbed optimizers in parallel); the simplest way is to be immutable after construction, like {@link ArrayTask}.
 */
public interface Task {
    /** The family this task was drawn from, e.g. {@code "blobs"}; used to group results. */
    String family();

    /** The seed this instance was made from. */
    long seed();

    /** A fresh, initialized network (same initial parameters on every call) that trains with {@code updater}. */
    MultiLayerNetwork newNetwork(IUpdater updater);

    /** Exactly {@code steps} training minibatches, the same on every call. */
    List<DataSet> trainBatches(int steps);

    /** A held-out minibatch (not among the training data) for the final evaluation. */
    DataSet heldOut();

    /** True when labels are one-hot classes (accuracy is then reported). */
    boolean classification();

    /**
     * Whether meta-training may train one network of this task for all its runs on a thread, restoring the initial
     * parameters and the updater state between runs, instead of calling {@link #newNetwork} for every run (the
     * results are the same; it saves the construction). Return false when {@code newNetwork} has effects of its own
     * that must happen on every run (counting, injected faults).
     */
    default boolean reusableNetwork() {
        return true;
    }

    /** A one-line human description (architecture, data, batch size). */
    default String describe() {
        return family() + "#" + Long.toUnsignedString(seed(), 16);
    }
}
