package org.opt2vec.cli;

import org.opt2vec.cli.common.OptionErrors;
import org.opt2vec.dl4j.BundledWeights;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.dl4j.UpdateDirection;
import org.opt2vec.features.FeatureSet;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Which meta-trained controller a command runs: Opt2Vec's default bundled one (neither option), another bundled one
 * (--feature-set), or the user's weights (--weights). Shared by every command that runs a trained controller, so the
 * options, their exclusivity and their errors read the same everywhere.
 */
public final class WeightsChoice {
    @Option(names = "--weights", paramLabel = "FILE|DIR",
            description = "Controller weights: a .o2vw file or a meta-train output directory (default: the bundled "
                    + "controller).")
    Path weights;

    @Option(names = "--feature-set", paramLabel = "SET",
            description = "The bundled controller of this feature set: v5 (Opt2Vec's default), v2 (the previous default) or v4 (the one that "
                    + "anneals its step over the run; it is told each run's length, as trainingSteps). Excludes --weights.")
    String featureSet;

    /** True when either option was given. */
    boolean given() {
        return weights != null || featureSet != null;
    }

    /** Adds what is wrong with the two options, for a controller with update direction {@code direction}. */
    void check(OptionErrors errors, UpdateDirection direction) {
        errors.require(weights == null || featureSet == null,
                "--weights and --feature-set exclude each other: the weights file fixes its feature set");
        if (featureSet != null) {
            try {
                bundled(direction);
            } catch (IllegalArgumentException | IllegalStateException e) {
                errors.require(false, "--feature-set: " + e.getMessage());
            }
        }
    }

    /**
     * The chosen weights as explicit weights, or null for Opt2Vec's default bundled controller. A bundled controller
     * other than the default runs as explicit weights: a command that knows its runs' length then sets it per run
     * ({@code forRun}), and a template built before any run need not know it.
     */
    Opt2VecWeights explicitWeights(UpdateDirection direction) {
        if (weights != null) {
            return MetaTrainCommand.loadWeights(weights);
        }
        return featureSet != null ? bundled(direction) : null;
    }

    /** Where {@link #explicitWeights} came from, for reports; null for the default. */
    String source(UpdateDirection direction) {
        if (weights != null) {
            return weights.getFileName().toString();
        }
        return featureSet != null
                ? "bundled " + BundledWeights.fileName(bundled(direction).architecture(), direction) : null;
    }

    private Opt2VecWeights bundled(UpdateDirection direction) {
        return BundledWeights.require(FeatureSet.fromName(featureSet), direction);
    }
}
