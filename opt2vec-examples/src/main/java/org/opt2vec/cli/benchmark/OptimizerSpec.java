package org.opt2vec.cli.benchmark;

import org.nd4j.linalg.learning.config.IUpdater;

import java.util.function.Supplier;

/**
 * One optimizer setting of the benchmark.
 *
 * @param id       stable identifier used on the command line and in the CSVs, e.g. {@code adam:0.001}
 * @param kind     which family of settings it belongs to
 * @param label    human-readable name for the report
 * @param factory  a fresh updater configuration per run
 */
public record OptimizerSpec(String id, Kind kind, String label, Supplier<IUpdater> factory) {
    /** The optimizer families; the baselines are everything but {@link #OPT2VEC}. */
    public enum Kind {
        OPT2VEC("opt2vec"),
        OPT2VEC_UNTRAINED("untrained"),
        ADAM("adam-grid"),
        NESTEROVS("nesterovs-grid"),
        CONSTANT("constant-grid");

        private final String group;

        Kind(String group) {
            this.group = group;
        }

        /** The --optimizers group name. */
        public String group() {
            return group;
        }
    }

    public IUpdater create() {
        return factory.get();
    }
}
