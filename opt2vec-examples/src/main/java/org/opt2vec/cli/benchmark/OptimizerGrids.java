package org.opt2vec.cli.benchmark;

import org.opt2vec.meta.BundledWeightsRecipe;

import java.util.List;

/**
 * The baseline grids.
 *
 * @param adamLrs             Adam learning rates
 * @param nesterovsLrs        Nesterov momentum SGD learning rates
 * @param nesterovsMomentum   its momentum
 * @param constantLrScales    lr scales of the constant-controller grid (Opt2Vec with a controller that ignores the
 *                            history), multiplied by the template's base learning rate
 * @param constantMomenta     momenta of the constant-controller grid
 */
public record OptimizerGrids(List<Double> adamLrs, List<Double> nesterovsLrs, double nesterovsMomentum,
                             List<Double> constantLrScales, List<Double> constantMomenta) {
    public static final OptimizerGrids DEFAULT = new OptimizerGrids(
            List.of(1e-4, 3e-4, 1e-3, 3e-3, 1e-2),
            List.of(0.003, 0.01, 0.03, 0.1), 0.9,
            BundledWeightsRecipe.CONSTANT_LR_SCALES,
            BundledWeightsRecipe.CONSTANT_MOMENTA);

    public OptimizerGrids {
        adamLrs = List.copyOf(adamLrs);
        nesterovsLrs = List.copyOf(nesterovsLrs);
        constantLrScales = List.copyOf(constantLrScales);
        constantMomenta = List.copyOf(constantMomenta);
    }
}
