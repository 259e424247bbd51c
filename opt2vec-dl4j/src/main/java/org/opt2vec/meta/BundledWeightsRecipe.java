package org.opt2vec.meta;

import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.UpdateDirection;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.tasks.TaskDistributions;

import java.util.List;
import java.util.Map;

/**
 * The recorded recipe of the controller that ships in the jar (see docs/meta-training.md for its command, seed,
 * commit, wall time and SHA-256). Run it with {@code opt2vec meta-train --recipe bundled -o DIR}; the same code
 * path and seed give a byte-identical {@code weights.o2vw} on the same platform.
 */
public final class BundledWeightsRecipe {
    public static final String NAME = "bundled";
    public static final long SEED = 42L;
    /**
     * Steps 41–60 lowered the meta-loss's margin on the training tasks but made the controller's step follow the
     * task, and won on the benchmark suite (docs/meta-training.md, "The bundled weights").
     */
    public static final int META_STEPS = 60;
    public static final int TASKS_PER_STEP = 4;
    /** The longest inner run; runs last between 15 % and 100 % of it (log-uniform per task). */
    public static final int INNER_STEPS = 1000;
    public static final double MIN_HORIZON_FRACTION = 0.15;
    /** Mostly the final held-out loss, some of the held-out curve, a little of the training trajectory. */
    public static final MetaObjective OBJECTIVE = new MetaObjective(0.1, 1.0, 0.5, 4, 1e3);
    public static final double META_LR = 0.01;
    /** The update rule the controller is meta-trained to drive (its bundled file is named after it). */
    public static final UpdateDirection DIRECTION = UpdateDirection.RELATIVE;

    /** The constant-controller grid of the ablation: the benchmark suite's default constant grid. */
    public static final List<Double> CONSTANT_LR_SCALES = List.of(0.1, 0.3, 1.0, 3.0, 10.0);
    public static final List<Double> CONSTANT_MOMENTA = List.of(0.5, 0.9);

    /**
     * The constant controller {@code opt2vec constant-search -o DIR} chose on this recipe's 240 meta-training tasks
     * (seed 42, meta-steps 0–59; 2640 inner runs, 22 min 32 s on 2 cores): lr scale 10, momentum 0.9, mean
     * meta-loss −4.059 ± 0.230, against −3.996 ± 0.204 for the bundled controller on the same tasks
     * (docs/meta-training.md, "The constant-controller ablation"). The benchmark suite compares opt2vec with it.
     */
    public static final ConstantControllerSearch.Setting SEARCHED_CONSTANT =
            new ConstantControllerSearch.Setting(10.0, 0.9);

    private BundledWeightsRecipe() {
    }

    /** The task distribution the bundled weights were meta-trained on ({@link TaskDistributions#realistic()}). */
    public static TaskDistribution tasks() {
        return TaskDistributions.realistic();
    }

    /** The trainer of the bundled weights, before output directory, listeners and evaluator are chosen. */
    public static EfficientMetaLearningTrainer.Builder configure() {
        return EfficientMetaLearningTrainer.builder().seed(SEED).tasks(tasks())
                .updaterTemplate(new Opt2Vec.Builder().direction(DIRECTION).pretrained(false).build())
                .minHorizonFraction(MIN_HORIZON_FRACTION).objective(OBJECTIVE).metaLearningRate(META_LR);
    }

    /** Runs the whole recipe with a configured trainer (from {@link #configure()}). */
    public static MetaTrainingResult run(EfficientMetaLearningTrainer trainer) {
        return trainer.metaTrain(META_STEPS, TASKS_PER_STEP, INNER_STEPS);
    }

    /**
     * The ablation of the recipe: the best constant controller of the grid on the tasks this recipe meta-trains on
     * (those of its first {@code metaSteps} meta-steps, {@link #TASKS_PER_STEP} each, with the same horizons and
     * objective), see {@link ConstantControllerSearch}. {@code opt2vec constant-search -o DIR} runs it with all
     * {@link #META_STEPS}.
     *
     * @param trainer    a trainer from {@link #configure()} (its seed chooses the tasks)
     * @param references configurations scored on the same tasks for comparison, by name
     */
    public static ConstantControllerSearch.Result constantSearch(EfficientMetaLearningTrainer trainer, int metaSteps,
                                                                 Map<String, Opt2Vec> references,
                                                                 int threads,
                                                                 ConstantControllerSearch.Progress progress) {
        return constantSearch(trainer, metaSteps, constantGrid(), references, threads, progress);
    }

    /** As {@link #constantSearch(EfficientMetaLearningTrainer, int, Map, int, ConstantControllerSearch.Progress)}
     * over another grid, e.g. {@code List.of(SEARCHED_CONSTANT)} to score more controllers against the chosen one. */
    public static ConstantControllerSearch.Result constantSearch(EfficientMetaLearningTrainer trainer, int metaSteps,
                                                                 List<ConstantControllerSearch.Setting> grid,
                                                                 Map<String, Opt2Vec> references,
                                                                 int threads,
                                                                 ConstantControllerSearch.Progress progress) {
        return ConstantControllerSearch.run(trainer.spec(TASKS_PER_STEP, INNER_STEPS), metaSteps, grid, references,
                threads, progress);
    }

    /** The constant grid of the ablation: {@link #CONSTANT_LR_SCALES} x {@link #CONSTANT_MOMENTA}. */
    public static List<ConstantControllerSearch.Setting> constantGrid() {
        return ConstantControllerSearch.Setting.grid(CONSTANT_LR_SCALES, CONSTANT_MOMENTA);
    }

    /** The command line that runs the recipe. */
    public static String command() {
        return "opt2vec meta-train --recipe " + NAME + " -o DIR";
    }
}
