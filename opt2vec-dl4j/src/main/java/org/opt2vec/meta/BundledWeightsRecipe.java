package org.opt2vec.meta;

import org.nd4j.linalg.learning.config.IUpdater;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.weights.AtomicFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The recorded recipe of the bundled weights, and the measurements quoted in docs/meta-training.md. Run with
 * {@code OMP_NUM_THREADS=1 mvn -q -pl opt2vec-dl4j exec:java -Dexec.mainClass=org.opt2vec.meta.BundledWeightsRecipe
 * -Dexec.args="MODE ..."}:
 * <ul>
 *   <li>{@code train OUT_DIR} – meta-trains with {@link #configure()} for {@value #META_STEPS} steps, writing checkpoint,
 *       CSV, PNG and {@code weights.o2vw} to OUT_DIR; if OUT_DIR holds a checkpoint of this recipe, resumes it.</li>
 *   <li>{@code evaluate WEIGHTS_FILE [STEPS]} – the held-out evaluation of those weights (as "opt2vec (bundled)")
 *       against the untrained controller, Adam(1e-3) and Nesterovs(0.01, 0.9); prints Markdown.</li>
 *   <li>{@code headline} – times {@code new EfficientMetaLearningTrainer().metaTrain(50, 3, 5)}.</li>
 * </ul>
 */
public final class BundledWeightsRecipe {
    public static final long SEED = 42L;
    public static final int META_STEPS = 20;
    public static final int TASKS_PER_STEP = 4;
    public static final int INNER_STEPS = 100;

    private BundledWeightsRecipe() {
    }

    /** The trainer of the bundled weights: all defaults (default architecture, baseLr 0.01, ES, tasks), seed 42. */
    public static EfficientMetaLearningTrainer.Builder configure() {
        return EfficientMetaLearningTrainer.builder().seed(SEED);
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        switch (mode) {
            case "train" -> {
                Path out = Paths.get(args.length > 1 ? args[1] : "target/bundled-weights-run");
                EfficientMetaLearningTrainer trainer = configure().outputDirectory(out).build();
                Path ckpt = out.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE);
                MetaTrainingResult r = Files.exists(ckpt) ? trainer.resume(ckpt, META_STEPS)
                        : trainer.metaTrain(META_STEPS, TASKS_PER_STEP, INNER_STEPS);
                System.out.printf(Locale.ROOT, "%s%nwall time: %.1f s (this call), %.1f s (whole run)%n"
                                + "meta-loss: first 10 steps %.4f, last 10 steps %.4f; last 10 steps minus the untrained "
                        + "controller on the same tasks: %.4f%nweights: %s%n", r,
                        r.wallSeconds(), r.totalWallSeconds(), r.meanOfFirst(10), r.meanOfLast(10),
                        r.meanImprovementOfLast(10),
                        out.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE).toAbsolutePath());
            }
            case "evaluate" -> {
                Opt2VecWeights w = Opt2VecWeights.load(Paths.get(args[1]));
                int steps = args.length > 2 ? Integer.parseInt(args[2]) : HeldOutEvaluation.DEFAULT_INNER_STEPS;
                LinkedHashMap<String, Supplier<IUpdater>> opts = HeldOutEvaluation.standardOptimizers();
                opts.put(HeldOutEvaluation.BUNDLED, () -> new Opt2Vec.Builder().weights(w).build());
                HeldOutReport report = HeldOutEvaluation.builder().innerSteps(steps).build().run(opts);
                String md = report.toMarkdown();
                System.out.println(md);
                if (args.length > 3) {
                    AtomicFiles.write(Paths.get(args[3]), md.getBytes(StandardCharsets.UTF_8));
                }
            }
            case "headline" -> {
                long t0 = System.nanoTime();
                MetaTrainingResult r = new EfficientMetaLearningTrainer().metaTrain(50, 3, 5);
                double cpu = ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
                System.out.printf(Locale.ROOT, "metaTrain(50, 3, 5) with defaults: %.1f s wall (%.1f s including "
                                + "setup), %d threads, %.1f s CPU time of the whole JVM; meta-loss first 10 %.4f, "
                                + "last 10 %.4f; last 10 minus the untrained controller on the same tasks %.4f%n",
                        r.wallSeconds(), (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors(), cpu,
                        r.meanOfFirst(10), r.meanOfLast(10), r.meanImprovementOfLast(10));
            }
            default -> {
                System.err.println("usage: BundledWeightsRecipe train OUT_DIR | evaluate WEIGHTS_FILE [STEPS [MD_OUT]]"
                        + " | headline");
                System.exit(2);
            }
        }
    }
}
