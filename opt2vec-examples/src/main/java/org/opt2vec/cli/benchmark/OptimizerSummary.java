package org.opt2vec.cli.benchmark;

/**
 * One optimizer on one instance, over the seeds.
 *
 * @param metrics        the (penalized) metric of each seed, in seed order
 * @param mean           mean metric over seeds
 * @param sd             sample standard deviation over seeds (0 for one seed)
 * @param diverged       runs that diverged (or failed)
 * @param meanTrainLoss  mean final training loss over the runs that did not diverge (NaN if none)
 * @param meanWallSeconds mean wall time per run
 */
public record OptimizerSummary(OptimizerSpec optimizer, double[] metrics, double mean, double sd, int diverged,
                               double meanTrainLoss, double meanWallSeconds) {
    public int runs() {
        return metrics.length;
    }
}
