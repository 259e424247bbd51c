package org.opt2vec.controller;

/**
 * Maps the two head outputs into the configured ranges. A head output of 0 maps to the
 * "neutral" value (lr scale 1, momentum 0.9, each clamped into its range), so a controller whose head weights
 * are zero is exactly the classic optimizer of its update direction at baseLr (Adam, or momentum SGD): meta-training
 * starts from that well-understood optimizer.
 *
 * <p>lr scale is mapped in log space: {@code log s = log lo + (log hi - log lo) * sigmoid(z + z0)};
 * momentum linearly: {@code mu = lo + (hi - lo) * sigmoid(z + z0)}; each z0 puts the neutral value at z = 0.
 */
public final class OutputMapping {
    /** Momentum of the untrained controller, as in classic momentum SGD. */
    public static final double NEUTRAL_MOMENTUM = 0.9;
    /** Learning-rate scale of the untrained controller. */
    public static final double NEUTRAL_LR_SCALE = 1.0;

    private final double logLrLo;
    private final double logLrSpan;
    private final double lrOffset;
    private final double momLo;
    private final double momSpan;
    private final double momOffset;

    public OutputMapping(double lrScaleMin, double lrScaleMax, double momentumMin, double momentumMax) {
        this.logLrLo = Math.log(lrScaleMin);
        this.logLrSpan = Math.log(lrScaleMax) - logLrLo;
        this.lrOffset = neutralOffset(Math.log(NEUTRAL_LR_SCALE), logLrLo, logLrSpan);
        this.momLo = momentumMin;
        this.momSpan = momentumMax - momentumMin;
        this.momOffset = neutralOffset(NEUTRAL_MOMENTUM, momLo, momSpan);
    }

    private static double neutralOffset(double neutral, double lo, double span) {
        if (span <= 0) {
            return 0.0;
        }
        double p = Math.min(Math.max((neutral - lo) / span, 1e-12), 1 - 1e-12);
        return Math.log(p / (1 - p));
    }

    public double lrScale(double headOutput) {
        return Math.exp(logLrLo + logLrSpan * sigmoid(headOutput + lrOffset));
    }

    public double momentum(double headOutput) {
        return momLo + momSpan * sigmoid(headOutput + momOffset);
    }

    /**
     * The head output (pre-activation) that maps to this lr scale: the bias of a constant controller.
     *
     * @throws IllegalArgumentException when the scale lies outside the open range (lrScaleMin, lrScaleMax)
     */
    public double lrHeadFor(double lrScale) {
        return inverse(Math.log(lrScale), logLrLo, logLrSpan, lrOffset, "lrScale", lrScale);
    }

    /** The head output that maps to this momentum (see {@link #lrHeadFor}). */
    public double momentumHeadFor(double momentum) {
        return inverse(momentum, momLo, momSpan, momOffset, "momentum", momentum);
    }

    private static double inverse(double value, double lo, double span, double offset, String name, double raw) {
        if (span <= 0) {
            if (value == lo) {
                return 0.0;
            }
            throw new IllegalArgumentException(name + ": the range is the single value " + lo + ", " + raw
                    + " is outside it");
        }
        double p = (value - lo) / span;
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException(name + ": " + raw + " must lie strictly inside the configured range; "
                    + "widen the range or choose another value");
        }
        return Math.log(p / (1 - p)) - offset;
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
