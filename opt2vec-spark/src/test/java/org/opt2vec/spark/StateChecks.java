package org.opt2vec.spark;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.state.AveragedState;
import org.opt2vec.state.FlatBuffer;
import org.opt2vec.state.StateLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks of an Opt2Vec updater state view with one Opt2Vec block at its start. */
final class StateChecks {
    private StateChecks() {
    }

    static StateLayout layout(Opt2Vec opt) {
        return new StateLayout(opt.architecture(), opt.getDirection().ordinal(), opt.getDirection().buffers());
    }

    /** A copy of the view made consistent the way the next updater will (see AveragedState). */
    static INDArray normalized(INDArray view, Opt2Vec opt) {
        INDArray copy = view.dup();
        StateLayout layout = layout(opt);
        new AveragedState(layout, opt.getDirection().ordinal()).normalize(FlatBuffer.of(copy),
                new double[layout.architecture().parameterCount()], opt.resolveWeights().values());
        return copy;
    }

    /** Steps the view's first block has applied (rounded as the updater will round them). */
    static long steps(INDArray view, Opt2Vec opt) {
        return StateLayout.readCounter(FlatBuffer.of(normalized(view, opt)), StateLayout.STEPS_HI);
    }

    /** A consistent state: exact header, whole counters, the configuration's controller, finite values in range. */
    static void assertValid(INDArray view, Opt2Vec opt, long steps) {
        FlatBuffer s = FlatBuffer.of(view);
        StateLayout layout = layout(opt);
        layout.verify(s);
        assertEquals((float) StateLayout.LAYOUT_TAG, (float) s.get(StateLayout.TAG), "tag");
        assertEquals(steps, StateLayout.readCounter(s, StateLayout.STEPS_HI), "applied steps");
        for (int i = StateLayout.STEPS_HI; i <= StateLayout.NEUTRALIZED_LO; i++) {
            assertEquals(Math.rint(s.get(i)), s.get(i), "counter field " + i + " is a whole number");
        }
        double[] reference = opt.resolveWeights().values();
        for (int i = 0; i < reference.length; i++) {
            assertEquals((float) reference[i], (float) s.get(layout.weightsOffset() + i), "controller weight " + i);
        }
        for (int i = 0; i < s.length(); i++) {
            assertTrue(Double.isFinite(s.get(i)), "state value " + i + " is finite");
        }
        double lr = s.get(StateLayout.LAST_LR_SCALE);
        double mu = s.get(StateLayout.LAST_MOMENTUM);
        assertTrue(lr >= opt.getLrScaleMin() * (1 - 1e-6) && lr <= opt.getLrScaleMax() * (1 + 1e-6), "lr scale " + lr);
        assertTrue(mu >= opt.getMomentumMin() - 1e-6 && mu <= opt.getMomentumMax() + 1e-6, "momentum " + mu);
    }
}
