package org.opt2vec.meta;

import java.io.Serializable;

/**
 * The scalars one inner run sends back to the estimator: all that travels from a worker, whatever runs it.
 *
 * @param metaLoss  the run's meta-loss ({@link MetaObjective#worst()} when it diverged or failed)
 * @param diverged  the loss became non-finite or exploded
 * @param error     when training threw: the exception with its stack trace; else null
 * @param lrScale   mean Opt2Vec lr scale over the run (NaN when not recorded)
 * @param momentum  mean Opt2Vec momentum over the run (NaN when not recorded)
 */
public record RunScore(double metaLoss, boolean diverged, String error, double lrScale, double momentum)
        implements Serializable {

    public boolean failed() {
        return error != null;
    }
}
