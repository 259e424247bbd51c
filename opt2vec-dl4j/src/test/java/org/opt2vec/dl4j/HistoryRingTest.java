package org.opt2vec.dl4j;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.opt2vec.features.Feature;
import org.opt2vec.features.FeatureSet;
import org.opt2vec.state.FlatBuffer;
import org.opt2vec.state.StateLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The history window is the history: after each step the state's ring holds the last rows, each as recorded
 * (to the precision of the state's data type). */
class HistoryRingTest {
    @Test
    void everySlotHoldsItsOwnStepsRow() {
        int history = 4;
        for (FeatureSet set : FeatureSet.values()) {
            Opt2Vec config = new Opt2Vec.Builder().featureSet(set).historyLength(history).pretrained(false).build();
            UpdaterHarness h = new UpdaterHarness(config, 12, DataType.FLOAT);
            StateLayout layout = config.stateLayout();
            int count = config.architecture().featureCount();
            int loss = set.column(Feature.LOSS, count);
            double[] ring = new double[layout.ringSize()];
            for (int t = 0; t < 11; t++) {
                h.step(2.0 / (1 + t), 0.1);
                layout.readRing(FlatBuffer.of(h.state), ring);
                for (int back = 0; back < Math.min(t + 1, history); back++) {
                    int step = t - back;
                    assertEquals(Math.log(2.0 / (1 + step)), ring[(step % history) * count + loss], 1e-6,
                            set + ": after step " + t + ", the row of step " + step);
                }
            }
        }
    }
}
