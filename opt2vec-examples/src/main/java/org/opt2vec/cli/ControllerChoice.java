package org.opt2vec.cli;

import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecWeights;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which controller a command looks at: a trained one ({@link WeightsChoice}: the bundled default, another bundled
 * one, the user's weights) or the untrained one.
 */
public final class ControllerChoice {
    @Mixin
    WeightsChoice trained;

    @Option(names = "--untrained", description = "The untrained controller instead of the defaults.")
    boolean untrained;

    void check(OptionErrors errors) {
        errors.require(!(untrained && trained.given()), "--untrained excludes --weights and --feature-set");
        trained.check(errors, Opt2Vec.DEFAULT_DIRECTION);
    }

    /** Opt2Vec with the chosen controller, other settings at their defaults (for weights: the architecture they fit). */
    Opt2Vec updater() {
        if (untrained) {
            return new Opt2Vec.Builder().pretrained(false).build();
        }
        Opt2VecWeights w = trained.explicitWeights(Opt2Vec.DEFAULT_DIRECTION);
        return w == null ? new Opt2Vec() : MetaTrainCommand.withWeights(w);
    }

    static String describe(Opt2Vec u) {
        return u.getWeights() != null ? "explicit weights (" + u.getWeights().provenance() + ")"
                : u.isMetaTrained() ? "bundled meta-trained weights"
                : u.isPretrained() ? "defaults, but this build has no bundled meta-trained weights: untrained controller"
                : "untrained controller (= Adam(0.01 × the initial parameter RMS) with the defaults)";
    }
}
