package org.opt2vec.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/** Drives one Opt2VecUpdater directly on a state view and gradient array, without a network. */
final class UpdaterHarness {
    final Opt2Vec config;
    final INDArray state;
    final Opt2VecUpdater updater;
    final int n;
    final List<Opt2VecStep> steps = new ArrayList<>();
    final java.util.Random rnd = new java.util.Random(11);
    int iteration;

    UpdaterHarness(Opt2Vec config, int n, DataType type) {
        this.config = config;
        this.n = n;
        this.state = Nd4j.zeros(type, 1, config.stateSize(n));
        this.updater = (Opt2VecUpdater) config.instantiate(state, true);
        updater.setTelemetry(0, steps::add);
    }

    /** One step with a random gradient of the given L2 norm scale; returns the recorded step. */
    Opt2VecStep step(double loss, double gradScale) {
        INDArray g = Nd4j.zeros(state.dataType(), n);
        for (int i = 0; i < n; i++) {
            g.putScalar(i, rnd.nextGaussian() * gradScale);
        }
        return step(loss, g);
    }

    Opt2VecStep step(double loss, INDArray gradient) {
        updater.observe(loss, 1.0);
        updater.applyUpdater(gradient, iteration++, 0);
        return steps.get(steps.size() - 1);
    }
}
