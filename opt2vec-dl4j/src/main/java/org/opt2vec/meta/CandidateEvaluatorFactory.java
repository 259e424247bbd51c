package org.opt2vec.meta;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Creates {@link CandidateEvaluator}s that run inner runs somewhere else than this JVM's threads, found with
 * {@link ServiceLoader} (a {@code META-INF/services/org.opt2vec.meta.CandidateEvaluatorFactory} entry). The
 * opt2vec-spark module provides one for Apache Spark masters; the command line looks it up only when asked to
 * ({@code opt2vec meta-train --spark-master ...}), so nothing of it is loaded otherwise.
 */
public interface CandidateEvaluatorFactory {

    /** A short name for messages, e.g. "Apache Spark". */
    String name();

    /** True when this factory runs inner runs on {@code master} (e.g. {@code local[2]}, {@code spark://host:7077}). */
    boolean accepts(String master);

    /**
     * Connects to {@code master}. The caller owns the evaluator and closes it.
     *
     * @throws IllegalArgumentException when the master cannot be used, with a message that says what to fix
     */
    CandidateEvaluator create(String master);

    /** The factories on the class path of {@code loader}. */
    static List<CandidateEvaluatorFactory> available(ClassLoader loader) {
        return ServiceLoader.load(CandidateEvaluatorFactory.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
    }
}
