package org.opt2vec.arbiter;

import org.opt2vec.dl4j.Opt2Vec;

import java.util.Map;

/**
 * The "meta-train" half of an {@link ArchitectureSweep}: meta-trains the controller of one candidate architecture
 * with a fixed budget. {@link MetaTrainerArchitectureTrainer} is the implementation on Opt2Vec's
 * {@code EfficientMetaLearningTrainer}.
 */
@FunctionalInterface
public interface ArchitectureTrainer {

    /**
     * @param candidate the candidate configuration (architecture, baseLr, …; its weights are ignored)
     * @param seed      the sweep's seed — the same for every candidate, so they meet the same tasks
     * @return the candidate with meta-trained weights, and per-candidate numbers for the result table
     */
    MetaTrained metaTrain(Opt2Vec candidate, long seed) throws Exception;

    /** Names of the detail columns this produces (for the CSV header), in order. */
    default java.util.List<String> detailColumns() {
        return java.util.List.of();
    }

    /** A line for the report (budget, tasks …). */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * @param trained the candidate configuration with its meta-trained weights
     * @param details columns for the result table, e.g. {@code metaLossLast}
     */
    record MetaTrained(Opt2Vec trained, Map<String, String> details) {
        public MetaTrained {
            details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        }
    }
}
