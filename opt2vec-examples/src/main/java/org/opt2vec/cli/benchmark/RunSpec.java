package org.opt2vec.cli.benchmark;

/**
 * One training run: an instance, an optimizer setting and a seed.
 *
 * @param index position in the fixed run order; results are reported in this order whatever thread ran them
 */
public record RunSpec(int index, Instance instance, OptimizerSpec optimizer, long seed) {
    public String describe() {
        return instance.name() + " " + optimizer.id() + " seed " + seed;
    }
}
