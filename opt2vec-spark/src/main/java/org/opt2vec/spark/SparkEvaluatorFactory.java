package org.opt2vec.spark;

import org.opt2vec.meta.CandidateEvaluator;
import org.opt2vec.meta.CandidateEvaluatorFactory;

/**
 * The {@link CandidateEvaluatorFactory} of this module, registered in {@code META-INF/services}: how
 * {@code opt2vec meta-train --spark-master URL} finds Spark without the command line depending on it.
 */
public final class SparkEvaluatorFactory implements CandidateEvaluatorFactory {
    @Override
    public String name() {
        return "Apache Spark";
    }

    @Override
    public boolean accepts(String master) {
        return SparkMasters.accepts(master);
    }

    @Override
    public CandidateEvaluator create(String master) {
        return SparkCandidateEvaluator.start(master);
    }
}
