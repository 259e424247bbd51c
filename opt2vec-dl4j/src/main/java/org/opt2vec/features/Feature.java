package org.opt2vec.features;

/**
 * Every quantity a history row can hold. Which ones a controller sees, and in which column, is decided by its
 * {@link FeatureSet}; how a column is presented to the MLP by the feature's {@link Scale}.
 */
public enum Feature {
    /** log(loss); losses at or below zero are floored at {@value #LOG_FLOOR_VALUE} before the log. */
    LOSS(Scale.LOG, 0),
    /** log of the block's gradient L2 norm, before clipping. */
    GRAD_NORM(Scale.LOG, 0),
    /** log of the effective learning rate of the previous step: baseLr(t-1) * lrScale(t-1). */
    LEARNING_RATE(Scale.LOG, 0),
    /** log of the lr scale the controller chose at the previous step (0 before the first step). */
    LR_SCALE(Scale.BOUNDED, 10),
    /** log of the block's parameter L2 norm (as observed before the step). */
    PARAM_NORM(Scale.LOG, 0),
    /**
     * log of the parameters' root mean square, ||θ|| / √n, clipped to [-10, 10]. With a normalized update every
     * parameter moves by about the learning rate, so the step that suits a network is proportional to the size of
     * its parameters: this is the one absolute level the controller sees.
     */
    PARAM_RMS(Scale.BOUNDED, 10),
    /**
     * log(||update|| / ||θ||) of the previous step, clipped to [-20, 0] (-20 before the first step): how far the
     * controller's last decision moved the parameters, relative to their size.
     */
    UPDATE_RATIO(Scale.BOUNDED, 20),
    /** -cos(g_t, m_{t-1}), in [-1, 1]: -1 when the gradient agrees with the momentum, +1 when opposed. */
    GRAD_DIVERSITY(Scale.BOUNDED, 1),
    /**
     * cos(g_{t-1}, m_{t-2}), in [-1, 1], measured during the previous step's update pass (so that this step needs
     * no extra pass over the momentum): positive while successive gradients keep pointing the same way, the signal
     * that the step could be larger; negative when they oscillate.
     */
    ALIGNMENT(Scale.BOUNDED, 1),
    /** Second difference of log(loss) over the last three steps, clipped to [-3, 3]. */
    LOSS_CURVATURE(Scale.BOUNDED, 3),
    /** log(loss_t / loss_0): progress since the first step, clipped to [-10, 5]. */
    PROGRESS(Scale.BOUNDED, 10),
    /**
     * Fast minus slow exponential average of log(loss) (decay 0.9 and 0.99, bias-corrected), clipped to [-3, 3]:
     * negative while the loss still falls on the scale of a hundred steps, near 0 on a plateau.
     */
    TREND(Scale.BOUNDED, 3),
    /** log(1 + step) / 10 ({@link #stepValue}). */
    STEP(Scale.BOUNDED, 3),
    /**
     * step / T, the fraction of the run done, in [0, 1], where T is the configuration's
     * {@code trainingSteps}; 0 at every step when T is not given. The one input from which a controller can learn to
     * anneal its step towards the end of a run, which a step size fixed for the run cannot do.
     */
    TRAINING_FRACTION(Scale.BOUNDED, 1);

    static final double LOG_FLOOR_VALUE = 1e-30;

    /** How a column is presented to the controller. */
    public enum Scale {
        /**
         * The log of a scale-dependent quantity (loss, norms, learning rate). Only its changes carry information,
         * so the window presents it relative to the window (z-scores in {@link FeatureSet#V1}, deviations from the
         * window mean in {@link FeatureSet#V2}): multiplying the loss by 1000 leaves what the controller sees
         * unchanged.
         */
        LOG,
        /** Already scale-free and bounded (its bound is {@link #bound()}); presented as it is. */
        BOUNDED
    }

    private final Scale scale;
    private final double bound;

    Feature(Scale scale, double bound) {
        this.scale = scale;
        this.bound = bound;
    }

    public Scale scale() {
        return scale;
    }

    /** For {@link Scale#BOUNDED} features: the largest magnitude the feature takes. */
    public double bound() {
        return bound;
    }

    /** log(x) for a positive quantity; non-positive values are floored so the log stays finite. */
    public static double safeLog(double x) {
        return Math.log(Math.max(x, LOG_FLOOR_VALUE));
    }

    /** The {@link #STEP} feature's value after {@code steps} steps (the input the v5 schedule weight multiplies). */
    public static double stepValue(long steps) {
        return Math.log1p(steps) / 10.0;
    }
}
