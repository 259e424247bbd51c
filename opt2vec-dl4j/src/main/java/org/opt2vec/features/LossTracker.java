package org.opt2vec.features;

/**
 * The loss history that reaches beyond the window: the first step's log loss and two exponential averages of
 * log loss. Three numbers, kept in the updater state; loaded before a step and stored only when the step is
 * applied, so a skipped step leaves them unchanged.
 */
public final class LossTracker {
    static final double FAST = 0.9;
    static final double SLOW = 0.99;

    private double initialLogLoss;
    private double fastAverage;
    private double slowAverage;

    public void load(double initialLogLoss, double fastAverage, double slowAverage) {
        this.initialLogLoss = initialLogLoss;
        this.fastAverage = fastAverage;
        this.slowAverage = slowAverage;
    }

    /** Adds step {@code steps}'s log loss (steps = 0 for the first step). */
    public void add(double logLoss, long steps) {
        if (steps == 0) {
            initialLogLoss = logLoss;
        }
        fastAverage = FAST * fastAverage + (1 - FAST) * logLoss;
        slowAverage = SLOW * slowAverage + (1 - SLOW) * logLoss;
    }

    /** log(loss / first loss) for this log loss. */
    public double progress(double logLoss) {
        return logLoss - initialLogLoss;
    }

    /** Bias-corrected fast minus slow average after {@code count} losses were added (0 when none). */
    public double trend(long count) {
        if (count <= 0) {
            return 0.0;
        }
        double fast = fastAverage / (1 - Math.pow(FAST, count));
        double slow = slowAverage / (1 - Math.pow(SLOW, count));
        return fast - slow;
    }

    public double initialLogLoss() { return initialLogLoss; }
    public double fastAverage() { return fastAverage; }
    public double slowAverage() { return slowAverage; }
}
