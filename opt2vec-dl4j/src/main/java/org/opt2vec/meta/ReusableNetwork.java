package org.opt2vec.meta;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.tasks.Task;

import java.util.ArrayList;
import java.util.Objects;

/**
 * A task's network, built once and then handed to every inner run of that task on one thread in the state a fresh
 * {@code task.newNetwork(updater)} would have: its initial parameters restored in place, the candidate's updater
 * configuration in every layer that trained with the previous one, a new updater state (the updater's blocks and
 * views are kept, their gradient updaters made anew from the configuration and their state initialized), zero
 * gradients, no listeners, iteration and epoch counts 0, no inputs. Building and initializing a network and making
 * its updater's blocks and views were about a tenth of the CPU of a 5-step inner run.
 *
 * <p>Only networks without dropout or weight noise (whose random state a fresh network would draw anew) are reused,
 * and only by updaters of the same class and state size; a run that threw discards the network.
 */
final class ReusableNetwork {
    private final Task task;
    private final boolean allowReuse;
    private MultiLayerNetwork net;
    private OwnViewUpdater netUpdater;
    private INDArray initialParams;
    private IUpdater installed;
    private boolean reusable;

    /** @param allowReuse false: a fresh network for every run (as {@code task.newNetwork}, with the same updater) */
    ReusableNetwork(Task task, boolean allowReuse) {
        this.task = task;
        this.allowReuse = allowReuse;
    }

    /** The task's network, fresh or as fresh, training with {@code updater}. */
    MultiLayerNetwork get(IUpdater updater) {
        if (net != null && reusable && canSwap(updater)) {
            reset(updater);
            return net;
        }
        net = task.newNetwork(updater);
        netUpdater = installUpdater(net);
        installed = updater;
        reusable = allowReuse && task.reusableNetwork() && reusable(net);
        if (reusable) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                initialParams = net.params().dup();
            }
        }
        return net;
    }

    /** The last network handed out must not be reused (its run threw, so its state is unknown). */
    void discard() {
        net = null;
        netUpdater = null;
        initialParams = null;
        installed = null;
    }

    /** DL4J's updater for the network, as fit() would create it, using its precomputed views. */
    private static OwnViewUpdater installUpdater(MultiLayerNetwork net) {
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            OwnViewUpdater u = new OwnViewUpdater(net);
            net.setUpdater(u);
            return u;
        }
    }

    private static boolean reusable(MultiLayerNetwork net) {
        for (Layer l : net.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer c = l.conf().getLayer();
            if (c.getIDropout() != null || (c instanceof BaseLayer b && b.getWeightNoise() != null)) {
                return false;
            }
        }
        return true;
    }

    /** The same kind of updater, forming the same blocks, with the same state size for every block. */
    private boolean canSwap(IUpdater updater) {
        if (installed == null || updater.getClass() != installed.getClass()) {
            return false;
        }
        if (updater instanceof Opt2Vec o && o.isPerLayer() != ((Opt2Vec) installed).isPerLayer()) {
            return false;
        }
        for (UpdaterBlock b : netUpdater.getUpdaterBlocks()) {
            long n = b.getParamOffsetEnd() - b.getParamOffsetStart();
            if (updater.stateSize(n) != installed.stateSize(n)) {
                return false;
            }
        }
        return true;
    }

    /** Equal settings; a per-layer Opt2Vec configuration equals only itself, so its layers' copies compare so. */
    private static boolean sameConfig(IUpdater a, IUpdater b) {
        return a instanceof Opt2Vec x && b instanceof Opt2Vec y ? x.sameSettings(y) : Objects.equals(a, b);
    }

    private void reset(IUpdater updater) {
        net.clear();   // inputs and labels of the network and its layers, and the solver (made anew by fit)
        net.setListeners(new ArrayList<>());
        net.rnnClearPreviousState();
        net.setParams(initialParams);
        net.getFlattenedGradients().assign(0);
        net.setIterationCount(0);
        net.setEpochCount(0);
        for (Layer l : net.getLayers()) {
            l.setIterationCount(0);
            l.setEpochCount(0);
            if (l.conf().getLayer() instanceof BaseLayer b) {
                // As the configuration builder does: each layer its own copy of the network's updater.
                if (sameConfig(b.getIUpdater(), installed)) {
                    b.setIUpdater(updater.clone());
                }
                if (b.getBiasUpdater() != null && sameConfig(b.getBiasUpdater(), installed)) {
                    b.setBiasUpdater(updater.clone());
                }
            }
        }
        if (netUpdater.getStateViewArray() != null) {
            netUpdater.getStateViewArray().assign(0);
        }
        for (UpdaterBlock b : netUpdater.getUpdaterBlocks()) {
            // Made anew from the layer's configuration on first use, with the state view initialized.
            b.setGradientUpdater(null);
            b.setUpdaterViewRequiresInitialization(true);
        }
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            net.setUpdater(netUpdater);
        }
        installed = updater;
    }
}
