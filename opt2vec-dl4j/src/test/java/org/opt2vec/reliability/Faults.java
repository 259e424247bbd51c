package org.opt2vec.reliability;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opt2vec.dl4j.Opt2VecUpdater;

import java.util.Random;

/** Gradient and loss faults, injected into a real network between the loss computation and the updater. */
enum Faults {
    NONE(null, null),
    GRAD_NAN(Double.NaN, null),
    GRAD_POS_INF(Double.POSITIVE_INFINITY, null),
    GRAD_NEG_INF(Double.NEGATIVE_INFINITY, null),
    GRAD_HUGE(1e30, null),
    GRAD_ZERO(0.0, null),
    GRAD_SUBNORMAL(1e-40, null),
    GRAD_ONE_POISONED(-1.0, null),
    LOSS_NAN(null, Double.NaN),
    LOSS_POS_INF(null, Double.POSITIVE_INFINITY),
    LOSS_NEG_INF(null, Double.NEGATIVE_INFINITY),
    LOSS_NEGATIVE(null, -1.0),
    LOSS_HUGE(null, 1e30),
    LOSS_CONSTANT(null, 0.5);

    /** Gradient value to write everywhere (GRAD_ONE_POISONED: one NaN element), or null. */
    final Double gradient;
    /** Loss to hand to Opt2Vec instead of the real one, or null. */
    final Double loss;

    Faults(Double gradient, Double loss) {
        this.gradient = gradient;
        this.loss = loss;
    }

    /** Faults Opt2Vec must skip: non-finite values, and a gradient or loss a million times larger than recent ones. */
    boolean mustBeNeutralized() {
        return (gradient != null && (!Double.isFinite(gradient) || this == GRAD_ONE_POISONED || this == GRAD_HUGE))
                || (loss != null && (!Double.isFinite(loss) || this == LOSS_HUGE));
    }

    /**
     * A listener added after Opt2VecListener: during [from, to) it applies {@code fault} (or, for mixed mode, a
     * random fault with probability 0.3 per step) to the gradient view and the observed loss.
     */
    static final class Injector extends BaseTrainingListener {
        private final Faults fault;
        private final int from;
        private final int to;
        private final Random mixed;
        private int step;
        int injected;
        int injectedNeutralizable;

        Injector(Faults fault, int from, int to, Long mixedSeed) {
            this.fault = fault;
            this.from = from;
            this.to = to;
            this.mixed = mixedSeed == null ? null : new Random(mixedSeed);
        }

        @Override
        public void onGradientCalculation(Model model) {
            int s = step++;
            if (s < from || s >= to) {
                return;
            }
            Faults f = fault;
            if (mixed != null) {
                if (mixed.nextDouble() >= 0.3) {
                    return;
                }
                f = values()[1 + mixed.nextInt(values().length - 1)];
            }
            if (f == NONE) {
                return;
            }
            injected++;
            if (f.mustBeNeutralized()) {
                injectedNeutralizable++;
            }
            INDArray grad = model.gradient().gradient();
            if (f == GRAD_ONE_POISONED) {
                grad.putScalar(grad.length() / 2, Double.NaN);
            } else if (f.gradient != null) {
                grad.assign(f.gradient);
            }
            if (f.loss != null) {
                MultiLayerNetwork net = (MultiLayerNetwork) model;
                for (UpdaterBlock b : ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks()) {
                    if (b.getGradientUpdater() instanceof Opt2VecUpdater u) {
                        u.observe(f.loss, 1.0);
                    }
                }
            }
        }
    }
}
