package org.opt2vec.controller;

import org.junit.jupiter.api.Test;
import org.opt2vec.features.Feature;
import org.opt2vec.features.FeatureSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feature set v4: one weight takes the fraction of the run done straight to the lr head. */
class ScheduleWeightTest {
    static final OutputMapping MAPPING = new OutputMapping(0.01, 100, 0, 0.99);

    @Test
    void onlyV4WithTheFractionHasTheWeight() {
        ControllerArchitecture v4 = ControllerArchitecture.of(4, FeatureSet.V4, true, 8, Activation.GELU);
        ControllerArchitecture v3 = ControllerArchitecture.of(4, FeatureSet.V3, true, 8, Activation.GELU);
        assertTrue(v4.hasScheduleWeight());
        assertFalse(v3.hasScheduleWeight());
        assertFalse(ControllerArchitecture.of(4, FeatureSet.V4, false, 8, Activation.GELU).hasScheduleWeight(),
                "the basic columns hold no fraction");
        assertEquals(v3.parameterCount() + 1, v4.parameterCount());
        assertEquals(v4.parameterCount() - 1, v4.scheduleOffset());
    }

    @Test
    void theWeightScalesTheLrHeadByTheNewestRowsFraction() {
        ControllerArchitecture arch = ControllerArchitecture.of(4, FeatureSet.V4, true, 8, Activation.GELU);
        double[] w = new double[arch.parameterCount()];
        Controller c = new Controller(arch, w, MAPPING);
        int f = arch.featureCount();
        int col = arch.featureSet().columns(f).indexOf(Feature.TRAINING_FRACTION);
        double[] end = new double[arch.inputSize()];
        end[(arch.historyLength() - 1) * f + col] = 1.0;   // the newest row: the run is done
        c.forward(end);
        assertEquals(1.0, c.lrScale(), 1e-12, "a zero schedule weight is neutral");

        w[arch.scheduleOffset()] = -0.2;
        c.forward(end);
        assertEquals(MAPPING.lrScale(-0.2 * ControllerArchitecture.SCHEDULE_GAIN), c.lrScale(), 1e-12);
        assertTrue(c.lrScale() < 0.1, "annealed: " + c.lrScale());
        double momentum = c.momentum();

        double[] start = new double[arch.inputSize()];
        c.forward(start);
        assertEquals(1.0, c.lrScale(), 1e-12, "at the start of the run the schedule does nothing");
        assertEquals(momentum, c.momentum(), 0.0, "the schedule drives the lr head only");

        double[] olderRowOnly = new double[arch.inputSize()];
        olderRowOnly[col] = 1.0;   // the oldest row: not the current fraction
        c.forward(olderRowOnly);
        assertEquals(1.0, c.lrScale(), 1e-12);
    }
}
