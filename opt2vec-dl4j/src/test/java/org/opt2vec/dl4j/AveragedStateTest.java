package org.opt2vec.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.opt2vec.state.AveragedState;
import org.opt2vec.state.FlatBuffer;
import org.opt2vec.state.StateLayout;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The updater state as DL4J's parameter averaging leaves it (the element-wise mean of several workers' views, in
 * the network's FLOAT type), handed to an updater the two ways DL4J does: a new updater over the averaged view
 * (Spark workers, restored models) and an assignment into a live updater's view (the Spark driver, ParallelWrapper).
 */
class AveragedStateTest {
    private static final Opt2Vec OPT = new Opt2Vec();

    /** A network trained on its own data: {@code steps} applied steps, then one neutralized step if asked. */
    private static MultiLayerNetwork worker(int steps, long dataSeed, boolean neutralizedStep) {
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(OPT, DataType.FLOAT));
        for (int i = 0; i < steps; i++) {
            net.fit(TestNets.regression(dataSeed + i, DataType.FLOAT));
        }
        if (neutralizedStep) {
            DataSet bad = TestNets.regression(dataSeed + 99, DataType.FLOAT);
            bad.getFeatures().putScalar(0, 0, Double.NaN);
            net.fit(bad);
        }
        return net;
    }

    private static Opt2VecUpdater updater(MultiLayerNetwork net) {
        List<?> blocks = ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks();
        assertEquals(1, blocks.size(), "one Opt2Vec block");
        return (Opt2VecUpdater) ((org.deeplearning4j.nn.updater.UpdaterBlock) blocks.get(0)).getGradientUpdater();
    }

    /** What ParameterAveragingTrainingMaster does: sum the arrays, then divide by their count. */
    private static INDArray mean(INDArray... arrays) {
        INDArray sum = arrays[0].dup();
        for (int i = 1; i < arrays.length; i++) {
            sum.addi(arrays[i]);
        }
        return sum.divi(arrays.length);
    }

    private static StateLayout layout() {
        return OPT.stateLayout();
    }

    private static void assertValid(INDArray view, long steps, long neutralized) {
        FlatBuffer s = FlatBuffer.of(view);
        StateLayout layout = layout();
        layout.verify(s);
        assertEquals((float) StateLayout.LAYOUT_TAG, (float) s.get(StateLayout.TAG), "tag exact");
        assertEquals(steps, StateLayout.readCounter(s, StateLayout.STEPS_HI));
        assertEquals(neutralized, StateLayout.readCounter(s, StateLayout.NEUTRALIZED_HI));
        for (int i = StateLayout.STEPS_HI; i <= StateLayout.NEUTRALIZED_LO; i++) {
            assertEquals(Math.rint(s.get(i)), s.get(i), "counter field " + i + " is a whole number");
        }
        double[] reference = OPT.resolveWeights().values();
        for (int i = 0; i < reference.length; i++) {
            assertEquals((float) reference[i], (float) s.get(layout.weightsOffset() + i),
                    "controller weight " + i + " is the configuration's, exactly");
        }
        for (int i = 0; i < s.length(); i++) {
            assertTrue(Double.isFinite(s.get(i)), "value " + i + " is finite");
        }
        double lr = s.get(StateLayout.LAST_LR_SCALE);
        double mu = s.get(StateLayout.LAST_MOMENTUM);
        assertTrue(lr >= OPT.getLrScaleMin() - 1e-6 && lr <= OPT.getLrScaleMax() + 1e-6, "lr scale " + lr);
        assertTrue(mu >= OPT.getMomentumMin() - 1e-6 && mu <= OPT.getMomentumMax() + 1e-6, "momentum " + mu);
    }

    private static double trainAndScore(MultiLayerNetwork net, int steps) {
        DataSet probe = TestNets.regression(7_000, DataType.FLOAT);
        double before = net.score(probe);
        for (int i = 0; i < steps; i++) {
            net.fit(TestNets.regression(5_000 + i, DataType.FLOAT));
        }
        double after = net.score(probe);
        assertTrue(Double.isFinite(after) && after < before, "training continues: loss " + before + " -> " + after);
        return after;
    }

    @Test
    void aNewUpdaterOverTheMeanOfThreeWorkersContinuesFromRoundedCounters() {
        // 5, 6 (+1 neutralized) and 6 steps: mean 5.67 steps -> 6, mean 1/3 neutralized -> 1.
        MultiLayerNetwork a = worker(5, 100, false);
        MultiLayerNetwork b = worker(6, 200, true);
        MultiLayerNetwork c = worker(6, 300, false);
        assertEquals(1, updater(b).neutralizedSteps());
        INDArray state = mean(a.getUpdater().getStateViewArray(), b.getUpdater().getStateViewArray(),
                c.getUpdater().getStateViewArray());
        INDArray params = mean(a.params(), b.params(), c.params());

        // The mean of three equal float weights is not always that weight: the configuration's are restored.
        FlatBuffer raw = FlatBuffer.of(state);
        double[] reference = OPT.resolveWeights().values();
        int off = 0;
        for (int i = 0; i < reference.length; i++) {
            off += (float) raw.get(layout().weightsOffset() + i) != (float) reference[i] ? 1 : 0;
        }
        assertNotEquals(0, off, "averaging three equal floats moved some weights by a rounding step");
        assertNotEquals(Math.rint(raw.get(StateLayout.STEPS_LO)), raw.get(StateLayout.STEPS_LO));

        // A Spark worker's network: parameters and a new updater over the averaged state.
        MultiLayerNetwork w = new MultiLayerNetwork(a.getLayerWiseConfigurations().clone());
        w.init(params.dup(), false);
        w.setUpdater(new MultiLayerUpdater(w, state.dup()));
        Opt2Vec.attach(w);
        w.fit(TestNets.regression(400, DataType.FLOAT));
        assertEquals(7, updater(w).steps(), "6 averaged steps + 1");
        assertEquals(1, updater(w).neutralizedSteps());
        assertValid(w.getUpdater().getStateViewArray(), 7, 1);
        trainAndScore(w, 30);
        assertValid(w.getUpdater().getStateViewArray(), 37, 1);
    }

    @Test
    void aLiveUpdaterGivenTheMeanContinuesFromItAndSoDoesTheSavedModel(@TempDir File dir) throws Exception {
        MultiLayerNetwork a = worker(4, 100, false);
        MultiLayerNetwork b = worker(7, 200, false);
        INDArray state = mean(a.getUpdater().getStateViewArray(), b.getUpdater().getStateViewArray());
        // Like the Spark driver: assign the mean into the view of an updater that has been stepping.
        MultiLayerNetwork driver = worker(2, 500, false);
        driver.setParameters(mean(a.params(), b.params()));
        driver.getUpdater().setStateViewArray(null, state.dup(), false);

        File saved = new File(dir, "averaged.zip");
        ModelSerializer.writeModel(driver, saved, true);

        driver.fit(TestNets.regression(600, DataType.FLOAT));
        assertValid(driver.getUpdater().getStateViewArray(), 7, 0);  // round(5.5) = 6, + 1
        trainAndScore(driver, 20);

        MultiLayerNetwork restored = Opt2Vec.attach(ModelSerializer.restoreMultiLayerNetwork(saved, true));
        restored.fit(TestNets.regression(600, DataType.FLOAT));
        assertValid(restored.getUpdater().getStateViewArray(), 7, 0);
        trainAndScore(restored, 20);
    }

    @Test
    void aViewOneUpdaterWroteIsLeftBitForBit() {
        MultiLayerNetwork a = worker(5, 100, true);
        INDArray view = a.getUpdater().getStateViewArray();
        INDArray copy = view.dup();
        double[] weights = new double[layout().architecture().parameterCount()];
        new AveragedState(layout(), OPT.getDirection().ordinal())
                .normalize(FlatBuffer.of(copy), weights, OPT.resolveWeights().values());
        assertEquals(view, copy);
        FlatBuffer s = FlatBuffer.of(view);
        FlatBuffer t = FlatBuffer.of(copy);
        for (int i = 0; i < s.length(); i++) {
            assertEquals(Float.floatToIntBits((float) s.get(i)), Float.floatToIntBits((float) t.get(i)), "value " + i);
        }
    }
}
