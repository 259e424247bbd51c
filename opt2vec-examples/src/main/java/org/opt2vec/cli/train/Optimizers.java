package org.opt2vec.cli.train;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.opt2vec.cli.common.ParsingConverter;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.features.FeatureSet;

import java.util.Locale;

/** The optimizers of the comparison, each with its fixed (untuned) settings. */
public enum Optimizers {
    /** Opt2Vec with all defaults: the bundled meta-trained controller when this build ships one. */
    OPT2VEC("opt2vec", "Opt2Vec (defaults)"),
    /** Opt2Vec's bundled v4 controller, which anneals its step over the run (it is told the run's length). */
    OPT2VEC_V4("opt2vec-v4", "Opt2Vec v4 (annealing)"),
    /** Opt2Vec's untrained controller: lr scale 1, momentum 0.9 (with the defaults exactly Adam(1e-3)). */
    OPT2VEC_UNTRAINED("opt2vec-untrained", "Opt2Vec untrained (= Adam 0.01 rho0)"),
    ADAM("adam", "Adam(1e-3)"),
    NESTEROVS("nesterovs", "Nesterovs(0.01, 0.9)"),
    SGD("sgd", "Sgd(0.01)");

    private final String cliName;
    private final String label;

    Optimizers(String cliName, String label) {
        this.cliName = cliName;
        this.label = label;
    }

    public String cliName() {
        return cliName;
    }

    public String label() {
        return label;
    }

    public boolean isOpt2Vec() {
        return this == OPT2VEC || this == OPT2VEC_V4 || this == OPT2VEC_UNTRAINED;
    }

    /**
     * @param runSteps the run's length in updater steps (epochs x minibatches per epoch), which the v4 controller
     *                 reads; the others ignore it
     */
    public IUpdater updater(long runSteps) {
        return switch (this) {
            case OPT2VEC -> new Opt2Vec();
            case OPT2VEC_V4 -> new Opt2Vec.Builder().featureSet(FeatureSet.V4).trainingSteps(runSteps).build();
            case OPT2VEC_UNTRAINED -> new Opt2Vec.Builder().pretrained(false).build();
            case ADAM -> new Adam(1e-3);
            case NESTEROVS -> new Nesterovs(0.01, 0.9);
            case SGD -> new Sgd(0.01);
        };
    }

    @Override
    public String toString() {
        return cliName;
    }

    public static Optimizers parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (Optimizers o : values()) {
            if (o.cliName.equals(k)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + s + "' (valid: opt2vec, opt2vec-v4, opt2vec-untrained, adam, "
                + "nesterovs, sgd)");
    }

    /** Picocli converter of {@link #parse}. */
    public static final class Converter extends ParsingConverter<Optimizers> {
        public Converter() {
            super(Optimizers::parse);
        }
    }
}
