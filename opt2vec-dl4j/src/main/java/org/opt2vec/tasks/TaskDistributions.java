package org.opt2vec.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Combinations of task distributions, and the default ones of meta-training and held-out evaluation. */
public final class TaskDistributions {
    private TaskDistributions() {
    }

    /**
     * The default meta-training distribution: a uniform mixture of {@code linear-1d}, {@code quadratic-1d},
     * {@code blobs}, {@code xor} and {@code varied-mlp}. {@code spirals} and {@code mnist-subset} are left out on
     * purpose: held-out evaluation uses them as families meta-training never saw.
     */
    public static TaskDistribution defaultMetaTraining() {
        return mixture(BuiltinTasks.linear1d(), BuiltinTasks.quadratic1d(), BuiltinTasks.blobs(), BuiltinTasks.xor(),
                BuiltinTasks.variedMlp());
    }

    /** Families that {@link #defaultMetaTraining()} leaves out. */
    public static List<String> heldOutFamilies() {
        return List.of(BuiltinTasks.SPIRALS, MnistSubsetFamily.NAME);
    }

    /**
     * A uniform mixture: the seed picks a component, and the component samples with a seed derived from it.
     */
    public static TaskDistribution mixture(TaskDistribution... components) {
        return mixture(List.of(components));
    }

    public static TaskDistribution mixture(List<TaskDistribution> components) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a mixture needs at least one component");
        }
        List<TaskDistribution> parts = List.copyOf(components);
        if (parts.size() == 1) {
            return parts.get(0);
        }
        String name = "mixture(" + String.join(",", parts.stream().map(TaskDistribution::name).toList()) + ")";
        List<String> families = new ArrayList<>();
        for (TaskDistribution p : parts) {
            for (String f : p.families()) {
                if (!families.contains(f)) {
                    families.add(f);
                }
            }
        }
        return new Mixture(name, parts, List.copyOf(families));
    }

    private record Mixture(String name, List<TaskDistribution> parts, List<String> families)
            implements TaskDistribution {
        @Override public Task sample(long seed) {
            int k = (int) Long.remainderUnsigned(Seeds.mix(seed, 0x313), parts.size());
            return parts.get(k).sample(Seeds.mix(seed, 0x314));
        }
        @Override public String toString() { return name; }
    }

    /**
     * The distribution the bundled controller is meta-trained on: the realistic families ({@code teacher-mlp} and
     * {@code image-mlp} twice as often as the others, {@code conv-prototypes}) and the small synthetic ones ({@code blobs}, {@code xor}, {@code spirals},
     * {@code varied-mlp}), with random changes of units ({@link #augmented}). It uses no MNIST-derived or other
     * real data.
     */
    public static TaskDistribution realistic() {
        return augmented(mixture(RealisticTasks.teacherMlp(), RealisticTasks.convPrototypes(),
                RealisticTasks.imageMlp(), RealisticTasks.teacherMlp(), RealisticTasks.imageMlp(),
                BuiltinTasks.blobs(), BuiltinTasks.xor(), BuiltinTasks.spirals(), BuiltinTasks.variedMlp()), 1.0, 1.0);
    }

    /**
     * Each task with its inputs scaled by 10^U(-r, r) and regression targets by 10^U(-t, t) (see
     * {@link AugmentedTask}); half the tasks stay unscaled.
     *
     * @param inputDecades  r, in powers of ten
     * @param targetDecades t, in powers of ten
     */
    public static TaskDistribution augmented(TaskDistribution base, double inputDecades, double targetDecades) {
        return new Augmented(base, inputDecades, targetDecades);
    }

    private record Augmented(TaskDistribution base, double inputDecades, double targetDecades)
            implements TaskDistribution {
        @Override public String name() {
            return "augmented(" + base.name() + ", inputs 1e+-" + inputDecades + ", targets 1e+-" + targetDecades + ")";
        }
        @Override public List<String> families() { return base.families(); }
        @Override public Task sample(long seed) {
            Task t = base.sample(seed);
            java.util.SplittableRandom r = new java.util.SplittableRandom(Seeds.mix(seed, 0xA6));
            if (r.nextBoolean()) {
                return t;
            }
            double in = Math.pow(10, inputDecades * (2 * r.nextDouble() - 1));
            double out = Math.pow(10, targetDecades * (2 * r.nextDouble() - 1));
            return new AugmentedTask(t, in, out);
        }
        @Override public String toString() { return name(); }
    }

    /**
     * Parses a comma-separated list of built-in family names ({@code "default"} for {@link #defaultMetaTraining()})
     * into a mixture; {@code mnist-subset} is dropped (with a log line) when its files are missing.
     */
    public static TaskDistribution parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("default")) {
            return defaultMetaTraining();
        }
        if (s.equals("realistic")) {
            return realistic();
        }
        List<TaskDistribution> parts = new ArrayList<>();
        for (String n : s.split(",")) {
            if (n.isBlank()) {
                continue;
            }
            if (n.trim().equals(MnistSubsetFamily.NAME) && !MnistSubsetFamily.available()) {
                continue;
            }
            parts.add(BuiltinTasks.byName(n));
        }
        return mixture(parts);
    }
}
