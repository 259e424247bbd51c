package org.opt2vec.cli.benchmark;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Locale;

/**
 * A learning-rate schedule over each benchmark run, applied alike to every optimizer setting: to Adam's and
 * Nesterovs' learning rate and to Opt2Vec's base learning rate (its controller's lr scale still multiplies it). It
 * asks whether annealing the step over a known training budget, which a constant controller cannot do, changes the
 * comparison.
 */
public enum LrDecay {
    /** The optimizers' own learning rates, unchanged: the suite's default. */
    NONE,
    /**
     * Linear decay to zero over the run's T steps: lr_t = lr · (1 − t / T) for t = 0 … T−1
     * ({@link LinearDecaySchedule}).
     */
    LINEAR;

    /** The updater of one run of {@code steps} steps: {@code updater} itself for NONE, else a scheduled copy. */
    public IUpdater apply(IUpdater updater, long steps) {
        if (this == NONE) {
            return updater;
        }
        if (steps < 1 || steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a linear decay needs 1 .. " + Integer.MAX_VALUE + " steps, was " + steps);
        }
        if (!updater.hasLearningRate()) {
            throw new IllegalArgumentException(updater.getClass().getSimpleName() + " has no learning rate to decay");
        }
        IUpdater copy = updater.clone();
        double lr = updater.getLearningRate(0, 0);
        copy.setLrAndSchedule(lr, linear(lr, steps));
        return copy;
    }

    /** The option value: "none" or "linear". */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown
     */
    public static LrDecay parse(String name) {
        for (LrDecay d : values()) {
            if (d.cliName().equals(name == null ? null : name.trim().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown learning-rate decay '" + name + "'; use none or linear");
    }

    private static ISchedule linear(double lr, long steps) {
        return new LinearDecaySchedule(lr, (int) steps);
    }
}
