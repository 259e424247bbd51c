package org.opt2vec.dl4j;

import org.opt2vec.state.StateLayout;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Non-finite gradients or losses never reach parameters or state; a missing loss is a clear error. */
class NonFiniteInputTest {

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void poisonedGradientElementIsNeutralized(double poison) {
        UpdaterHarness h = new UpdaterHarness(new Opt2Vec(), 1000, DataType.FLOAT);
        for (int i = 0; i < 5; i++) {
            h.step(1.0 / (i + 1), 0.1);
        }
        INDArray before = h.state.dup();
        INDArray g = Nd4j.rand(DataType.FLOAT, 1000);
        g.putScalar(517, poison);
        h.updater.observe(0.1, 1.0);
        h.updater.applyUpdater(g, 5, 0);
        assertEquals(0.0, g.amaxNumber().doubleValue(), "update must be zero");
        assertStateUnchangedButCounter(before, h);
        assertTrue(h.steps.get(h.steps.size() - 1).neutralized());
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteLossIsNeutralized(double loss) {
        UpdaterHarness h = new UpdaterHarness(new Opt2Vec(), 100, DataType.DOUBLE);
        h.step(2.0, 0.1);
        INDArray before = h.state.dup();
        INDArray g = Nd4j.rand(DataType.DOUBLE, 100);
        h.updater.observe(loss, 1.0);
        h.updater.applyUpdater(g, 1, 0);
        assertEquals(0.0, g.amaxNumber().doubleValue());
        assertStateUnchangedButCounter(before, h);
        // and training goes on afterwards
        Opt2VecStep next = h.step(1.5, 0.1);
        assertFalse(next.neutralized());
        assertEquals(2, h.updater.steps());
    }

    private static void assertStateUnchangedButCounter(INDArray before, UpdaterHarness h) {
        assertEquals(1, h.updater.neutralizedSteps());
        INDArray after = h.state.dup();
        // only the neutralized counter may change; everything else must be bit-identical
        after.putScalar(StateLayout.NEUTRALIZED_HI, before.getDouble(StateLayout.NEUTRALIZED_HI));
        after.putScalar(StateLayout.NEUTRALIZED_LO, before.getDouble(StateLayout.NEUTRALIZED_LO));
        assertEquals(before, after);
        assertTrue(Double.isFinite(h.state.sumNumber().doubleValue()));
    }

    @Test
    void nanLossInANetworkLeavesParametersUntouched() {
        DataSet good = TestNets.regression(1, DataType.FLOAT);
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(new Opt2Vec(), DataType.FLOAT));
        net.fit(good);
        INDArray labels = good.getLabels().dup();
        labels.putScalar(3, 0, Double.NaN);
        DataSet bad = new DataSet(good.getFeatures(), labels);
        INDArray params = net.params().dup();
        INDArray state = net.getUpdater().getStateViewArray().dup();
        net.fit(bad);
        assertEquals(params, net.params());
        assertEquals(state.sub(net.getUpdater().getStateViewArray()).amaxNumber().doubleValue(), 1.0, 0.0,
                "only the neutralized counter may change");
        net.fit(good);
        assertTrue(Double.isFinite(net.params().sumNumber().doubleValue()));
        assertFalse(net.params().equals(params));
    }

    @Test
    void missingListenerIsAClearError() {
        MultiLayerNetwork net = TestNets.mlp(new Opt2Vec(), DataType.FLOAT);   // no attach()
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> net.fit(TestNets.regression(1, DataType.FLOAT)));
        assertTrue(e.getMessage().contains("Opt2Vec.attach(net)"), e.getMessage());
    }

    @Test
    void attachIsIdempotent() {
        MultiLayerNetwork net = TestNets.mlp(new Opt2Vec(), DataType.FLOAT);
        Opt2Vec.attach(Opt2Vec.attach(net));
        assertEquals(1, net.getListeners().stream().filter(l -> l instanceof Opt2VecListener).count());
    }

    @Test
    void telemetryIsBounded() {
        MultiLayerNetwork net = TestNets.mlp(new Opt2Vec(), DataType.FLOAT);
        Opt2VecListener listener = new Opt2VecListener(7);
        net.addListeners(listener);
        DataSet data = TestNets.regression(1, DataType.FLOAT);
        for (int i = 0; i < 20; i++) {
            net.fit(data);
        }
        assertEquals(7, listener.steps().size());
        assertEquals(19, listener.steps().get(6).iteration());
    }
}
