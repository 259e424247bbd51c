package org.opt2vec.arbiter;

import org.opt2vec.dl4j.Opt2Vec;

import java.io.Serializable;
import java.util.Map;

/**
 * The "score" half of an {@link ArchitectureSweep}: scores a meta-trained Opt2Vec on held-out tasks. Wrapped as an
 * Arbiter score function by {@link HeldOutScoreFunction}. {@link HeldOutEvaluationScorer} (the default) scores on
 * Opt2Vec's held-out evaluation suite, {@link HeldOutTaskScorer} on a few tasks of one held-out family.
 */
public interface HeldOutScorer extends Serializable {
    /** What the score measures, for reports. */
    String name();

    /** True if lower scores are better. */
    boolean minimize();

    /** Names of the detail columns this produces (for the CSV header), in order. */
    default java.util.List<String> detailColumns() {
        return java.util.List.of();
    }

    /** Scores the trained configuration; must be deterministic for equal inputs. */
    Scored score(Opt2Vec trained);

    /**
     * @param score   the score
     * @param details further columns for the result table (per-family scores, diverged runs …)
     */
    record Scored(double score, Map<String, String> details) {
        public Scored {
            details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        }
    }
}
