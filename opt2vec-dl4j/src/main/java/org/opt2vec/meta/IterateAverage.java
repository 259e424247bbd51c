package org.opt2vec.meta;

import java.util.Arrays;

/**
 * Polyak averaging of the meta-iterates: the running sum of θ after each meta-step with index {@code from} or later
 * (0-based), so that the trainer can return their mean instead of the last θ. ES with a few random tasks per step
 * makes the controller's step level drift from one iterate to the next (docs/meta-training.md); the mean of the
 * iterates is the classic remedy for a noisy stochastic-gradient path, and it does not change the path itself.
 *
 * <p>Summed in step order, so the mean is bit-for-bit the same for any thread count, evaluator or resume point.
 *
 * @param from the first averaged meta-step (0-based), or -1 for no averaging
 * @param sum  the sum of the averaged iterates so far (length of θ; empty without averaging)
 */
record IterateAverage(int from, double[] sum) {
    static final IterateAverage NONE = new IterateAverage(-1, new double[0]);

    static IterateAverage startingAt(int from, int parameterCount) {
        return from < 0 ? NONE : new IterateAverage(from, new double[parameterCount]);
    }

    boolean enabled() {
        return from >= 0;
    }

    /** Number of iterates in the sum once {@code completedSteps} meta-steps have run. */
    int count(int completedSteps) {
        return enabled() ? Math.max(0, completedSteps - from) : 0;
    }

    /** Adds θ after meta-step {@code step} (0-based) when it falls in the window; returns this or the new sum. */
    IterateAverage add(int step, double[] theta) {
        if (!enabled() || step < from) {
            return this;
        }
        double[] s = sum.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += theta[i];
        }
        return new IterateAverage(from, s);
    }

    /** The mean of the averaged iterates after {@code completedSteps} steps, or {@code theta} when there are none. */
    double[] weights(int completedSteps, double[] theta) {
        int n = count(completedSteps);
        if (n == 0) {
            return theta.clone();
        }
        double[] mean = new double[sum.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = sum[i] / n;
        }
        return mean;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IterateAverage a && a.from == from && Arrays.equals(a.sum, sum);
    }

    @Override
    public int hashCode() {
        return 31 * from + Arrays.hashCode(sum);
    }

    @Override
    public String toString() {
        return enabled() ? "IterateAverage[from=" + from + "]" : "IterateAverage[none]";
    }
}
