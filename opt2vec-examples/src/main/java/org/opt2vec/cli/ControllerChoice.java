package org.opt2vec.cli;

import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.dl4j.BundledWeights;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.features.FeatureSet;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Which controller a command looks at: the bundled default, another bundled one (--feature-set), the user's
 * meta-trained weights, or the untrained one.
 */
public final class ControllerChoice {
    @Option(names = "--weights", paramLabel = "FILE",
            description = "Controller weights: a .o2vw file or a meta-train output directory (default: Opt2Vec's defaults).")
    Path weights;

    @Option(names = "--untrained", description = "The untrained controller instead of the defaults.")
    boolean untrained;

    @Option(names = "--feature-set", paramLabel = "SET",
            description = "The bundled controller of this feature set: v2 (the default one) or v4 (the one that "
                    + "anneals its step over the run).")
    String featureSet;

    void check(OptionErrors errors) {
        errors.require((weights != null ? 1 : 0) + (untrained ? 1 : 0) + (featureSet != null ? 1 : 0) <= 1,
                "--weights, --untrained and --feature-set exclude each other");
        if (featureSet != null) {
            try {
                bundled();
            } catch (IllegalArgumentException | IllegalStateException e) {
                errors.require(false, "--feature-set: " + e.getMessage());
            }
        }
    }

    /** The bundled weights of --feature-set, as explicit weights: a command sets the run's length where it has one. */
    private Opt2VecWeights bundled() {
        return BundledWeights.require(FeatureSet.fromName(featureSet), Opt2Vec.DEFAULT_DIRECTION);
    }

    /** Opt2Vec with the chosen controller, other settings at their defaults (for weights: the architecture they fit). */
    Opt2Vec updater() {
        if (untrained) {
            return new Opt2Vec.Builder().pretrained(false).build();
        }
        if (featureSet != null) {
            return MetaTrainCommand.withWeights(bundled());
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
