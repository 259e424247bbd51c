package org.opt2vec.cli.benchmark;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.opt2vec.dl4j.BundledWeights;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.meta.ConstantControllerSearch;
import org.opt2vec.dl4j.UpdateDirection;
import org.opt2vec.dl4j.Opt2VecWeights;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place where the benchmark's optimizer settings are made. Every Opt2Vec variant derives from a single
 * template configuration ({@link #defaultTemplate()}): the meta-trained {@code opt2vec} (the template, or the
 * template with explicit weights), {@code opt2vec-untrained} (the template's untrained controller) and the
 * constant-controller grid (the template with a controller that ignores the history). Changing Opt2Vec's base
 * configuration (base learning rate, update rule, ranges) for the whole benchmark is one change: another template.
 *
 * <p>List syntax of {@link #parse}: comma-separated groups and single settings —
 * {@code opt2vec}, {@code untrained} (or {@code opt2vec-untrained}), {@code adam-grid}, {@code nesterovs-grid},
 * {@code constant-grid}, {@code default} (all five), {@code adam:LR}, {@code nesterovs:LR[:MOMENTUM]},
 * {@code constant:LRSCALE:MOMENTUM}.
 */
public final class OptimizerRegistry {
    public static final String DEFAULT_LIST = "opt2vec,untrained,adam-grid,nesterovs-grid,constant-grid";

    private final Opt2Vec template;
    private final Opt2VecWeights weights;
    private final String weightsSource;
    private final OptimizerGrids grids;

    /** The base Opt2Vec configuration of the benchmark: all defaults, bundled meta-trained controller. */
    public static Opt2Vec defaultTemplate() {
        return template(Opt2Vec.DEFAULT_DIRECTION);
    }

    /**
     * The base configuration for an update direction: its defaults, with the bundled meta-trained controller when
     * this build ships one for it, else the untrained controller.
     */
    public static Opt2Vec template(UpdateDirection direction) {
        Opt2Vec.Builder b = new Opt2Vec.Builder().direction(direction);
        boolean bundled = BundledWeights.find(b.pretrained(false).build().architecture(), direction).isPresent();
        return b.pretrained(bundled).build();
    }

    /**
     * @param template base configuration of every Opt2Vec variant
     * @param weights  explicit controller weights for {@code opt2vec} (e.g. from {@code --weights}), or null to run
     *                 the template as it is
     * @param weightsSource where the weights came from (a file name), for the report; ignored without weights
     */
    public OptimizerRegistry(Opt2Vec template, Opt2VecWeights weights, String weightsSource, OptimizerGrids grids) {
        this.template = template;
        this.weights = weights;
        this.weightsSource = weightsSource;
        this.grids = grids;
    }

    public Opt2Vec template() { return template; }
    public Opt2VecWeights weights() { return weights; }
    public OptimizerGrids grids() { return grids; }

    /**
     * The Opt2Vec configuration under test: the template, or with explicit weights the template with those weights
     * and the controller architecture they were trained for.
     */
    public Opt2Vec opt2vecConfig() {
        if (weights == null) {
            return template;
        }
        var a = weights.architecture();
        return template.toBuilder().historyLength(a.historyLength()).embeddingDim(a.embeddingDim())
                .activation(a.activation().configName()).useExtendedFeatures(a.extendedFeatures()).weights(weights)
                .build();
    }

    public OptimizerSpec opt2vec() {
        Opt2Vec c = opt2vecConfig();
        String what = weights != null ? "weights from " + weightsSource
                : c.isMetaTrained() ? "bundled meta-trained controller" : "no bundled weights: untrained controller";
        return new OptimizerSpec("opt2vec", OptimizerSpec.Kind.OPT2VEC, "Opt2Vec (" + what + ")",
                () -> opt2vecConfig());
    }

    public OptimizerSpec untrained() {
        return new OptimizerSpec("opt2vec-untrained", OptimizerSpec.Kind.OPT2VEC_UNTRAINED,
                "Opt2Vec untrained controller (" + template.getDirection().configName() + " direction, lr " + num(template.getBaseLr()) + ", momentum 0.9)",
                () -> template.toBuilder().weights(null).pretrained(false).build());
    }

    public OptimizerSpec adam(double lr) {
        return new OptimizerSpec("adam:" + num(lr), OptimizerSpec.Kind.ADAM, "Adam(" + num(lr) + ")", () -> new Adam(lr));
    }

    public OptimizerSpec nesterovs(double lr, double momentum) {
        String id = "nesterovs:" + num(lr) + (momentum == grids.nesterovsMomentum() ? "" : ":" + num(momentum));
        return new OptimizerSpec(id, OptimizerSpec.Kind.NESTEROVS, "Nesterovs(" + num(lr) + ", " + num(momentum) + ")",
                () -> new Nesterovs(lr, momentum));
    }

    /** The template with a constant controller: lr = baseLr × lrScale, momentum fixed ({@link Opt2Vec#withConstantController}). */
    public OptimizerSpec constant(double lrScale, double momentum) {
        if (!(lrScale > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("constant controller needs lrScale > 0 and 0 <= momentum < 1, got "
                    + lrScale + ", " + momentum);
        }
        // The id ConstantControllerSearch gives the same setting, so the suite finds the recipe's constant by it.
        return new OptimizerSpec(new ConstantControllerSearch.Setting(lrScale, momentum).id(), OptimizerSpec.Kind.CONSTANT,
                "constant controller (lr scale " + num(lrScale) + ", momentum " + num(momentum) + ")",
                () -> template.withConstantController(lrScale, momentum));
    }

    public List<OptimizerSpec> group(OptimizerSpec.Kind kind) {
        List<OptimizerSpec> out = new ArrayList<>();
        switch (kind) {
            case OPT2VEC -> out.add(opt2vec());
            case OPT2VEC_UNTRAINED -> out.add(untrained());
            case ADAM -> grids.adamLrs().forEach(lr -> out.add(adam(lr)));
            case NESTEROVS -> grids.nesterovsLrs().forEach(lr -> out.add(nesterovs(lr, grids.nesterovsMomentum())));
            case CONSTANT -> {
                for (double s : grids.constantLrScales()) {
                    for (double m : grids.constantMomenta()) {
                        out.add(constant(s, m));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Parses an --optimizers list into settings in a fixed order (opt2vec, untrained, Adam, Nesterovs, constant;
     * within a kind by first mention), without duplicates.
     *
     * @throws IllegalArgumentException naming the entry that is not understood
     */
    public List<OptimizerSpec> parse(String list) {
        Map<String, OptimizerSpec> byId = new LinkedHashMap<>();
        for (String raw : list.split(",")) {
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            List<OptimizerSpec> add = new ArrayList<>();
            switch (e) {
                case "default", "all" -> {
                    for (OptimizerSpec.Kind k : OptimizerSpec.Kind.values()) {
                        add.addAll(group(k));
                    }
                }
                case "opt2vec" -> add.add(opt2vec());
                case "untrained", "opt2vec-untrained" -> add.add(untrained());
                case "adam-grid" -> add.addAll(group(OptimizerSpec.Kind.ADAM));
                case "nesterovs-grid" -> add.addAll(group(OptimizerSpec.Kind.NESTEROVS));
                case "constant-grid" -> add.addAll(group(OptimizerSpec.Kind.CONSTANT));
                default -> add.add(single(e));
            }
            add.forEach(s -> byId.putIfAbsent(s.id(), s));
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException("no optimizers given");
        }
        List<OptimizerSpec> out = new ArrayList<>();
        for (OptimizerSpec.Kind k : OptimizerSpec.Kind.values()) {
            byId.values().stream().filter(s -> s.kind() == k).forEach(out::add);
        }
        return out;
    }

    private OptimizerSpec single(String e) {
        String[] p = e.split(":");
        try {
            switch (p[0]) {
                case "adam" -> {
                    if (p.length == 2) {
                        return adam(positive(p[1]));
                    }
                }
                case "nesterovs" -> {
                    if (p.length == 2) {
                        return nesterovs(positive(p[1]), grids.nesterovsMomentum());
                    }
                    if (p.length == 3) {
                        return nesterovs(positive(p[1]), Double.parseDouble(p[2]));
                    }
                }
                case "constant" -> {
                    if (p.length == 3) {
                        return constant(positive(p[1]), Double.parseDouble(p[2]));
                    }
                }
                default -> {
                }
            }
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--optimizers: '" + e + "' holds a value that is not a number");
        }
        throw new IllegalArgumentException("--optimizers: unknown entry '" + e + "'; use opt2vec, untrained, adam-grid, "
                + "nesterovs-grid, constant-grid, default, adam:LR, nesterovs:LR[:MOMENTUM] or constant:LRSCALE:MOMENTUM");
    }

    private static double positive(String s) {
        double v = Double.parseDouble(s);
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("--optimizers: learning rates and lr scales must be finite and > 0, got " + s);
        }
        return v;
    }

    /** A number as written by people: 0.001, 3, 0.0003 (no exponent, no trailing zeros). */
    public static String num(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
