package org.opt2vec.cli;

import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.dl4j.Opt2Vec;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which controller a command looks at: the bundled one (default), the user's meta-trained weights, or the untrained one. */
public final class ControllerChoice {
    @Option(names = "--weights", paramLabel = "FILE",
            description = "Controller weights: a .o2vw file or a meta-train output directory (default: Opt2Vec's defaults).")
    Path weights;

    @Option(names = "--untrained", description = "The untrained controller instead of the defaults.")
    boolean untrained;

    void check(OptionErrors errors) {
        errors.require(weights == null || !untrained, "--weights and --untrained exclude each other");
    }

    /** Opt2Vec with the chosen controller, other settings at their defaults (for weights: the architecture they fit). */
    Opt2Vec updater() {
        if (untrained) {
            return new Opt2Vec.Builder().pretrained(false).build();
        }
        if (weights == null) {
            return new Opt2Vec();
        }
        return MetaTrainCommand.withWeights(MetaTrainCommand.loadWeights(weights));
    }

    static String describe(Opt2Vec u) {
        return u.getWeights() != null ? "explicit weights (" + u.getWeights().provenance() + ")"
                : u.isMetaTrained() ? "bundled meta-trained weights"
                : u.isPretrained() ? "defaults, but this build has no bundled meta-trained weights: untrained controller"
                : "untrained controller (= Adam(0.01 × the initial parameter RMS) with the defaults)";
    }
}
