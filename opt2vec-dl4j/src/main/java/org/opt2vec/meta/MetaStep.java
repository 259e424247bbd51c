package org.opt2vec.meta;

import java.io.Serializable;

/**
 * What one meta-step measured, with the meta-parameters as they were at the start of the step, on that step's tasks.
 *
 * @param step             index of the meta-step, from 0 over the whole run (resumed parts included)
 * @param metaLoss         meta-loss of the current weights, mean over the step's tasks (see {@link MetaObjective})
 * @param baselineMetaLoss meta-loss of the initial weights on the same tasks (not used by the estimator):
 *                         {@code metaLoss - baselineMetaLoss} is the step's improvement, free of task-to-task noise
 * @param lrScale          mean Opt2Vec lr scale of the current weights over the step's runs
 * @param momentum         mean Opt2Vec momentum of the current weights over the step's runs
 * @param divergedFraction fraction of the step's candidate runs that diverged
 * @param failedFraction   fraction of the step's runs that threw an exception (counted apart from divergence)
 * @param seconds          wall time of the step
 */
public record MetaStep(int step, double metaLoss, double baselineMetaLoss, double lrScale, double momentum,
                       double divergedFraction, double failedFraction, double seconds) implements Serializable {

    /** The step's improvement over the initial weights (negative = better). */
    public double improvement() {
        return metaLoss - baselineMetaLoss;
    }
}
