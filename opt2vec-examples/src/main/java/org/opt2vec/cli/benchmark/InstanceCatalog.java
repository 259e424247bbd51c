package org.opt2vec.cli.benchmark;

import org.opt2vec.cli.benchmark.data.Examples;
import org.opt2vec.cli.benchmark.data.FloatTable;
import org.opt2vec.cli.benchmark.data.MnistStore;
import org.opt2vec.cli.benchmark.data.MnistView;
import org.opt2vec.cli.benchmark.data.PixelTransform;
import org.opt2vec.cli.benchmark.data.SequenceData;
import org.opt2vec.cli.benchmark.data.TabularCsv;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.Seeds;
import org.opt2vec.meta.BundledWeightsRecipe;

import java.util.List;

/**
 * The benchmark instances and the three suites built from them. Every instance uses MNIST, data derived from MNIST,
 * or data generated from a seed; nothing else is read or downloaded.
 *
 * <p>Whether an instance is "in meta-training" is decided by the family list of
 * {@link BundledWeightsRecipe#tasks()}, the distribution the bundled controller was meta-trained on (synthetic
 * teacher networks, image-like prototypes, blobs, xor, spirals, varied-mlp). MNIST in any form, sequences and
 * tabular data are not in it; nor are {@code linear-1d} and {@code quadratic-1d}.
 */
public final class InstanceCatalog {
    public static final String MNIST = "mnist";
    public static final String SEQUENCES = "synthetic-sequences";
    public static final String TABULAR = "synthetic-tabular";

    private static final long MNIST_PERMUTATION_SEED = 20240611L;
    private static final long SEQUENCE_DATA_SEED = 7001L;
    private static final long TABULAR_DATA_SEED = 9001L;

    private InstanceCatalog() {
    }

    /** The full suite: 15 instances, 12 of them from families the bundled controller never saw. */
    public static List<Instance> full() {
        return List.of(
                mnistTinyCnn(0, 0, 2),
                mnistMlp(0, 0, 1, 0),
                mnistPermuted(0, 0, 1),
                mnistDigits("mnist-digits-0to4", new int[]{0, 1, 2, 3, 4}, 0, 0, 1),
                mnistDigits("mnist-4vs9", new int[]{4, 9}, 0, 0, 2),
                mnistDownsampled(0, 0, 1),
                mnistBnCnn(20_000, 0, 1),
                lstmAdding(4000, 1000, 20, 600),
                lstmFrequency(4000, 1000, 24, 500),
                longTask(BuiltinTasks.VARIED_MLP, TaskWorkload.Kind.REGRESSION, 1500),
                longTask(BuiltinTasks.XOR, TaskWorkload.Kind.ANY, 1500),
                longTask(BuiltinTasks.QUADRATIC_1D, TaskWorkload.Kind.ANY, 1000),
                longTask(BuiltinTasks.SPIRALS, TaskWorkload.Kind.ANY, 1500),
                tabular(true, 4000, 750),
                tabular(false, 4000, 750));
    }

    /** A representative subset at smaller budgets, for design iteration. */
    public static List<Instance> dev() {
        return List.of(
                mnistTinyCnn(10_000, 0, 1),
                mnistPermuted(10_000, 0, 1),
                mnistBnCnn(5_000, 2_000, 1),
                lstmAdding(2000, 500, 15, 200),
                longTask(BuiltinTasks.VARIED_MLP, TaskWorkload.Kind.REGRESSION, 1000),
                longTask(BuiltinTasks.XOR, TaskWorkload.Kind.ANY, 1000),
                longTask(BuiltinTasks.SPIRALS, TaskWorkload.Kind.ANY, 1000),
                tabular(true, 2000, 300));
    }

    /** Tiny budgets: one MNIST-derived, one LSTM, one CSV and one synthetic instance. */
    public static List<Instance> ci() {
        return List.of(
                mnistMlp(2_000, 500, 0, 25),
                lstmAdding(256, 128, 10, 20),
                tabular(true, 600, 25),
                longTask(BuiltinTasks.XOR, TaskWorkload.Kind.ANY, 60));
    }

