package org.opt2vec.cli.benchmark;

/**
 * What one run measured.
 *
 * @param spec                the run
 * @param rawMetric           the metric as measured after training (may be NaN after a divergence)
 * @param initialHeldOutLoss  held-out loss of the untrained network (loss-metric instances only, else NaN); the
 *                            penalty of a diverged run is at least this
 * @param finalTrainLoss      mean minibatch loss over the last 10 % of steps
 * @param divergence          why the run diverged, or null
 * @param error               an exception that ended the run, or null (the run then counts as diverged)
 * @param stepsDone           training steps done (fewer than planned after an early stop)
 * @param stepsPlanned        the instance's budget in steps
 * @param trainSeconds        wall time of training
 * @param wallSeconds         wall time of the whole run: network set-up, training and evaluation
 * @param cpuSeconds          CPU time of the thread that ran it (with one native thread per run this is the run's
 *                            whole computation; unlike wall time it hardly depends on other load on the machine)
 * @param controller          Opt2Vec's controller summary, or null for other optimizers
 */
public record RunResult(RunSpec spec, double rawMetric, double initialHeldOutLoss, double finalTrainLoss,
                        String divergence, String error, long stepsDone, long stepsPlanned, double trainSeconds,
                        double wallSeconds, double cpuSeconds, ControllerStats controller) {
    public boolean diverged() {
        return divergence != null || error != null;
    }

    /** Why the run counts as diverged (divergence or error), or an empty string. */
    public String reason() {
        return error != null ? "error: " + error : divergence == null ? "" : divergence;
    }
}
