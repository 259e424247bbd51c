package org.opt2vec.features;

import java.util.List;

/**
 * Makes one history row from what was observed at a step, and scans the history for the spike guard. Holds no
 * history itself: the ring and the {@link LossTracker} live in the updater state.
 */
public final class FeatureExtractor {
    private final int historyLength;
    private final int featureCount;
    private final Feature[] columns;
    private final int lossColumn;
    private final int gradNormColumn;
    private final int paramNormColumn;

    public FeatureExtractor(int historyLength, FeatureSet set, int featureCount) {
        this.historyLength = historyLength;
        this.featureCount = featureCount;
        List<Feature> cols = set.columns(featureCount);
        this.columns = cols.toArray(new Feature[0]);
        this.lossColumn = set.column(Feature.LOSS, featureCount);
        this.gradNormColumn = set.column(Feature.GRAD_NORM, featureCount);
        this.paramNormColumn = set.column(Feature.PARAM_NORM, featureCount);
    }

    /**
     * What one step observed.
     *
     * @param loss                this step's loss (finite)
     * @param gradNorm            the block's gradient L2 norm, before clipping
     * @param paramNorm           the block's parameter L2 norm, NaN when unknown
     * @param currentAlignment    cos(g_t, m_{t-1}), or NaN when not measured
     * @param previousAlignment   cos(g_{t-1}, m_{t-2}) from the previous update pass (0 before it)
     * @param previousLrScale     the previous step's lr scale (1 before the first step)
     * @param previousEffectiveLr the previous step's baseLr * lrScale (this step's baseLr before the first step)
     * @param previousUpdateRatio log(||update|| / ||θ||) of the previous step (NaN before it, or when unknown)
     * @param parameterCount      n, the number of parameters of the block
     * @param trainingFraction    step / T for a run of known length T, in [0, 1]; 0 when T is unknown
     */
    public record Observation(double loss, double gradNorm, double paramNorm, double currentAlignment,
                              double previousAlignment, double previousLrScale, double previousEffectiveLr,
                              double previousUpdateRatio, int parameterCount, double trainingFraction) {
    }

    /**
     * Writes step {@code steps}'s row into {@code ring} at slot {@code steps % historyLength} (the previous rows must
     * be there already) and adds its loss to {@code tracker}.
     */
    public void record(Observation o, long steps, double[] ring, LossTracker tracker) {
        int slot = (int) (steps % historyLength);
        int row = slot * featureCount;
        int prev = Math.floorMod(slot - 1, historyLength) * featureCount;
        int prev2 = Math.floorMod(slot - 2, historyLength) * featureCount;
        // log(loss) is the scale-free view of a positive loss. A loss at or below zero (a custom loss, or a fault
        // upstream) has no such view: the row repeats the previous log loss rather than jump to log(1e-30) and
        // throw the window, the averages and the controller far off.
        double logLoss = o.loss() > 0 ? Math.log(o.loss()) : (steps > 0 ? ring[prev + lossColumn] : 0.0);
        tracker.add(logLoss, steps);
        for (int c = 0; c < featureCount; c++) {
            ring[row + c] = switch (columns[c]) {
                case LOSS -> logLoss;
                case GRAD_NORM -> Feature.safeLog(o.gradNorm());
                case LEARNING_RATE -> Feature.safeLog(o.previousEffectiveLr());
                case LR_SCALE -> clip(Math.log(o.previousLrScale()), Feature.LR_SCALE.bound());
                case PARAM_NORM -> o.paramNorm() > 0 && Double.isFinite(o.paramNorm())
                        ? Math.log(o.paramNorm())
                        : (steps > 0 ? ring[prev + paramNormColumn] : 0.0);
                case PARAM_RMS -> o.paramNorm() > 0 && Double.isFinite(o.paramNorm())
                        ? clip(Math.log(o.paramNorm() / Math.sqrt(o.parameterCount())), Feature.PARAM_RMS.bound())
                        : (steps > 0 ? ring[prev + c] : 0.0);
                case UPDATE_RATIO -> Double.isFinite(o.previousUpdateRatio())
                        ? Math.max(-Feature.UPDATE_RATIO.bound(), Math.min(0, o.previousUpdateRatio()))
                        : -Feature.UPDATE_RATIO.bound();
                case GRAD_DIVERSITY -> Double.isFinite(o.currentAlignment()) ? -o.currentAlignment() : 0.0;
                case ALIGNMENT -> Double.isFinite(o.previousAlignment()) ? clip(o.previousAlignment(), 1) : 0.0;
                case LOSS_CURVATURE -> steps >= 2
                        ? clip(logLoss - 2 * ring[prev + lossColumn] + ring[prev2 + lossColumn], 3)
                        : 0.0;
                case PROGRESS -> Math.max(-10, Math.min(5, tracker.progress(logLoss)));
                case TREND -> clip(tracker.trend(steps + 1), Feature.TREND.bound());
                case STEP -> Feature.stepValue(steps);
                case TRAINING_FRACTION -> Double.isFinite(o.trainingFraction())
                        ? Math.max(0, Math.min(1, o.trainingFraction())) : 0.0;
            };
        }
    }

    /** The largest gradient norm among the {@code filled} rows of the ring; +infinity when there are none. */
    public double maxRecentGradNorm(double[] ring, int filled) {
        return maxRecent(ring, filled, gradNormColumn);
    }

    /** The largest loss among the {@code filled} rows of the ring; +infinity when there are none. */
    public double maxRecentLoss(double[] ring, int filled) {
        return maxRecent(ring, filled, lossColumn);
    }

    private double maxRecent(double[] ring, int filled, int column) {
        if (filled == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < filled; r++) {
            max = Math.max(max, ring[r * featureCount + column]);
        }
        return Math.exp(max);
    }

    private static double clip(double x, double bound) {
        return Math.max(-bound, Math.min(bound, x));
    }
}
