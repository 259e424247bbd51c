package org.opt2vec.dl4j;

/**
 * What Opt2Vec did in one updater block at one step: the observed loss and gradient norm, the controller's
 * outputs, and its embedding. Recorded by {@link Opt2VecListener}.
 *
 * @param iteration    DL4J iteration of the step
 * @param epoch        DL4J epoch of the step
 * @param block        index of the updater block among the network's updater blocks
 * @param loss         the loss observed before the step
 * @param gradNorm     L2 norm of the block's gradient before clipping (NaN when neutralized)
 * @param lrScale      controller's learning-rate scale
 * @param momentum     controller's momentum factor
 * @param effectiveLr  baseLr(t) * lrScale: the step size of this step
 * @param updateNorm   L2 norm of the update written for DL4J to subtract from the parameters (0 when neutralized)
 * @param embedding    the controller's embedding (a copy)
 * @param neutralized  true when the step was skipped because the loss or the gradient was not finite
 */
public record Opt2VecStep(int iteration, int epoch, int block, double loss, double gradNorm, double lrScale,
                          double momentum, double effectiveLr, double updateNorm, double[] embedding, boolean neutralized) {
}