    // ---- MNIST and MNIST-derived ----

    private static String sizeNote(String what, int trainLimit, int testLimit) {
        StringBuilder s = new StringBuilder();
        if (trainLimit > 0) {
            s.append(what).append(": a fixed random subset of ").append(trainLimit).append(" training images");
        }
        if (testLimit > 0) {
            s.append(s.length() > 0 ? ", " : "").append(testLimit).append(" test images");
        }
        return s.toString();
    }

    /** MNIST instances share this builder: view → workload with {epochs} passes (or fixed steps). */
    private record MnistSpec(String name, int[] digits, PixelTransform transform, int trainLimit, int testLimit,
                             int epochs, long steps, int batch, ExamplesWorkload.NetworkFactory net) {
        Workload prepare(BenchContext ctx) {
            MnistStore store = ctx.mnist();
            long salt = Seeds.of(name);
            Examples train = MnistView.of(store, true, digits, trainLimit, Seeds.mix(salt, 1), transform);
            Examples test = MnistView.of(store, false, digits, testLimit, Seeds.mix(salt, 2), transform);
            long n = steps > 0 ? steps : ExamplesWorkload.epochSteps(train, batch, epochs);
            return new ExamplesWorkload(train, test, new long[]{transform.size()}, batch, n, net, salt);
        }
    }

    private static Instance mnist(String name, String network, String data, int[] digits, PixelTransform transform,
                                  int trainLimit, int testLimit, int epochs, long steps, int batch, String extraNote,
                                  ExamplesWorkload.NetworkFactory net) {
        MnistSpec spec = new MnistSpec(name, digits, transform, trainLimit, testLimit, epochs, steps, batch, net);
        String note = join(sizeNote("training set", trainLimit, testLimit), extraNote);
        String budget = steps > 0 ? steps + " steps" : epochs + (epochs == 1 ? " epoch" : " epochs");
        return new Instance(name, MNIST, false, Metric.ACCURACY, network, data, budget, batch, note, spec::prepare);
    }

    static Instance mnistTinyCnn(int trainLimit, int testLimit, int epochs) {
        return mnist("mnist-tinycnn", "TinyCNN (conv 8@5×5/2 → conv 16@3×3/2 → dense 32 → dropout 0.2 → softmax), "
                        + "the `opt2vec mnist` network", "MNIST" + (trainLimit > 0 ? "" : " 60k/10k"), null,
                PixelTransform.IDENTITY, trainLimit, testLimit, epochs, 0, 64, "",
                (u, s) -> BenchNetworks.tinyCnn(u, s, 10));
    }

    static Instance mnistMlp(int trainLimit, int testLimit, int epochs, long steps) {
        int[] h = {128};
        return mnist("mnist-mlp", BenchNetworks.mlpName(784, h, 10), "MNIST" + (trainLimit > 0 ? "" : " 60k/10k"), null,
                PixelTransform.IDENTITY, trainLimit, testLimit, epochs, steps, 64, "",
                (u, s) -> BenchNetworks.mlp(u, s, 784, h, 10, true));
    }

    static Instance mnistPermuted(int trainLimit, int testLimit, int epochs) {
        int[] h = {128};
        PixelTransform t = PixelTransform.permuted(MNIST_PERMUTATION_SEED);
        return mnist("mnist-permuted", BenchNetworks.mlpName(784, h, 10), "MNIST, " + t.describe(), null, t,
                trainLimit, testLimit, epochs, 0, 64, "",
                (u, s) -> BenchNetworks.mlp(u, s, 784, h, 10, true));
    }

    static Instance mnistDigits(String name, int[] digits, int trainLimit, int testLimit, int epochs) {
        int[] h = {128};
        StringBuilder d = new StringBuilder("MNIST digits ");
        for (int i = 0; i < digits.length; i++) {
            d.append(i == 0 ? "" : digits.length == 2 ? " vs " : ",").append(digits[i]);
        }
        d.append(" only (").append(digits.length).append(" classes)");
        return mnist(name, BenchNetworks.mlpName(784, h, digits.length), d.toString(), digits, PixelTransform.IDENTITY,
                trainLimit, testLimit, epochs, 0, 64, "",
                (u, s) -> BenchNetworks.mlp(u, s, 784, h, digits.length, true));
    }

