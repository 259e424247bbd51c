package org.opt2vec.cli.sweep;

import org.opt2vec.arbiter.HeldOutEvaluationScorer;
import org.opt2vec.arbiter.HeldOutScorer;
import org.opt2vec.arbiter.HeldOutTaskScorer;
import org.opt2vec.cli.common.FamiliesOption;
import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.meta.HeldOutEvaluation;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/** How an architecture sweep scores a meta-trained candidate: the held-out suite, or a few spirals tasks. */
public final class ScorerOptions {
    @Option(names = "--scorer", paramLabel = "suite|spirals", defaultValue = "suite",
            description = "Held-out scoring: suite (the held-out evaluation suite, as `opt2vec evaluate`) or spirals "
                    + "(mean meta-objective on a few spirals tasks, cheaper) (default: ${DEFAULT-VALUE}).")
    String scorer;

    @Option(names = "--eval-instances", paramLabel = "N", defaultValue = "" + HeldOutEvaluation.DEFAULT_INSTANCES_PER_FAMILY,
            description = "suite: task instances per family (default: ${DEFAULT-VALUE}).")
    int evalInstances;

    @Option(names = "--eval-steps", paramLabel = "N", defaultValue = "" + HeldOutEvaluation.DEFAULT_INNER_STEPS,
            description = "suite: training steps per instance (default: ${DEFAULT-VALUE}).")
    int evalSteps;

    @Mixin
    FamiliesOption families;

    @Option(names = "--held-out-tasks", paramLabel = "N", defaultValue = "8",
            description = "spirals: number of held-out tasks (default: ${DEFAULT-VALUE}).")
    int heldOutTasks;

    @Option(names = "--held-out-steps", paramLabel = "N", defaultValue = "40",
            description = "spirals: training steps per task (default: ${DEFAULT-VALUE}).")
    int heldOutSteps;

    private boolean spirals() {
        return scorer.trim().toLowerCase(Locale.ROOT).equals("spirals");
    }

    public void check(OptionErrors errors) {
        errors.require(spirals() || scorer.trim().toLowerCase(Locale.ROOT).equals("suite"),
                        "--scorer: unknown scorer '" + scorer + "'; use suite or spirals")
                .atLeast("--eval-instances", evalInstances, 1).atLeast("--eval-steps", evalSteps, 2)
                .atLeast("--held-out-tasks", heldOutTasks, 1).atLeast("--held-out-steps", heldOutSteps, 2);
    }

    public HeldOutScorer scorer(CommandLine cl, int threads) {
        if (spirals()) {
            return HeldOutTaskScorer.builder().numTasks(heldOutTasks).steps(heldOutSteps).threads(threads).build();
        }
        HeldOutEvaluationScorer.Builder b = HeldOutEvaluationScorer.builder().instancesPerFamily(evalInstances)
                .innerSteps(evalSteps).threads(threads);
        List<org.opt2vec.tasks.TaskDistribution> fams = families.families(cl);
        if (fams != null) {
            b.families(fams);
        }
        return b.build();
    }
}
