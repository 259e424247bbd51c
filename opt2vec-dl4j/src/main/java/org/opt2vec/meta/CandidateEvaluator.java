package org.opt2vec.meta;

/**
 * Runs the inner runs of a meta-step: every candidate of the {@link MetaTrainingSpec} (and its baseline) on every
 * task of the step. Where they run — Java threads here, the executors of a Spark cluster elsewhere — must not change
 * the result: each run is a pure function of (spec, θ, step, candidate, task), and results are returned in a
 * fixed order.
 */
public interface CandidateEvaluator extends AutoCloseable {

    /**
     * @return scores indexed [candidate][task], candidate 0 .. {@code spec.baseline()} inclusive
     * @throws IllegalStateException when runs could not be executed at all (a run that throws inside training is a
     *                               {@link RunScore} with an error, not an exception here)
     */
    RunScore[][] evaluate(MetaTrainingSpec spec, int step, double[] theta);

    /** A short description for logs and reports, e.g. "2 local threads". */
    String describe();

    @Override
    default void close() {
    }
}