    static Instance mnistDownsampled(int trainLimit, int testLimit, int epochs) {
        int[] h = {64};
        return mnist("mnist-downsampled", BenchNetworks.mlpName(196, h, 10),
                "MNIST " + PixelTransform.DOWNSAMPLE_2X2.describe(), null, PixelTransform.DOWNSAMPLE_2X2, trainLimit,
                testLimit, epochs, 0, 64, "", (u, s) -> BenchNetworks.mlp(u, s, 196, h, 10, true));
    }

    static Instance mnistBnCnn(int trainLimit, int testLimit, int epochs) {
        return mnist("mnist-bn-cnn", BenchNetworks.BN_CNN_NAME, "MNIST", null, PixelTransform.IDENTITY, trainLimit,
                testLimit, epochs, 0, 64, "", (u, s) -> BenchNetworks.bnCnn(u, s, 10));
    }

    // ---- sequences ----

    static Instance lstmAdding(int nTrain, int nTest, int timeSteps, int steps) {
        int batch = 32;
        int hidden = 32;
        String name = "lstm-adding";
        return new Instance(name, SEQUENCES, false, Metric.HELD_OUT_LOSS,
                "LSTM(2 → " + hidden + ", tanh) → last time step → linear output, MSE",
                "adding problem, " + timeSteps + " time steps, " + nTrain + " training / " + nTest
                        + " held-out sequences generated from seed " + SEQUENCE_DATA_SEED
                        + " (predicting the mean gives MSE ≈ 0.167)",
                steps + " steps", batch, "",
                ctx -> {
                    FloatTable all = SequenceData.adding(nTrain + nTest, timeSteps, Seeds.mix(SEQUENCE_DATA_SEED, 1));
                    return new ExamplesWorkload(all.rows(0, nTrain), all.rows(nTrain, nTest), new long[]{2, timeSteps},
                            batch, steps, (u, s) -> BenchNetworks.lstm(u, s, 2, hidden, 1, false, timeSteps),
                            Seeds.of(name));
                });
    }

    static Instance lstmFrequency(int nTrain, int nTest, int timeSteps, int steps) {
        int batch = 32;
        int hidden = 32;
        int classes = 4;
        double noise = 1.0;
        String name = "lstm-frequency";
        return new Instance(name, SEQUENCES, false, Metric.ACCURACY,
                "LSTM(2 → " + hidden + ", tanh) → last time step → softmax " + classes,
                "noisy sines, " + timeSteps + " time steps: the class is the number of periods (1–" + classes
                        + "), random phase and amplitude, noise sd " + noise + ", plus a random-walk distractor channel; "
                        + nTrain + " training / " + nTest + " held-out sequences from seed " + SEQUENCE_DATA_SEED,
                steps + " steps", batch, "",
                ctx -> {
                    FloatTable all = SequenceData.noisyFrequency(nTrain + nTest, timeSteps, classes, noise,
                            Seeds.mix(SEQUENCE_DATA_SEED, 2));
                    return new ExamplesWorkload(all.rows(0, nTrain), all.rows(nTrain, nTest), new long[]{2, timeSteps},
                            batch, steps, (u, s) -> BenchNetworks.lstm(u, s, 2, hidden, classes, true, timeSteps),
                            Seeds.of(name));
                });
    }

    // ---- Opt2Vec's own synthetic families, long runs ----

