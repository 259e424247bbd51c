package org.opt2vec.dl4j;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.opt2vec.state.FlatBuffer;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feeds every Opt2Vec updater block of a network its loss (and parameter norm) before each update, and keeps
 * the last {@code capacity} {@link Opt2VecStep}s as telemetry.
 *
 * <p>DL4J calls {@link #onGradientCalculation} after the forward and backward pass, when {@code model.score()}
 * holds this minibatch's loss and the parameters are still the old ones, and right before the updater runs.
 *
 * <p>Serializable, so that DL4J's Spark training can ship it to its workers
 * ({@code sparkNet.setListeners(new Opt2VecListener())}): a copy keeps the capacity and the observer (which must
 * then be serializable itself) and starts with no recorded steps. The steps a worker records stay on that worker.
 */
public class Opt2VecListener extends BaseTrainingListener implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Steps kept by default: about 6 MB with the default 64-wide embedding. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final Consumer<Opt2VecStep> observer;
    private transient ArrayDeque<Opt2VecStep> steps;
    private transient Consumer<Opt2VecStep> sink;

    /** Keeps the last {@value #DEFAULT_CAPACITY} steps. */
    public Opt2VecListener() {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity steps to keep (oldest dropped first); 0 keeps none */
    public Opt2VecListener(int capacity) {
        this(capacity, null);
    }

    /**
     * @param capacity steps to keep (oldest dropped first); 0 keeps none
     * @param observer receives every step as it happens (null: none), e.g. to keep running statistics of long runs
     *                 without holding every step; to ship the listener to Spark workers it must be serializable
     */
    public Opt2VecListener(int capacity, Consumer<Opt2VecStep> observer) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity: must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
        this.observer = observer;
        init();
    }

    private void init() {
        this.steps = new ArrayDeque<>(Math.min(capacity, 1024));
        this.sink = this::record;
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        init();
    }

    @Override
    public void onGradientCalculation(Model model) {
        double loss = model.score();
        List<UpdaterBlock> blocks = updaterBlocks(model);
        FlatBuffer params = null;
        for (int b = 0; b < blocks.size(); b++) {
            UpdaterBlock block = blocks.get(b);
            GradientUpdater<?> gu = block.getGradientUpdater();
            if (gu instanceof Opt2VecUpdater u) {
                // The parameter norm is a feature and also bounds the overflow guard, so it is always measured.
                // Read in place (no ND4J op, no view): the block's slice of the flattened parameters.
                if (params == null) {
                    params = FlatBuffer.of(model.params());
                }
                double paramNorm = Math.sqrt(params.sumOfSquares((int) block.getParamOffsetStart(),
                        (int) block.getParamOffsetEnd()));
                u.observe(loss, paramNorm);
                if ((capacity > 0 || observer != null) && !u.hasTelemetry(sink)) {
                    u.setTelemetry(b, sink);
                }
            }
        }
    }

    static List<UpdaterBlock> updaterBlocks(Model model) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("Opt2VecListener supports MultiLayerNetwork and ComputationGraph, got "
                    + model.getClass().getName());
        }
        Updater updater;
        // On the first iteration this creates the network's updater, and with it the updater state array, before
        // DL4J would (later in the same step, explicitly out of workspaces). Do the same here, so the state can never
        // land in workspace memory even if a caller's training loop has a workspace open.
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            PerLayerCopies.ensure(model);
            updater = model instanceof MultiLayerNetwork mln ? mln.getUpdater(true)
                    : ((ComputationGraph) model).getUpdater(true);
        }
        if (updater instanceof BaseMultiLayerUpdater<?> base) {
            return base.getUpdaterBlocks();
        }
        throw new IllegalStateException("unsupported DL4J updater " + updater);
    }

    private synchronized void record(Opt2VecStep step) {
        if (observer != null) {
            observer.accept(step);
        }
        if (capacity == 0) {
            return;
        }
        if (steps.size() == capacity) {
            steps.removeFirst();
        }
        steps.addLast(step);
    }

    /** The recorded steps, oldest first (one per Opt2Vec updater block per iteration). A copy. */
    public synchronized List<Opt2VecStep> steps() {
        return List.copyOf(steps);
    }

    public synchronized void clear() {
        steps.clear();
    }

    public int capacity() {
        return capacity;
    }

    /** The Opt2VecListener attached to a network, if any. */
    public static Optional<Opt2VecListener> of(Model model) {
        Collection<TrainingListener> ls =
                model instanceof MultiLayerNetwork mln ? mln.getListeners()
                        : model instanceof ComputationGraph cg ? cg.getListeners() : null;
        if (ls == null) {
            return Optional.empty();
        }
        return ls.stream().filter(l -> l instanceof Opt2VecListener).map(l -> (Opt2VecListener) l).findFirst();
    }
}
