package org.opt2vec.controller;

import org.junit.jupiter.api.Test;
import org.opt2vec.features.Feature;
import org.opt2vec.features.FeatureSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feature sets v4 and v5: one weight takes a schedule feature straight to the lr head (v4 the fraction of the run
 * done, v5 the step).
 */
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

    @Test
    void v5HasTheWeightOnTheStepAndNeedsNoRunLength() {
        ControllerArchitecture v5 = ControllerArchitecture.of(4, FeatureSet.V5, true, 8, Activation.GELU);
        ControllerArchitecture v2 = ControllerArchitecture.of(4, FeatureSet.V2, true, 8, Activation.GELU);
        assertTrue(v5.hasScheduleWeight());
        assertEquals(Feature.STEP, FeatureSet.V5.scheduleFeature(v5.featureCount()));
        assertFalse(FeatureSet.V5.readsTrainingFraction(v5.featureCount()), "no run length needed");
        assertEquals(v2.featureCount(), v5.featureCount());
        assertEquals(v2.parameterCount() + 1, v5.parameterCount());
        assertFalse(ControllerArchitecture.of(4, FeatureSet.V5, false, 8, Activation.GELU).hasScheduleWeight(),
                "the basic columns hold no step");
    }

    @Test
    void v5sWeightScalesTheLrHeadByTheNewestRowsStep() {
        ControllerArchitecture arch = ControllerArchitecture.of(4, FeatureSet.V5, true, 8, Activation.GELU);
        double[] w = new double[arch.parameterCount()];
        w[arch.scheduleOffset()] = -0.3;
        Controller c = new Controller(arch, w, MAPPING);
        int f = arch.featureCount();
        int col = arch.featureSet().columns(f).indexOf(Feature.STEP);
        double[] late = new double[arch.inputSize()];
        double stepFeature = Feature.stepValue(1000);   // what the feature extractor writes at step 1000
        late[(arch.historyLength() - 1) * f + col] = stepFeature;
        c.forward(late);
        assertEquals(MAPPING.lrScale(-0.3 * ControllerArchitecture.SCHEDULE_GAIN * stepFeature), c.lrScale(), 1e-12);
        assertTrue(c.lrScale() < 0.2, "annealed by step 1000: " + c.lrScale());
        c.forward(new double[arch.inputSize()]);
        assertEquals(1.0, c.lrScale(), 1e-12, "at step 0 the schedule does nothing");
    }
}
