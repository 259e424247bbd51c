package org.opt2vec.cli.benchmark;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * value(t) = initial · (1 − t / steps) for iterations t = 0 … steps − 1, and 0 from then on. DL4J 1.0.0-M2.1's
 * {@code PolySchedule} computes initial · (1 + t / maxIter)^power, which grows instead of decaying, so it cannot serve.
 */
public final class LinearDecaySchedule implements ISchedule {
    private final double initial;
    private final int steps;

    @JsonCreator
    public LinearDecaySchedule(@JsonProperty("initial") double initial, @JsonProperty("steps") int steps) {
        if (!Double.isFinite(initial) || steps < 1) {
            throw new IllegalArgumentException("a linear decay needs a finite initial value and steps >= 1, was "
                    + initial + " and " + steps);
        }
        this.initial = initial;
        this.steps = steps;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return iteration >= steps ? 0.0 : initial * (1.0 - (double) iteration / steps);
    }

    @Override
    public ISchedule clone() {
        return new LinearDecaySchedule(initial, steps);
    }

    @JsonProperty("initial")
    public double getInitial() {
        return initial;
    }

    @JsonProperty("steps")
    public int getSteps() {
        return steps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearDecaySchedule s && s.initial == initial && s.steps == steps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initial, steps);
    }
}
