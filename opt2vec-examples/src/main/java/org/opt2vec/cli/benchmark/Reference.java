package org.opt2vec.cli.benchmark;

import org.opt2vec.meta.BundledWeightsRecipe;

import java.util.EnumSet;
import java.util.Optional;

/** The baselines opt2vec is compared with on every instance. */
public enum Reference {
    ADAM_DEFAULT("Adam(1e-3)", "Adam with DL4J's default learning rate 1e-3"),
    ADAM_BEST("best Adam", "the Adam learning rate of the grid with the best mean metric on this instance"),
    ALL_BASELINES("best baseline", "the best of every baseline that ran (Adam grid, Nesterovs grid, untrained "
            + "controller, constant-controller grid) on this instance"),
    CONSTANT_BEST("best constant controller", "the best of the constant-controller grid on this instance"),
    CONSTANT_SEARCHED("recipe's constant controller", "the one constant setting `"
            + BundledWeightsRecipe.SEARCHED_CONSTANT.id() + "` that `opt2vec constant-search` chose on the bundled "
            + "recipe's meta-training tasks, with their inner runs and meta-objective: the ablation of meta-training, "
            + "one setting for every instance as opt2vec is one controller for every instance"),
    UNTRAINED("untrained controller", "Opt2Vec's untrained controller (lr scale 1, momentum 0.9: with the default relative direction Adam(0.01 × the initial parameter RMS))");

    private final String label;
    private final String meaning;

    Reference(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    public String label() { return label; }
    public String meaning() { return meaning; }

    /** The reference's summary on an instance, if it ran there. */
    public Optional<OptimizerSummary> on(InstanceSummary s) {
        return switch (this) {
            case ADAM_DEFAULT -> s.get("adam:0.001");
            case ADAM_BEST -> s.best(EnumSet.of(OptimizerSpec.Kind.ADAM));
            case ALL_BASELINES -> s.best(EnumSet.complementOf(EnumSet.of(OptimizerSpec.Kind.OPT2VEC)));
            case CONSTANT_BEST -> s.best(EnumSet.of(OptimizerSpec.Kind.CONSTANT));
            case CONSTANT_SEARCHED -> s.get(BundledWeightsRecipe.SEARCHED_CONSTANT.id());
            case UNTRAINED -> s.get("opt2vec-untrained");
        };
    }
}
