package org.opt2vec.cli.benchmark;

/** What an instance measures after training. */
public enum Metric {
    /** Accuracy on the test / held-out set; higher is better. */
    ACCURACY("test accuracy", true),
    /** The training loss function on held-out data (MSE for regression); lower is better. */
    HELD_OUT_LOSS("held-out loss", false);

    private final String label;
    private final boolean higherIsBetter;

    Metric(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }

    public String label() { return label; }
    public boolean higherIsBetter() { return higherIsBetter; }

    /** True when {@code a} is at least as good as {@code b} (ties count). */
    public boolean atLeastAsGood(double a, double b) {
        return higherIsBetter ? a >= b : a <= b;
    }

    /** True when {@code a} is strictly better than {@code b}. */
    public boolean better(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }

    /** Short name for CSV files. */
    public String csvName() {
        return this == ACCURACY ? "accuracy" : "heldout_loss";
    }
}
