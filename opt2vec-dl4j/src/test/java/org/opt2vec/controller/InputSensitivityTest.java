package org.opt2vec.controller;

import org.junit.jupiter.api.Test;
import org.opt2vec.features.Feature;
import org.opt2vec.features.FeatureSet;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe finds the features a controller reads, and only those. */
class InputSensitivityTest {
    static final ControllerArchitecture ARCH = ControllerArchitecture.of(4, FeatureSet.V3, true, 8, Activation.GELU);
    static final OutputMapping MAPPING = new OutputMapping(0.01, 100, 0, 0.99);

    /** Random weights in which the first layer reads only the columns of {@code reads}. */
    static double[] readingOnly(Feature reads) {
        int f = ARCH.featureCount();
        int col = ARCH.featureSet().columns(f).indexOf(reads);
        SplittableRandom r = new SplittableRandom(5);
        double[] w = new double[ARCH.parameterCount()];
        for (int i = 0; i < w.length; i++) {
            boolean firstLayer = i < ARCH.b1Offset();
            boolean readColumn = (i - ARCH.w1Offset()) % ARCH.inputSize() % f == col;
            w[i] = !firstLayer || readColumn ? r.nextDouble(-1, 1) : 0.0;
        }
        return w;
    }

    @Test
    void onlyTheFeatureTheWeightsReadMovesTheOutputs() {
        List<InputSensitivity.Effect> effects = InputSensitivity.measure(ARCH, readingOnly(Feature.TRAINING_FRACTION),
                MAPPING, 6, 3);
        assertEquals(ARCH.featureCount(), effects.size());
        for (InputSensitivity.Effect e : effects) {
            double[] r = e.lrRatio();
            double[] m = e.momentumChange();
            if (e.feature() == Feature.TRAINING_FRACTION) {
                assertTrue(r[0] != 1.0 || r[2] != 1.0, "the read feature changes the lr scale");
                assertTrue(m[0] != 0.0 || m[2] != 0.0, "the read feature changes the momentum");
                assertTrue(r[0] <= r[1] && r[1] <= r[2] && m[0] <= m[1] && m[1] <= m[2], "min <= median <= max");
            } else {
                assertArrayEquals(new double[]{1, 1, 1}, r, 0.0, e.feature() + " is not read");
                assertArrayEquals(new double[]{0, 0, 0}, m, 0.0, e.feature() + " is not read");
            }
        }
    }

    @Test
    void theUntrainedControllerReadsNothingAndTheProbeIsDeterministic() {
        double[] untrained = new double[ARCH.parameterCount()];   // zero heads: neutral outputs whatever the input
        for (InputSensitivity.Effect e : InputSensitivity.measure(ARCH, untrained, MAPPING, 4, 1)) {
            assertArrayEquals(new double[]{1, 1, 1}, e.lrRatio(), 0.0);
        }
        double[] w = new SplittableRandom(2).doubles(ARCH.parameterCount(), -1, 1).toArray();   // reads everything
        List<InputSensitivity.Effect> a = InputSensitivity.measure(ARCH, w, MAPPING, 5, 9);
        List<InputSensitivity.Effect> b = InputSensitivity.measure(ARCH, w, MAPPING, 5, 9);
        List<InputSensitivity.Effect> other = InputSensitivity.measure(ARCH, w, MAPPING, 5, 10);
        assertArrayEquals(a.get(0).lrRatio(), b.get(0).lrRatio(), 0.0);
        assertNotEquals(a.get(0).lrRatio()[2], other.get(0).lrRatio()[2], "another seed, other random windows");
        assertThrows(IllegalArgumentException.class, () -> InputSensitivity.measure(ARCH, w, MAPPING, 0, 1));
    }
}
