package org.opt2vec.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.opt2vec.controller.Activation;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.features.FeatureSet;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default Opt2Vec runs the shipped meta-trained controller, and the shipped file is the recorded one. */
class BundledWeightsTest {

    @Test
    void defaultConfigurationRunsTheBundledMetaTrainedController() throws IOException {
        Opt2Vec o = new Opt2Vec();
        assertTrue(o.isMetaTrained());
        String file = BundledWeights.fileName(o.architecture(), o.getDirection());
        Opt2VecWeights w = o.resolveWeights();
        assertNotEquals(Opt2VecWeights.untrained(o.architecture()), w, "the bundled controller must be trained");
        assertTrue(w.provenance().startsWith("EfficientMetaLearningTrainer"), w.provenance());
        byte[] bytes;
        try (InputStream in = BundledWeights.class.getResourceAsStream(BundledWeights.RESOURCE_DIR + file)) {
            assertNotNull(in, file + " must ship in the jar");
            bytes = in.readAllBytes();
        }
        assertEquals(BundledWeights.sha256(bytes), BundledWeights.sha256(file).orElseThrow());
        assertTrue(BundledWeights.recipe(file).orElseThrow().contains("seed"), "the recipe names its seed");
    }

    @Test
    void aMissingControllerFailsLoudlyNamingTheWayOut() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2Vec.Builder().embeddingDim(8).build());
        assertTrue(e.getMessage().contains("pretrained(false)") && e.getMessage().contains("embeddingDim=8"),
                e.getMessage());
        // untrained on request is fine
        Opt2Vec untrained = new Opt2Vec.Builder().embeddingDim(8).pretrained(false).build();
        assertFalse(untrained.isMetaTrained());
        assertEquals(Opt2VecWeights.untrained(untrained.architecture()), untrained.resolveWeights());
        ControllerArchitecture a = ControllerArchitecture.of(16, true, 64, Activation.GELU);
        assertTrue(BundledWeights.find(a, UpdateDirection.ADAPTIVE).isPresent());
        assertTrue(BundledWeights.find(a, UpdateDirection.MOMENTUM).isEmpty());
    }

    /**
     * The default controller (feature set v5) anneals its step in log-time without being told the run's length. On a
     * real network its lr scale falls to a third over 300 steps, and the learned schedule weight is what does it: the
     * same controller with that weight zeroed (and the previous default, v2) fall only to about 0.55.
     */
    @Test
    void theDefaultControllerAnnealsWithoutTheRunsLength() {
        Opt2Vec o = new Opt2Vec();
        assertEquals(FeatureSet.V5, o.getFeatureSet());
        assertFalse(o.readsTrainingFraction(), "needs no trainingSteps");
        int schedule = o.architecture().scheduleOffset();
        assertTrue(o.resolveWeights().values()[schedule] < 0, "a learned decay");
        double[] flat = o.resolveWeights().values().clone();
        flat[schedule] = 0;
        Opt2Vec withoutSchedule = o.toBuilder().weights(Opt2VecWeights.of(o.architecture(), flat, "no schedule")).build();

        double[] with = earlyAndLateLrScale(o, 300);
        double[] without = earlyAndLateLrScale(withoutSchedule, 300);
        assertTrue(with[1] < 0.45 * with[0], "lr scale early " + with[0] + ", late " + with[1]);
        assertTrue(with[1] < 0.7 * without[1], "late lr scale " + with[1] + " with the schedule, " + without[1]
                + " without it");
    }

    /** Mean lr scale of steps 5-24 and of the last 20 of {@code steps} on a small regression MLP; checks it trains. */
    private static double[] earlyAndLateLrScale(Opt2Vec updater, int steps) {
        DataSet data = TestNets.regression(3, DataType.FLOAT);
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(updater, DataType.FLOAT));
        double initial = net.score(data);
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        assertTrue(net.score(data) < 0.5 * initial, "loss " + initial + " -> " + net.score(data));
        List<Opt2VecStep> st = Opt2VecListener.of(net).orElseThrow().steps();
        return new double[]{st.subList(5, 25).stream().mapToDouble(Opt2VecStep::lrScale).average().orElseThrow(),
                st.subList(steps - 20, steps).stream().mapToDouble(Opt2VecStep::lrScale).average().orElseThrow()};
    }

    /** The previous default (v2) stays bundled, so configurations and checkpoints naming it keep their controller. */
    @Test
    void thePreviousDefaultAndTheAdaptiveControllerStayBundled() {
        Opt2Vec v2 = new Opt2Vec.Builder().featureSet(FeatureSet.V2).build();
        assertTrue(v2.isMetaTrained());
        assertEquals("relative-v2-h16-f9-e64-gelu.o2vw", BundledWeights.fileName(v2.architecture(), v2.getDirection()));
        Opt2Vec adaptive = new Opt2Vec.Builder().direction(UpdateDirection.ADAPTIVE).build();
        assertEquals(FeatureSet.V2, adaptive.getFeatureSet(), "the adaptive direction's default is its bundled set");
        assertTrue(adaptive.isMetaTrained());
    }
}
