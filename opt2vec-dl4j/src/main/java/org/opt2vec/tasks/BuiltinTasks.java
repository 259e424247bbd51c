package org.opt2vec.tasks;

import org.nd4j.linalg.activations.Activation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * The built-in task families. Each is a {@link TaskDistribution}: {@code sample(seed)} draws the family's random
 * choices (target function, class layout, and for some families the network and batch size) from the seed.
 *
 * <ul>
 *   <li>{@code linear-1d}: y = a x + b + noise, a 1-8-8-1 ReLU MLP (the original project's task);</li>
 *   <li>{@code quadratic-1d}: y = a x^2 + b x + c + noise, the same MLP;</li>
 *   <li>{@code blobs}: 2-D Gaussian blobs, 2-5 classes, a 2-16-k ReLU MLP;</li>
 *   <li>{@code xor}: the XOR quadrants with 5 % label noise, a 2-16-16-2 tanh MLP;</li>
 *   <li>{@code spirals}: 2 or 3 interleaved spirals, a 2-32-32-k tanh MLP;</li>
 *   <li>{@code varied-mlp}: teacher-student regression or d-dimensional blobs, with random width (8-64), depth (1-3),
 *       activation (ReLU, tanh, sigmoid, ELU, leaky ReLU), initialization scale (0.5-2) and batch size (8-64);</li>
 *   <li>{@code mnist-subset}: see {@link MnistSubsetFamily} (needs the MNIST IDX files).</li>
 * </ul>
 */
public final class BuiltinTasks {
    public static final String LINEAR_1D = "linear-1d";
    public static final String QUADRATIC_1D = "quadratic-1d";
    public static final String BLOBS = "blobs";
    public static final String XOR = "xor";
    public static final String SPIRALS = "spirals";
    public static final String VARIED_MLP = "varied-mlp";

    private BuiltinTasks() {
    }

    /** All synthetic families (no external data), in a fixed order. */
    public static List<TaskDistribution> synthetic() {
        return List.of(linear1d(), quadratic1d(), blobs(), xor(), spirals(), variedMlp());
    }

    /**
     * A built-in family by name: one of {@link #synthetic()}'s names, or {@code mnist-subset}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static TaskDistribution byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (TaskDistribution d : synthetic()) {
            if (d.name().equals(n)) {
                return d;
            }
        }
        if (n.equals(MnistSubsetFamily.NAME)) {
            return new MnistSubsetFamily();
        }
        if (n.equals(RealisticTasks.TEACHER_MLP)) {
            return RealisticTasks.teacherMlp();
        }
        if (n.equals(RealisticTasks.CONV_PROTOTYPES)) {
            return RealisticTasks.convPrototypes();
        }
        if (n.equals(RealisticTasks.IMAGE_MLP)) {
            return RealisticTasks.imageMlp();
        }
        List<String> known = new ArrayList<>();
        synthetic().forEach(d -> known.add(d.name()));
        known.add(MnistSubsetFamily.NAME);
        known.add(RealisticTasks.TEACHER_MLP);
        known.add(RealisticTasks.CONV_PROTOTYPES);
        known.add(RealisticTasks.IMAGE_MLP);
        throw new IllegalArgumentException("unknown task family '" + name + "'; known: " + known);
    }

    /** Makes a family's task from a seed; serializable, so that a family can travel to other machines. */
    interface TaskFactory extends LongFunction<Task>, java.io.Serializable {
    }

    static TaskDistribution family(String name, TaskFactory factory) {
        return new Family(name, factory);
    }

    private record Family(String name, TaskFactory factory) implements TaskDistribution {
        @Override public Task sample(long seed) { return factory.apply(seed); }
        @Override public String toString() { return name; }
    }

    private static final NetSpec TINY_REGRESSOR = new NetSpec(1, new int[]{8, 8}, Activation.RELU, 1, false, 1.0);

    public static TaskDistribution linear1d() {
        return family(LINEAR_1D, seed -> {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 1));
            double a = uniform(r, -3, 3);
            double b = uniform(r, -1, 1);
            return regression1d(LINEAR_1D, seed, r, x -> a * x + b);
        });
    }

    public static TaskDistribution quadratic1d() {
        return family(QUADRATIC_1D, seed -> {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 2));
            double a = uniform(r, -3, 3);
            double b = uniform(r, -1, 1);
            double c = uniform(r, -1, 1);
            return regression1d(QUADRATIC_1D, seed, r, x -> a * x * x + b * x + c);
        });
    }

    private static Task regression1d(String family, long seed, SplittableRandom r,
                                     java.util.function.DoubleUnaryOperator f) {
        int n = 128;
        int nh = 64;
        float[][] x = new float[n + nh][1];
        float[][] y = new float[n + nh][1];
        for (int i = 0; i < n + nh; i++) {
            double xi = uniform(r, -1, 1);
            x[i][0] = (float) xi;
            y[i][0] = (float) (f.applyAsDouble(xi) + 0.1 * r.nextGaussian());
        }
        return split(family, seed, TINY_REGRESSOR, x, y, n, 32);
    }

    public static TaskDistribution blobs() {
        return family(BLOBS, seed -> {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 3));
            int k = 2 + r.nextInt(4);
            float[][][] xy = blobData(r, 2, k, 384, 2.5);
            return split(BLOBS, seed, new NetSpec(2, new int[]{16}, Activation.RELU, k, true, 1.0), xy[0], xy[1], 256, 32);
        });
    }

    public static TaskDistribution xor() {
        return family(XOR, seed -> {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 4));
            int n = 384;
            float[][] x = new float[n][2];
            float[][] y = new float[n][2];
            for (int i = 0; i < n; i++) {
                double a = uniform(r, -1, 1);
                double b = uniform(r, -1, 1);
                int label = a * b > 0 ? 1 : 0;
                if (r.nextDouble() < 0.05) {
                    label = 1 - label;
                }
                x[i][0] = (float) a;
                x[i][1] = (float) b;
                y[i][label] = 1;
            }
            return split(XOR, seed, new NetSpec(2, new int[]{16, 16}, Activation.TANH, 2, true, 1.0), x, y, 256, 32);
        });
    }

    public static TaskDistribution spirals() {
        return family(SPIRALS, seed -> {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 5));
            int k = 2 + r.nextInt(2);
            int n = 480;
            double turns = uniform(r, 0.75, 1.5);
            float[][] x = new float[n][2];
            float[][] y = new float[n][k];
            for (int i = 0; i < n; i++) {
                int c = r.nextInt(k);
                double t = r.nextDouble();
                double angle = 2 * Math.PI * (turns * t + (double) c / k);
                double radius = 0.1 + t;
                x[i][0] = (float) (radius * Math.cos(angle) + 0.05 * r.nextGaussian());
                x[i][1] = (float) (radius * Math.sin(angle) + 0.05 * r.nextGaussian());
                y[i][c] = 1;
            }
            return split(SPIRALS, seed, new NetSpec(2, new int[]{32, 32}, Activation.TANH, k, true, 1.0), x, y, 320, 32);
        });
    }

    private static final Activation[] VARIED_ACTIVATIONS = {
            Activation.RELU, Activation.TANH, Activation.SIGMOID, Activation.ELU, Activation.LEAKYRELU};
    private static final int[] VARIED_WIDTHS = {8, 16, 32, 64};
    private static final int[] VARIED_BATCHES = {8, 16, 32, 64};
    private static final int[] VARIED_DIMS = {2, 4, 8, 16};

    public static TaskDistribution variedMlp() {
        return family(VARIED_MLP, seed -> {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 6));
            int d = VARIED_DIMS[r.nextInt(VARIED_DIMS.length)];
            int depth = 1 + r.nextInt(3);
            int[] hidden = new int[depth];
            for (int i = 0; i < depth; i++) {
                hidden[i] = VARIED_WIDTHS[r.nextInt(VARIED_WIDTHS.length)];
            }
            Activation act = VARIED_ACTIVATIONS[r.nextInt(VARIED_ACTIVATIONS.length)];
            double gain = Math.exp(uniform(r, Math.log(0.5), Math.log(2.0)));
            int batch = VARIED_BATCHES[r.nextInt(VARIED_BATCHES.length)];
            int n = 512;
            int nh = 256;
            if (r.nextBoolean()) {
                int k = 2 + r.nextInt(4);
                float[][][] xy = blobData(r, d, k, n + nh, 1.5);
                return split(VARIED_MLP, seed, new NetSpec(d, hidden, act, k, true, gain), xy[0], xy[1], n, batch);
            }
            int out = 1 + r.nextInt(3);
            int th = 16;
            double[][] w1 = gaussianMatrix(r, d, th, 1.5 / Math.sqrt(d));
            double[][] w2 = gaussianMatrix(r, th, out, 1.0 / Math.sqrt(th));
            float[][] x = new float[n + nh][d];
            float[][] y = new float[n + nh][out];
            for (int i = 0; i < n + nh; i++) {
                double[] h = new double[th];
                for (int a = 0; a < d; a++) {
                    x[i][a] = (float) r.nextGaussian();
                }
                for (int j = 0; j < th; j++) {
                    double s = 0;
                    for (int a = 0; a < d; a++) {
                        s += w1[a][j] * x[i][a];
                    }
                    h[j] = Math.tanh(s);
                }
                for (int o = 0; o < out; o++) {
                    double s = 0;
                    for (int j = 0; j < th; j++) {
                        s += w2[j][o] * h[j];
                    }
                    y[i][o] = (float) (s + 0.05 * r.nextGaussian());
                }
            }
            return split(VARIED_MLP, seed, new NetSpec(d, hidden, act, out, false, gain), x, y, n, batch);
        });
    }

    /** Gaussian blobs: k centers ~ N(0, spread^2) in d dimensions, unit-variance points, one-hot labels. */
    static float[][][] blobData(SplittableRandom r, int d, int k, int n, double spread) {
        double[][] centers = gaussianMatrix(r, k, d, spread);
        float[][] x = new float[n][d];
        float[][] y = new float[n][k];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(k);
            for (int a = 0; a < d; a++) {
                x[i][a] = (float) (centers[c][a] + r.nextGaussian());
            }
            y[i][c] = 1;
        }
        return new float[][][]{x, y};
    }

    private static double[][] gaussianMatrix(SplittableRandom r, int rows, int cols, double std) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = std * r.nextGaussian();
            }
        }
        return m;
    }

    /** The first {@code nTrain} rows train, the rest are held out. */
    static ArrayTask split(String family, long seed, NetworkFactory net, float[][] x, float[][] y, int nTrain, int batch) {
        return new ArrayTask(family, seed, net,
                java.util.Arrays.copyOfRange(x, 0, nTrain), java.util.Arrays.copyOfRange(y, 0, nTrain),
                java.util.Arrays.copyOfRange(x, nTrain, x.length), java.util.Arrays.copyOfRange(y, nTrain, y.length),
                batch);
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
