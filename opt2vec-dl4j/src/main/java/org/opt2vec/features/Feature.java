package org.opt2vec.features;

/**
 * The columns of one history row, in storage order. The first {@link #BASIC_COUNT} are always recorded;
 * the rest only with extended features.
 *
 * <p>Log-scale columns ({@link #zScored()}) are z-scored over the window when normalization is on, which makes
 * the controller blind to the scale of loss, gradients, learning rate and parameters: multiplying the loss by
 * 1000 shifts its log by a constant and leaves the z-scores unchanged. The other columns are scale-free by
 * construction.
 */
public enum Feature {
    /** log(loss); losses at or below zero are floored at {@value #LOG_FLOOR_VALUE} before the log. */
    LOSS(true),
    /** log of the block's gradient L2 norm, before clipping. */
    GRAD_NORM(true),
    /** log of the effective learning rate of the previous step: baseLr(t-1) * lrScale(t-1). */
    LEARNING_RATE(true),
    /** log of the block's parameter L2 norm (as observed before the step). */
    PARAM_NORM(true),
    /** 1 - cos(g_t, m_{t-1}) - 1, in [-1, 1]: -1 when the gradient agrees with the momentum, +1 when opposed. */
    GRAD_DIVERSITY(false),
    /** Second difference of log(loss) over the last three steps, clipped to [-3, 3]. */
    LOSS_CURVATURE(false),
    /** log(1 + step) / 10. */
    STEP(false);

    public static final int BASIC_COUNT = 3;
    public static final int EXTENDED_COUNT = 7;
    static final double LOG_FLOOR_VALUE = 1e-30;

    private final boolean zScored;

    Feature(boolean zScored) {
        this.zScored = zScored;
    }

    public boolean zScored() {
        return zScored;
    }

    public int column() {
        return ordinal();
    }

    /** log(x) for a positive quantity; non-positive values are floored so the log stays finite. */
    public static double safeLog(double x) {
        return Math.log(Math.max(x, LOG_FLOOR_VALUE));
    }
}
