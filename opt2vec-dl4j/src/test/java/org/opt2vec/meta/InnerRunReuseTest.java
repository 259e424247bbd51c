package org.opt2vec.meta;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.tasks.RealisticTasks;
import org.opt2vec.tasks.Task;
import org.opt2vec.tasks.TaskDistributions;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Meta-training's shortcuts must not change a single bit: a network reused by the runs of one task trains exactly as
 * a fresh one, and DL4J's updater on its precomputed views ({@link OwnViewUpdater}) exactly as DL4J's own.
 */
class InnerRunReuseTest {
    private static final Opt2Vec TEMPLATE = new Opt2Vec.Builder().pretrained(false).build();

    private static List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        for (long s = 0; s < 5; s++) {
            tasks.add(TaskDistributions.defaultMetaTraining().sample(s));
        }
        tasks.add(RealisticTasks.convPrototypes().sample(3));
        tasks.add(RealisticTasks.imageMlp().sample(3));
        return tasks;
    }

    /** Candidate controllers: perturbations of the untrained one, and one whose steps explode. */
    private static List<Opt2Vec> candidates() {
        return candidates(TEMPLATE);
    }

    private static List<Opt2Vec> candidates(Opt2Vec template) {
        ControllerArchitecture arch = template.architecture();
        double[] base = Opt2VecWeights.untrained(arch).values();
        List<Opt2Vec> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int c = 0; c < 3; c++) {
            double[] w = base.clone();
            for (int i = 0; i < w.length; i++) {
                w[i] += 0.3 * r.nextGaussian();
            }
            out.add(template.toBuilder().weights(Opt2VecWeights.of(arch, w, "test candidate " + c)).build());
        }
        out.add(1, template.toBuilder().baseLr(1e4).build());
        out.add(template);
        return out;
    }

    @Test
    void reusedNetworkTrainsBitForBitAsAFreshOne() {
        assertReuseChangesNothing(candidates());
    }

    @Test
    void reusedPerLayerNetworkTrainsBitForBitAsAFreshOne() {
        List<Opt2Vec> perLayer = candidates(TEMPLATE.toBuilder().perLayer(true).build());
        assertReuseChangesNothing(perLayer);
        // and the runs are per layer: a controller per layer trains a multi-layer network differently
        Task t = RealisticTasks.imageMlp().sample(3);
        InnerRun whole = InnerRun.run(new InnerRun.Prepared(t, 6, false), candidates().get(0), true, 2, true);
        InnerRun layers = InnerRun.run(new InnerRun.Prepared(t, 6, false), perLayer.get(0), true, 2, true);
        assertFalse(java.util.Arrays.equals(whole.losses(), layers.losses()));
    }

    private static void assertReuseChangesNothing(List<Opt2Vec> candidates) {
        for (Task t : tasks()) {
            InnerRun.Prepared reused = new InnerRun.Prepared(t, 6, true);
            for (Opt2Vec u : candidates) {
                InnerRun fresh = InnerRun.run(new InnerRun.Prepared(t, 6, false), u, true, 2, true);
                InnerRun again = InnerRun.run(reused, u, true, 2, true);
                String what = t.describe() + " with " + u;
                assertFalse(fresh.failed(), fresh.error());
                assertArrayEquals(fresh.losses(), again.losses(), what);
                assertArrayEquals(fresh.heldOut(), again.heldOut(), what);
                assertEquals(fresh.accuracy(), again.accuracy(), what);
                assertEquals(fresh.meanLrScale(), again.meanLrScale(), what);
                assertEquals(fresh.meanMomentum(), again.meanMomentum(), what);
            }
        }
    }

    @Test
    void ownViewUpdaterTrainsBitForBitAsDl4jsOwn() {
        Opt2Vec u = candidates().get(0);
        for (Task t : tasks()) {
            // Plain DL4J: the network's own updater, made by fit().
            MultiLayerNetwork net = t.newNetwork(u);
            DataSet held = t.heldOut();
            double before = net.score(held);
            List<Double> losses = new ArrayList<>();
            net.addListeners(new Opt2VecListener(0, null), new BaseTrainingListener() {
                @Override
                public void iterationDone(Model model, int iteration, int epoch) {
                    losses.add(model.score());
                }
            });
            net.fit(new BatchListIterator(t.trainBatches(6)));
            double after = net.score(held);

            InnerRun r = InnerRun.run(t, u, 6, false);
            assertArrayEquals(losses.stream().mapToDouble(Double::doubleValue).toArray(), r.losses(), t.describe());
            assertArrayEquals(new double[]{before, after}, r.heldOut(), t.describe());
        }
    }
}