    static Instance longTask(String familyName, TaskWorkload.Kind kind, int steps) {
        var family = BuiltinTasks.byName(familyName);
        boolean inMeta = BundledWeightsRecipe.tasks().families().contains(familyName);
        String name = familyName + "-long";
        boolean classification = switch (familyName) {
            case BuiltinTasks.XOR, BuiltinTasks.SPIRALS, BuiltinTasks.BLOBS -> true;
            case BuiltinTasks.LINEAR_1D, BuiltinTasks.QUADRATIC_1D -> false;
            default -> kind == TaskWorkload.Kind.CLASSIFICATION;
        };
        if (familyName.equals(BuiltinTasks.VARIED_MLP) && kind == TaskWorkload.Kind.ANY) {
            throw new IllegalArgumentException("varied-mlp mixes classification and regression: choose one kind");
        }
        String network = switch (familyName) {
            case BuiltinTasks.XOR -> "MLP 2-16-16-2 tanh";
            case BuiltinTasks.SPIRALS -> "MLP 2-32-32-k tanh";
            case BuiltinTasks.QUADRATIC_1D, BuiltinTasks.LINEAR_1D -> "MLP 1-8-8-1 ReLU";
            case BuiltinTasks.BLOBS -> "MLP 2-16-k ReLU";
            default -> "random per task: depth 1–3, width 8–64, ReLU/tanh/sigmoid/ELU/leaky ReLU, init gain 0.5–2";
        };
        String data = switch (familyName) {
            case BuiltinTasks.XOR -> "XOR quadrants, 5 % label noise, 256 training / 128 held-out points";
            case BuiltinTasks.SPIRALS -> "2 or 3 interleaved spirals, 320 training / 160 held-out points";
            case BuiltinTasks.QUADRATIC_1D -> "y = ax² + bx + c + noise, 128 training / 64 held-out points";
            case BuiltinTasks.VARIED_MLP -> "teacher-student regression (random tanh teacher), 2–16 inputs, "
                    + "512 training / 256 held-out points";
            default -> family.name();
        };
        String note = "each seed draws one task of the `" + familyName + "` family (`BuiltinTasks`), which fixes the "
                + "network, initialization and minibatch order; batch size "
                + (familyName.equals(BuiltinTasks.VARIED_MLP) ? "drawn per task (8–64)" : "32")
                + (inMeta ? "" : "; the family is deliberately left out of meta-training");
        long salt = Seeds.of(name);
        int batch = familyName.equals(BuiltinTasks.VARIED_MLP) ? Instance.BATCH_PER_TASK : 32;
        return new Instance(name, familyName, inMeta, classification ? Metric.ACCURACY : Metric.HELD_OUT_LOSS, network,
                data, steps + " steps", batch, note, ctx -> new TaskWorkload(family, kind, steps, salt));
    }

    // ---- tabular data through DataVec ----

    static Instance tabular(boolean classification, int rows, int steps) {
        int batch = 64;
        int[] h = {64, 64};
        int outputs = classification ? 3 : 1;
        String name = classification ? "tabular-csv-classification" : "tabular-csv-regression";
        String file = classification ? "tabular-classification.csv" : "tabular-regression.csv";
        int nTest = (int) Math.round(rows * 0.2);
        return new Instance(name, TABULAR, false, classification ? Metric.ACCURACY : Metric.HELD_OUT_LOSS,
                BenchNetworks.mlpName(TabularCsv.FEATURES, h, outputs) + (classification ? "" : ", MSE"),
                rows + " rows of synthetic tabular data (6 Gaussian columns on scales 0.01–1000, 5 of them in the rule, "
                        + "4 correlated, 6 noise, 2 categorical; a nonlinear rule" + (classification ? ", 3 classes by tertiles" : "")
                        + ") written to `" + file + "` and read back with DataVec's CSVRecordReader; features "
                        + "standardized (NormalizerStandardize on the training rows); " + (rows - nTest)
                        + " training / " + nTest + " held-out rows",
                steps + " steps", batch, "",
                ctx -> {
                    TabularCsv.Split split = TabularCsv.createAndLoad(ctx.outputDir().resolve(file), rows,
                            TABULAR_DATA_SEED, classification, 0.2);
                    return new ExamplesWorkload(split.train(), split.test(), new long[]{TabularCsv.FEATURES}, batch,
                            steps, (u, s) -> BenchNetworks.mlp(u, s, TabularCsv.FEATURES, h, outputs, classification),
                            Seeds.of(name));
                });
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + "; " + b;
    }
}
