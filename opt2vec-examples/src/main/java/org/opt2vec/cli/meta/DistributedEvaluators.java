package org.opt2vec.cli.meta;

import org.opt2vec.cli.common.ExitCodes;
import org.opt2vec.cli.common.UserException;
import org.opt2vec.meta.CandidateEvaluator;
import org.opt2vec.meta.CandidateEvaluatorFactory;

import java.util.List;

/**
 * {@code meta-train --spark-master URL}: finds an evaluator for the master with {@link java.util.ServiceLoader}
 * (opt2vec-spark registers one). Nothing here refers to Spark, so the command line loads no Spark class unless a
 * master is given, and builds without Spark; bin/opt2vec puts opt2vec-spark on the class path only then.
 */
public final class DistributedEvaluators {
    private DistributedEvaluators() {
    }

    /**
     * Connects to {@code master}; the caller closes the evaluator.
     *
     * @throws UserException when no module on the class path serves the master, or it cannot be used
     */
    public static CandidateEvaluator open(String master) {
        List<CandidateEvaluatorFactory> factories =
                CandidateEvaluatorFactory.available(DistributedEvaluators.class.getClassLoader());
        if (factories.isEmpty()) {
            throw new UserException(ExitCodes.UNAVAILABLE, "--spark-master needs the opt2vec-spark module on the class "
                    + "path. bin/opt2vec adds it when it is built (mvn -q install -DskipTests builds it); with java -cp, "
                    + "add opt2vec-spark/target/opt2vec-spark.jar, opt2vec-spark/target/lib/* and "
                    + "opt2vec-spark/target/spark-lib/*");
        }
        for (CandidateEvaluatorFactory f : factories) {
            if (f.accepts(master)) {
                try {
                    return f.create(master);
                } catch (IllegalArgumentException e) {
                    throw new UserException(ExitCodes.USAGE, "--spark-master " + master + ": " + e.getMessage(), e);
                }
            }
        }
        throw new UserException(ExitCodes.USAGE, "--spark-master " + master + ": not a Spark master URL; use local[N], "
                + "spark://HOST:PORT, yarn or k8s://https://HOST:PORT");
    }
}
