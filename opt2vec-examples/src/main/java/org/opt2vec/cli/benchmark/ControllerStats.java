package org.opt2vec.cli.benchmark;

/**
 * What an Opt2Vec controller did in one run, summarized over all its steps (every updater block, every iteration).
 *
 * @param steps            recorded controller steps (blocks × iterations)
 * @param lrScaleMean      mean lr scale
 * @param lrScaleQuantiles lr-scale quantiles at {@link #QUANTILES}
 * @param lrScaleAtMin     share of steps within 1 % of the configured lower bound of the lr scale
 * @param lrScaleAtMax     share of steps within 1 % of the configured upper bound
 * @param lrScaleByFifth   median lr scale in each fifth of the run (by iteration)
 * @param momentumMean     mean momentum
 * @param momentumMedian   median momentum
 * @param neutralized      steps skipped by Opt2Vec's guards (non-finite loss or gradient, blow-ups)
 * @param lrScaleMin       the configuration's lower lr-scale bound
 * @param lrScaleMax       the configuration's upper lr-scale bound
 * @param traceIterations  iterations of the plot trace (bin centres, at most {@link #TRACE_POINTS})
 * @param traceLrScale     mean lr scale per trace bin (over blocks and the iterations of the bin)
 * @param traceMomentum    mean momentum per trace bin
 * @param lrScales         every recorded lr scale (kept only for the Opt2Vec setting under test, else null), for
 *                         quantiles pooled over runs
 */
public record ControllerStats(long steps, double lrScaleMean, double[] lrScaleQuantiles, double lrScaleAtMin,
                              double lrScaleAtMax, double[] lrScaleByFifth, double momentumMean, double momentumMedian,
                              long neutralized, double lrScaleMin, double lrScaleMax, double[] traceIterations,
                              double[] traceLrScale, double[] traceMomentum, float[] lrScales) {
    public static final double[] QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};
    public static final int TRACE_POINTS = 300;
    /** "At a bound" means within this relative distance of it. */
    public static final double BOUND_TOLERANCE = 0.01;
}
