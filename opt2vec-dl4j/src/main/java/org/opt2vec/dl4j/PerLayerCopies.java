package org.opt2vec.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Gives every layer of a network its own copy of a per-layer Opt2Vec configuration before the network's updater is
 * made. A per-layer configuration equals only itself ({@link Opt2Vec#equals}), so DL4J keeps layers in separate
 * updater blocks only when each holds its own instance. The configuration builders clone the network's updater per
 * layer and JSON reads one per layer, but a {@code FineTuneConfiguration} or a layer builder given one instance puts
 * that instance into several layers; the blocks of such a network would be merged now and split after a restore,
 * and the saved updater state would no longer fit. Copying first makes the blocks the same in every case.
 */
final class PerLayerCopies {
    private PerLayerCopies() {
    }

    /** No-op once the model's updater exists (its blocks are fixed then) and for models without such configs. */
    static void ensure(Model model) {
        Layer[] layers;
        if (model instanceof MultiLayerNetwork mln) {
            if (mln.getUpdater(false) != null) {
                return;
            }
            layers = mln.getLayers();
        } else if (model instanceof ComputationGraph cg) {
            if (cg.getUpdater(false) != null) {
                return;
            }
            layers = cg.getLayers();
        } else {
            return;
        }
        if (layers == null) {
            return;
        }
        Set<IUpdater> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Layer l : layers) {
            if (!(l.conf().getLayer() instanceof BaseLayer b)) {
                continue;
            }
            IUpdater weights = b.getIUpdater();
            IUpdater bias = b.getBiasUpdater();
            IUpdater ownWeights = own(weights, seen);
            if (ownWeights != weights) {
                b.setIUpdater(ownWeights);
            }
            // A bias sharing the weights' instance stays in the weights' block.
            IUpdater ownBias = bias == weights ? ownWeights : own(bias, seen);
            if (ownBias != bias) {
                b.setBiasUpdater(ownBias);
            }
        }
    }

    private static IUpdater own(IUpdater u, Set<IUpdater> seen) {
        if (!(u instanceof Opt2Vec o) || !o.isPerLayer()) {
            return u;
        }
        IUpdater mine = seen.contains(u) ? o.clone() : u;
        seen.add(mine);
        return mine;
    }
}
