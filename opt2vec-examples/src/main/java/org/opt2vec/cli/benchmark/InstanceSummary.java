package org.opt2vec.cli.benchmark;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All optimizers on one instance, and the reference points opt2vec is compared with.
 *
 * @param trainSize   training examples
 * @param testSize    held-out examples
 * @param steps       training steps per run
 * @param byId        optimizer id → summary, in the optimizer order of the benchmark
 * @param penalty     the metric a diverged run got
 */
public record InstanceSummary(Instance instance, int trainSize, int testSize, long steps,
                              Map<String, OptimizerSummary> byId, double penalty) {
    public InstanceSummary {
        byId = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }

    public Optional<OptimizerSummary> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<OptimizerSummary> all() {
        return byId.values();
    }

    /** The best mean metric among the given kinds (first in order on ties), if any of them ran. */
    public Optional<OptimizerSummary> best(Set<OptimizerSpec.Kind> kinds) {
        return best(byId.values().stream().filter(s -> kinds.contains(s.optimizer().kind())).toList());
    }

    /** The best mean metric among the given settings (first on ties). */
    public Optional<OptimizerSummary> best(List<OptimizerSummary> candidates) {
        OptimizerSummary best = null;
        Metric m = instance.metric();
        for (OptimizerSummary s : candidates) {
            if (best == null || m.better(s.mean(), best.mean())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }
}
