package org.opt2vec.dl4j;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.opt2vec.features.Feature;
import org.opt2vec.features.FeatureSet;
import org.opt2vec.state.FlatBuffer;
import org.opt2vec.state.StateLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The v3 feature set: the controller reads step / trainingSteps, kept in the history ring of the state view. */
class TrainingFractionTest {
    private static final int HISTORY = 4;

    private static Opt2Vec v3(long trainingSteps) {
        return new Opt2Vec.Builder().featureSet(FeatureSet.V3).historyLength(HISTORY).pretrained(false)
                .trainingSteps(trainingSteps).build();
    }

    /** The fraction column of the ring row written at step {@code step}. */
    private static double fractionAt(UpdaterHarness h, int step) {
        StateLayout layout = h.config.stateLayout();
        double[] ring = new double[layout.ringSize()];
        layout.readRing(FlatBuffer.of(h.state), ring);
        int count = h.config.architecture().featureCount();
        int column = FeatureSet.V3.column(Feature.TRAINING_FRACTION, count);
        return ring[(step % HISTORY) * count + column];
    }

    @Test
    void theRingHoldsStepOverTrainingStepsCappedAtTheEnd() {
        UpdaterHarness h = new UpdaterHarness(v3(8), 10, DataType.FLOAT);
        for (int t = 0; t < 10; t++) {
            h.step(1.0 / (1 + t), 0.1);
            assertEquals(Math.min(1.0, t / 8.0), fractionAt(h, t), 1e-12, "step " + t);
        }
        UpdaterHarness unknown = new UpdaterHarness(v3(0), 10, DataType.FLOAT);
        for (int t = 0; t < 3; t++) {
            unknown.step(1.0, 0.1);
            assertEquals(0.0, fractionAt(unknown, t), "without trainingSteps the fraction stays 0");
        }
    }

    @Test
    void onlyV3ReadsTheFractionAndTheRunLengthIsPartOfTheConfiguration() {
        assertTrue(v3(0).readsTrainingFraction());
        assertFalse(new Opt2Vec.Builder().pretrained(false).build().readsTrainingFraction());
        assertFalse(new Opt2Vec.Builder().featureSet(FeatureSet.V3).useExtendedFeatures(false).pretrained(false)
                .build().readsTrainingFraction(), "the basic columns do not include it");
        Opt2Vec a = v3(100);
        assertSame(a, a.withTrainingSteps(100));
        assertEquals(250, a.withTrainingSteps(250).getTrainingSteps());
        assertNotEquals(a, a.withTrainingSteps(250));
        assertEquals(a, a.withTrainingSteps(250).withTrainingSteps(100));
        assertEquals(FeatureSet.V3.extendedCount(), FeatureSet.V2.extendedCount() + 1);
        assertEquals("v3", FeatureSet.fromName("V3").configName());
    }
}
