package org.opt2vec.meta;

import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.features.FeatureSet;
import org.opt2vec.tasks.TaskDistribution;
import org.opt2vec.weights.AtomicFiles;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The settings a meta-training run was started with, saved beside its checkpoint as {@value #FILE} so that
 * {@code --resume} continues it with the same ones, whether it runs on local threads ({@code opt2vec meta-train}) or
 * on Spark. One file format for both: a run started by either command resumes with the other.
 *
 * @param tasks       the task families ({@code TaskDistributions.parse} syntax, or what the command line's own
 *                    parser reads); ignored when {@code recipe} is set
 * @param pairs       antithetic pairs per meta-step, {@code null} for the trainer's default (likewise {@code sigma}
 *                    and {@code metaLr})
 * @param featureSet  what the controller reads; {@code null} for the default, which is resolved (and saved) here
 * @param perLayer    a controller per layer ({@link org.opt2vec.dl4j.Opt2Vec.Builder#perLayer}) in the inner runs
 * @param averageFrom first meta-step of iterate averaging, {@code null} for none
 * @param recipe      a recorded recipe ({@link BundledWeightsRecipe#NAME}) whose settings replace the options
 * @param extras      further keys a command saves for itself (e.g. the CSV data of the command line's tasks)
 */
public record MetaTrainSettings(int metaSteps, int tasksPerStep, int innerSteps, String tasks, long seed,
                                Integer pairs, Double sigma, Double metaLr, int checkpointEvery, Integer averageFrom,
                                String featureSet, boolean perLayer, String recipe, Map<String, String> extras) {
    public static final String FILE = "meta-train.properties";
    /** The default feature set when settings files did not yet record the one a run trains. */
    static final FeatureSet LEGACY_DEFAULT_FEATURE_SET = FeatureSet.V2;
    private static final Set<String> KEYS = Set.of("metaSteps", "tasksPerStep", "innerSteps", "tasks", "seed", "pairs",
            "sigma", "metaLr", "checkpointEvery", "averageFrom", "featureSet", "perLayer", "recipe");

    public MetaTrainSettings {
        // resolved when a run starts, so that its resume trains the same architecture whatever the default is by then
        featureSet = featureSet != null ? featureSet : Opt2Vec.DEFAULT_FEATURE_SET.configName();
        extras = Map.copyOf(extras);
        for (String k : extras.keySet()) {
            if (KEYS.contains(k)) {
                throw new IllegalArgumentException("extras: '" + k + "' is a settings key, not an extra");
            }
        }
    }

    /** The command-line options a recipe fixes: giving one of them with {@code --recipe} is an error. */
    private static final List<String> FIXED_BY_RECIPE = List.of("--meta-steps", "--tasks-per-step", "--inner-steps",
            "--tasks", "--pairs", "--sigma", "--meta-lr", "--data");

    /**
     * What is wrong with starting recipe {@code name} when the options {@code given} were given: an unknown name, and
     * each option the recipe fixes. Empty when the run can start.
     */
    public static List<String> recipeProblems(String name, Predicate<String> given) {
        List<String> errors = new ArrayList<>();
        if (!BundledWeightsRecipe.NAME.equals(name)) {
            errors.add("--recipe: unknown recipe '" + name + "' (known: " + BundledWeightsRecipe.NAME + ")");
        }
        for (String o : FIXED_BY_RECIPE) {
            if (given.test(o)) {
                errors.add(o + " cannot be combined with --recipe (the recipe fixes it)");
            }
        }
        return errors;
    }

    /**
     * A new run of recipe {@code name} from a command line whose options {@code given} were given: the seed applies
     * only when {@code --seed} was given (else the recipe's).
     *
     * @throws IllegalArgumentException naming every problem of {@link #recipeProblems}
     */
    public static MetaTrainSettings newRecipeRun(String name, Predicate<String> given, long seed, int checkpointEvery,
                                                 Integer averageFrom, String featureSet, boolean perLayer) {
        List<String> errors = recipeProblems(name, given);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return recipe(name, given.test("--seed") ? seed : BundledWeightsRecipe.SEED, checkpointEvery, averageFrom,
                featureSet, perLayer);
    }

    /** The recorded recipe's budget with this seed (the recipe fixes everything else). */
    public static MetaTrainSettings recipe(String name, long seed, int checkpointEvery, Integer averageFrom,
                                           String featureSet, boolean perLayer) {
        if (!BundledWeightsRecipe.NAME.equals(name)) {
            throw new IllegalArgumentException("--recipe: unknown recipe '" + name + "' (known: "
                    + BundledWeightsRecipe.NAME + ")");
        }
        return new MetaTrainSettings(BundledWeightsRecipe.META_STEPS, BundledWeightsRecipe.TASKS_PER_STEP,
                BundledWeightsRecipe.INNER_STEPS, "recipe " + name, seed, null, null, null, checkpointEvery,
                averageFrom, featureSet, perLayer, name, Map.of());
    }

    /** Problems a user can fix, named by the command-line option that sets each value; empty when valid. */
    public List<String> problems() {
        List<String> errors = new ArrayList<>();
        if (metaSteps < 1) errors.add("--meta-steps must be >= 1");
        if (tasksPerStep < 1) errors.add("--tasks-per-step must be >= 1");
        if (innerSteps < 2) errors.add("--inner-steps must be >= 2");
        if (pairs != null && pairs < 1) errors.add("--pairs must be >= 1");
        if (checkpointEvery < 1) errors.add("--checkpoint-every must be >= 1");
        try {
            FeatureSet.fromName(featureSet);
        } catch (IllegalArgumentException e) {
            errors.add("--feature-set: " + e.getMessage());
        }
        return errors;
    }

    /** The feature set the controller reads. */
    public FeatureSet features() {
        return FeatureSet.fromName(featureSet);
    }

    /**
     * The settings of a resumed run: those it started with, except a longer (or shorter) {@code metaSteps} and a new
     * {@code averageFrom} when given. The feature set and the per-layer choice are fixed when a run starts.
     *
     * @param featureSet the feature set asked for on resume, or {@code null}
     * @param perLayer   the per-layer choice asked for on resume, or {@code null}
     * @throws IllegalArgumentException when {@code featureSet} or {@code perLayer} differs from the run's
     */
    public MetaTrainSettings resumedWith(Integer metaSteps, Integer averageFrom, String featureSet, Boolean perLayer) {
        if (featureSet != null && FeatureSet.fromName(featureSet) != features()) {
            throw new IllegalArgumentException("--feature-set: the run trains feature set " + features().configName()
                    + ", fixed when it started; drop --feature-set or start a new run");
        }
        if (perLayer != null && perLayer != this.perLayer) {
            throw new IllegalArgumentException("--per-layer: the run was started " + (this.perLayer ? "with" : "without")
                    + " it, which is fixed when a run starts; drop --per-layer or start a new run");
        }
        return new MetaTrainSettings(metaSteps != null ? metaSteps : this.metaSteps, tasksPerStep, innerSteps, tasks,
                seed, pairs, sigma, metaLr, checkpointEvery, averageFrom != null ? averageFrom : this.averageFrom,
                this.featureSet, this.perLayer, recipe, extras);
    }

    /**
     * The trainer these settings describe, before output directory, listeners, threads and evaluator are chosen.
     *
     * @param taskParser reads {@link #tasks()} (not called for a recipe)
     */
    public EfficientMetaLearningTrainer.Builder trainer(Function<String, TaskDistribution> taskParser) {
        EfficientMetaLearningTrainer.Builder b = recipe != null ? BundledWeightsRecipe.configure().seed(seed)
                : EfficientMetaLearningTrainer.builder().seed(seed).tasks(taskParser.apply(tasks));
        b.checkpointInterval(checkpointEvery);
        if (pairs != null) b.pairs(pairs);
        if (sigma != null) b.sigma(sigma);
        if (metaLr != null) b.metaLearningRate(metaLr);
        if (averageFrom != null) b.averageIteratesFrom(averageFrom);
        b.featureSet(features());
        b.perLayer(perLayer);
        return b;
    }

    /** Writes {@value #FILE} into {@code dir}, atomically (a run may be killed while writing it). */
    public void save(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("metaSteps", String.valueOf(metaSteps));
        p.setProperty("tasksPerStep", String.valueOf(tasksPerStep));
        p.setProperty("innerSteps", String.valueOf(innerSteps));
        p.setProperty("tasks", tasks);
        p.setProperty("seed", String.valueOf(seed));
        if (pairs != null) p.setProperty("pairs", pairs.toString());
        if (sigma != null) p.setProperty("sigma", sigma.toString());
        if (metaLr != null) p.setProperty("metaLr", metaLr.toString());
        p.setProperty("checkpointEvery", String.valueOf(checkpointEvery));
        if (averageFrom != null) p.setProperty("averageFrom", averageFrom.toString());
        p.setProperty("featureSet", featureSet);
        if (perLayer) p.setProperty("perLayer", "true");
        if (recipe != null) p.setProperty("recipe", recipe);
        extras.forEach(p::setProperty);
        StringWriter w = new StringWriter();
        p.store(w, "opt2vec meta-train settings (read by --resume)");
        AtomicFiles.write(dir.resolve(FILE), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The settings of the run in {@code dir}, for {@code --resume}.
     *
     * @throws IllegalArgumentException when {@code dir} holds no meta-train checkpoint and settings, or the settings
     *                                  file is unreadable (naming the file and the key)
     */
    public static MetaTrainSettings load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(dir.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE)) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--resume " + dir + ": no meta-train checkpoint there (expected "
                    + EfficientMetaLearningTrainer.CHECKPOINT_FILE + " and " + FILE + ")");
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        Map<String, String> extras = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                extras.put(k, p.getProperty(k));
            }
        }
        Reader r = new Reader(p, file);
        return new MetaTrainSettings(r.integer("metaSteps"), r.integer("tasksPerStep"), r.integer("innerSteps"),
                r.required("tasks"), r.longInteger("seed"), r.optionalInteger("pairs"),
                r.optionalDouble("sigma"), r.optionalDouble("metaLr"),
                p.containsKey("checkpointEvery") ? r.integer("checkpointEvery") : 10, r.optionalInteger("averageFrom"),
                // a run whose file names no feature set started when v2 was the default
                p.getProperty("featureSet", LEGACY_DEFAULT_FEATURE_SET.configName()),
                Boolean.parseBoolean(p.getProperty("perLayer", "false").trim()), p.getProperty("recipe"), extras);
    }

    /** Typed reads of the settings file, each error naming the file and the key. */
    private record Reader(Properties p, Path file) {
        String required(String key) {
            String v = p.getProperty(key);
            if (v == null) {
                throw new IllegalArgumentException(file + ": missing '" + key + "'; the file is not a meta-train run's "
                        + "settings (start a new run)");
            }
            return v;
        }

        int integer(String key) {
            return parsed(key, required(key), Integer::valueOf, "an integer");
        }

        long longInteger(String key) {
            return parsed(key, required(key), Long::valueOf, "an integer");
        }

        Integer optionalInteger(String key) {
            return p.containsKey(key) ? integer(key) : null;
        }

        Double optionalDouble(String key) {
            return p.containsKey(key) ? parsed(key, p.getProperty(key), Double::valueOf, "a number") : null;
        }

        private <T> T parsed(String key, String value, Function<String, T> parse, String what) {
            try {
                return parse.apply(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": '" + key + "' is '" + value + "', not " + what);
            }
        }
    }
}
