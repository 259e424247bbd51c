package org.opt2vec.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The untrained controller is exactly the classic optimizer of its direction: momentum SGD (m = 0.9 m + g,
 * p -= lr * m) or Adam (lr 1e-3, 0.9, 0.999, 1e-8).
 */
class UntrainedControllerTest {

    @Test
    void matchesHandComputedMomentumSgdOver20Steps() {
        DataSet data = TestNets.regression(7, DataType.DOUBLE);
        Opt2Vec config = new Opt2Vec.Builder().direction(UpdateDirection.MOMENTUM).pretrained(false).maxGradNorm(0).baseLr(0.01).build();
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(config, DataType.DOUBLE));
        // The reference network has the same initial parameters and a plain Sgd(lr = 1) updater, so one fit()
        // from given parameters moves them by exactly the minibatch gradient DL4J hands to updaters.
        MultiLayerNetwork probe = TestNets.mlp(new Sgd(1.0), DataType.DOUBLE);
        INDArray reference = net.params().dup();
        INDArray momentum = reference.mul(0);
        for (int step = 0; step < 20; step++) {
            probe.setParams(reference);
            probe.fit(data);
            INDArray grad = reference.sub(probe.params());
            momentum.muli(0.9).addi(grad);
            reference.subi(momentum.mul(0.01));

            net.fit(data);
            double maxDiff = net.params().sub(reference).amaxNumber().doubleValue();
            assertTrue(maxDiff < 1e-12, "step " + step + ": max |p - p_ref| = " + maxDiff);
        }
        for (Opt2VecStep s : Opt2VecListener.of(net).orElseThrow().steps()) {
            assertEquals(1.0, s.lrScale(), 1e-6);
            assertEquals(0.9, s.momentum(), 1e-6);
        }
        assertEquals(20, Opt2VecListener.of(net).orElseThrow().steps().size());
    }

    @Test
    void adaptiveDirectionMatchesHandComputedAdamOver20Steps() {
        DataSet data = TestNets.regression(7, DataType.DOUBLE);
        Opt2Vec config = new Opt2Vec.Builder().direction(UpdateDirection.ADAPTIVE).pretrained(false).build();
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(config, DataType.DOUBLE));
        assertFollowsAdam(net, data, 1e-3, 20);
    }

    @Test
    void relativeDirectionIsAdamWithAStepFixedByTheInitialParameterScale() {
        DataSet data = TestNets.regression(7, DataType.DOUBLE);
        Opt2Vec config = new Opt2Vec.Builder().direction(UpdateDirection.RELATIVE).pretrained(false).build();
        assertEquals(Opt2Vec.DEFAULT_RELATIVE_BASE_LR, config.getBaseLr());
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(config, DataType.DOUBLE));
        // One updater block (every layer has the same updater): rho0 is the RMS of all initial parameters, and it
        // stays fixed while the parameters move.
        long n = net.params().length();
        double rho0 = net.params().norm2Number().doubleValue() / Math.sqrt(n);
        double lr = Opt2Vec.DEFAULT_RELATIVE_BASE_LR * rho0;
        assertFollowsAdam(net, data, lr, 20);
        assertTrue(Math.abs(net.params().norm2Number().doubleValue() / Math.sqrt(n) - rho0) > 1e-6,
                "the parameters moved, so a step that followed their current RMS would differ from the reference");
        for (Opt2VecStep s : Opt2VecListener.of(net).orElseThrow().steps()) {
            assertEquals(lr, s.effectiveLr(), 1e-15);
        }
    }

    /**
     * Trains {@code net} for {@code steps} minibatches of {@code data} beside a hand-computed Adam(lr, 0.9, 0.999,
     * 1e-8) that starts from the same parameters, and checks they agree after every step. The reference network has
     * a plain Sgd(lr = 1) updater, so one fit() from given parameters moves them by exactly the minibatch gradient
     * DL4J hands to updaters.
     */
    private static void assertFollowsAdam(MultiLayerNetwork net, DataSet data, double lr, int steps) {
        MultiLayerNetwork probe = TestNets.mlp(new Sgd(1.0), DataType.DOUBLE);
        INDArray reference = net.params().dup();
        INDArray m = reference.mul(0);
        INDArray v = reference.mul(0);
        for (int step = 1; step <= steps; step++) {
            probe.setParams(reference);
            probe.fit(data);
            INDArray grad = reference.sub(probe.params());
            m.muli(0.9).addi(grad.mul(0.1));
            v.muli(0.999).addi(grad.mul(grad).muli(0.001));
            INDArray mHat = m.div(1 - Math.pow(0.9, step));
            INDArray vHat = v.div(1 - Math.pow(0.999, step));
            reference.subi(mHat.div(org.nd4j.linalg.ops.transforms.Transforms.sqrt(vHat).addi(1e-8)).muli(lr));

            net.fit(data);
            double maxDiff = net.params().sub(reference).amaxNumber().doubleValue();
            assertTrue(maxDiff < 1e-12, "step " + step + ": max |p - p_ref| = " + maxDiff);
        }
    }

    @Test
    void outputsStayNeutralForAnyHistory() {
        // Wild, changing inputs: random losses and gradients over many orders of magnitude.
        UpdaterHarness h = new UpdaterHarness(new Opt2Vec.Builder().pretrained(false).build(), 50, DataType.FLOAT);
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 100; i++) {
            double scale = Math.pow(10, rnd.nextInt(12) - 6);
            Opt2VecStep s = h.step(rnd.nextDouble() * scale, scale);
            assertEquals(1.0, s.lrScale(), 1e-6);
            assertEquals(0.9, s.momentum(), 1e-6);
        }
    }

    @Test
    void constantControllerGivesItsOutputsForAnyHistory() {
        Opt2Vec config = new Opt2Vec.Builder().constantController(3.0, 0.5).build();
        UpdaterHarness h = new UpdaterHarness(config, 50, DataType.DOUBLE);
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < 60; i++) {
            double scale = Math.pow(10, rnd.nextInt(12) - 6);
            Opt2VecStep s = h.step(rnd.nextDouble() * scale, scale);
            assertEquals(3.0, s.lrScale(), 1e-9);
            assertEquals(0.5, s.momentum(), 1e-9);
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Opt2Vec.Builder().constantController(500.0, 0.5).build());
        assertTrue(e.getMessage().startsWith("lrScale"), e.getMessage());
    }
}
