package org.opt2vec.state;

import java.util.function.Supplier;

/**
 * Makes a state view that one updater did not write itself consistent before the updater steps with it: a view
 * restored from a checkpoint, handed over by DL4J, or — the case this class exists for — the element-wise mean of
 * several workers' views, which is what DL4J's parameter averaging (Spark's {@code ParameterAveragingTrainingMaster},
 * {@code ParallelWrapper}) makes of every updater's state. See docs/state-layout.md, "Averaged state".
 *
 * <p>What a mean of views means, part by part:
 * <ul>
 *   <li>per-parameter buffers (momentum, second moment), the momentum weight 1 − Π μ, the loss tracker, the last
 *       outputs and the history ring: averaged, as DL4J averages every updater's state. Each of them is a weighted
 *       sum or a value inside a convex range, so the mean is a valid value of the same kind (the momentum weight
 *       stays the bias correction of the averaged momentum, since both are sums with the same weights);</li>
 *   <li>the stored momentum norm: kept, the mean of the workers' norms. It bounds the norm of the averaged buffer
 *       from above (triangle inequality), so the overflow guard stays on the safe side; the next step measures it
 *       again;</li>
 *   <li>the step counter: rounded to the nearest integer (half up), so the ring position, the bias corrections and
 *       the step feature continue from the mean number of steps (exact when every worker took the same number);</li>
 *   <li>the neutralized-step counter: rounded up, so a step skipped on any worker stays visible;</li>
 *   <li>tag, architecture and direction fields: restored to their exact values;</li>
 *   <li>controller weights: restored to the configuration's weights when the view's weights equal them up to
 *       rounding (the mean of equal floats may differ in the last bit); otherwise the view's weights are kept
 *       and used, as on a restore ("the checkpoint's controller wins").</li>
 * </ul>
 * On a view that one updater wrote, {@link #normalize} changes nothing, bit for bit, so restored checkpoints still
 * continue exactly.
 *
 * <p>{@link #beforeStep} decides when to normalize in O(1): whenever the view is new to this updater, or its
 * counters are not the ones the previous step left behind (every step adds exactly one applied or neutralized step).
 */
public final class AveragedState {
    /** Relative difference below which a header field or a controller weight counts as "equal up to rounding". */
    static final double ROUNDING_TOLERANCE = 1e-5;
    private static final double COUNTER_BASE = 1 << 20;

    private final StateLayout layout;
    private final int[] fields;
    private final double[] expected;
    private FlatBuffer checked;
    private long expectedCount = -1;
    private double tag;

    /**
     * @param layout    the updater's layout
     * @param direction the ordinal of the updater's direction (the value of the DIRECTION field)
     */
    public AveragedState(StateLayout layout, int direction) {
        this.layout = layout;
        var a = layout.architecture();
        this.fields = new int[]{StateLayout.TAG, StateLayout.HISTORY_LENGTH, StateLayout.FEATURE_COUNT,
                StateLayout.EMBEDDING_DIM, StateLayout.ACTIVATION, StateLayout.FEATURE_SET, StateLayout.DIRECTION};
        this.expected = new double[]{StateLayout.LAYOUT_TAG, a.historyLength(), a.featureCount(), a.embeddingDim(),
                a.activation().ordinal(), a.featureSet().ordinal(), direction};
    }

    /**
     * Call once per update, before the state is read: normalizes the view when this updater did not leave it as it
     * is now.
     *
     * @param weights   the controller weights the updater runs with; updated in place when normalizing
     * @param reference the configuration's controller weights (asked for only when normalizing)
     * @return true when the view was normalized
     */
    public boolean beforeStep(FlatBuffer state, double[] weights, Supplier<double[]> reference) {
        boolean normalized = false;
        if (state != checked || state.get(StateLayout.TAG) != tag || count(state) != expectedCount) {
            normalize(state, weights, reference.get());
            checked = state;
            tag = state.get(StateLayout.TAG);
            normalized = true;
        }
        expectedCount = count(state) + 1;
        return normalized;
    }

    /** Applied plus neutralized steps, or -1 when a counter is not a whole number (an averaged view). */
    private static long count(FlatBuffer state) {
        double a = state.get(StateLayout.STEPS_HI);
        double b = state.get(StateLayout.STEPS_LO);
        double c = state.get(StateLayout.NEUTRALIZED_HI);
        double d = state.get(StateLayout.NEUTRALIZED_LO);
        if (a != Math.rint(a) || b != Math.rint(b) || c != Math.rint(c) || d != Math.rint(d)) {
            return -1;
        }
        return StateLayout.readCounter(state, StateLayout.STEPS_HI)
                + StateLayout.readCounter(state, StateLayout.NEUTRALIZED_HI);
    }

    /**
     * Makes the view consistent (see the class comment). Idempotent; a view written by one updater is left as it is.
     *
     * @param weights   receives the controller weights the updater must run with
     * @param reference the configuration's controller weights
     */
    public void normalize(FlatBuffer state, double[] weights, double[] reference) {
        double tagFound = state.get(StateLayout.TAG);
        if (!(Math.abs(tagFound - StateLayout.LAYOUT_TAG) <= 1e-3)) {
            throw new IllegalStateException("Opt2Vec's updater state view was overwritten with values that are not an "
                    + "Opt2Vec state (tag " + tagFound + " instead of " + StateLayout.LAYOUT_TAG + "), for instance by "
                    + "a distributed trainer that returned a scaled or foreign updater state (DL4J's Spark "
                    + "SharedTrainingMaster does so on the driver). Continue with a fresh Opt2Vec state: "
                    + "net.setUpdater(null) before training, or save the model without its updater state");
        }
        for (int i = 0; i < fields.length; i++) {
            double v = state.get(fields[i]);
            if (v != expected[i] && Math.abs(v - expected[i]) <= ROUNDING_TOLERANCE * Math.max(1, Math.abs(expected[i]))) {
                state.set(fields[i], expected[i]);
            }
        }
        double steps = counterValue(state, StateLayout.STEPS_HI);
        StateLayout.writeCounter(state, StateLayout.STEPS_HI, (long) Math.floor(steps + 0.5));
        double neutralized = counterValue(state, StateLayout.NEUTRALIZED_HI);
        // Averaging equal integers in float is exact; the margin only absorbs rounding of unequal ones.
        StateLayout.writeCounter(state, StateLayout.NEUTRALIZED_HI, (long) Math.ceil(neutralized - 1e-4));

        // The view's weights are read once, in bulk, into the updater's array; they are kept unless they equal the
        // configuration's up to rounding, in which case the configuration's are written to the view and read back
        // (at the view's precision, as on a fresh start).
        layout.readWeights(state, weights);
        boolean configurationWeights = reference.length == weights.length;
        for (int i = 0; configurationWeights && i < reference.length; i++) {
            double v = weights[i];
            configurationWeights = v == reference[i]
                    || Math.abs(v - reference[i]) <= ROUNDING_TOLERANCE * Math.abs(reference[i]);
        }
        if (configurationWeights) {
            state.set(layout.weightsOffset(), reference);
            layout.readWeights(state, weights);
        }
    }

    private static double counterValue(FlatBuffer state, int hiIndex) {
        double v = state.get(hiIndex) * COUNTER_BASE + state.get(hiIndex + 1);
        return Double.isFinite(v) && v > 0 ? v : 0.0;
    }
}
