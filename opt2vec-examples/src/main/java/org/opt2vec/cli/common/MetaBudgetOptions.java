package org.opt2vec.cli.common;

import picocli.CommandLine.Option;

/** The budget of one meta-training run: meta-steps of several tasks, each an inner training run, ES pairs. */
public final class MetaBudgetOptions {
    @Option(names = "--meta-steps", paramLabel = "N", description = "Meta-steps (default: ${DEFAULT-VALUE}).")
    int metaSteps;

    @Option(names = "--tasks-per-step", paramLabel = "N", description = "Tasks per meta-step (default: ${DEFAULT-VALUE}).")
    int tasksPerStep;

    @Option(names = "--inner-steps", paramLabel = "N",
            description = "Training steps of every inner run (default: ${DEFAULT-VALUE}).")
    int innerSteps;

    @Option(names = "--pairs", paramLabel = "N",
            description = "Antithetic ES pairs per meta-step (default: ${DEFAULT-VALUE}).")
    int pairs;

    public void check(OptionErrors errors) {
        errors.atLeast("--meta-steps", metaSteps, 1).atLeast("--tasks-per-step", tasksPerStep, 1)
                .atLeast("--inner-steps", innerSteps, 2).atLeast("--pairs", pairs, 1);
    }

    public int metaSteps() {
        return metaSteps;
    }

    public int tasksPerStep() {
        return tasksPerStep;
    }

    public int innerSteps() {
        return innerSteps;
    }

    public int pairs() {
        return pairs;
    }

    /** "10 meta-steps x 2 tasks x 20 inner steps, 4 ES pairs". */
    public String describe() {
        return metaSteps + " meta-steps x " + tasksPerStep + " tasks x " + innerSteps + " inner steps, " + pairs
                + " ES pairs";
    }
}
