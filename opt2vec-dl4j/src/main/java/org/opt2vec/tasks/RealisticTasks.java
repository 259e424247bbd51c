package org.opt2vec.tasks;

import org.nd4j.linalg.activations.Activation;

import java.util.SplittableRandom;

import static org.opt2vec.tasks.BuiltinTasks.family;
import static org.opt2vec.tasks.BuiltinTasks.split;
import static org.opt2vec.tasks.BuiltinTasks.uniform;

/**
 * Meta-training families closer to what users train than the tiny built-ins, from synthetic data only (no image or
 * tabular data set is used, so that evaluation on MNIST-derived and other real data stays out of distribution):
 *
 * <ul>
 *   <li>{@code teacher-mlp}: a random teacher network labels Gaussian inputs (classification with label noise, or
 *       noisy regression); the student is an MLP of random width (32–128), depth (1–3) and activation, trained on
 *       1–4 k rows of 8–256 inputs in minibatches of 16–128;</li>
 *   <li>{@code conv-prototypes}: 12×12 images of 3–8 classes, each a random smooth prototype, seen shifted by up to
 *       two pixels, with random contrast and pixel noise; a small CNN (one or two 3×3 convolutions with pooling,
 *       a dense layer);</li>
 *   <li>{@code image-mlp}: the same kind of images, 16×16 to 24×24 pixels, 5–10 classes, 4 k images, flattened into
 *       an MLP of one or two hidden layers of 64–256 units: many correlated inputs, as in image classification
 *       with dense networks, where a large step hurts.</li>
 * </ul>
 */
public final class RealisticTasks {
    public static final String TEACHER_MLP = "teacher-mlp";
    public static final String CONV_PROTOTYPES = "conv-prototypes";
    public static final String IMAGE_MLP = "image-mlp";

    private static final Activation[] ACTIVATIONS = {Activation.RELU, Activation.TANH, Activation.ELU,
            Activation.LEAKYRELU, Activation.SWISH};
    private static final int[] WIDTHS = {32, 64, 128};
    private static final int[] BATCHES = {16, 32, 64, 128};
    private static final int[] DIMS = {8, 16, 32, 64, 128, 256};
    private static final int[] ROWS = {1024, 2048, 4096};
    private static final int IMAGE = 12;

    private RealisticTasks() {
    }

    public static TaskDistribution teacherMlp() {
        return family(TEACHER_MLP, seed -> {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 21));
            int d = DIMS[r.nextInt(DIMS.length)];
            int depth = 1 + r.nextInt(3);
            int[] hidden = new int[depth];
            for (int i = 0; i < depth; i++) {
                hidden[i] = WIDTHS[r.nextInt(WIDTHS.length)];
            }
            Activation act = ACTIVATIONS[r.nextInt(ACTIVATIONS.length)];
            double gain = Math.exp(uniform(r, Math.log(0.5), Math.log(2.0)));
            int batch = BATCHES[r.nextInt(BATCHES.length)];
            int n = ROWS[r.nextInt(ROWS.length)];
            int nh = 512;
            boolean classify = r.nextInt(3) > 0;
            int out = classify ? 2 + r.nextInt(9) : 1 + r.nextInt(4);
            float[][][] xy = teacherData(r, d, out, n + nh, classify, classify ? uniform(r, 0, 0.15) : 0.1);
            return split(TEACHER_MLP, seed, new NetSpec(d, hidden, act, out, classify, gain), xy[0], xy[1], n, batch);
        });
    }

    /** Gaussian inputs labelled by a random two-layer tanh teacher: argmax with label noise, or noisy outputs. */
    private static float[][][] teacherData(SplittableRandom r, int d, int out, int n, boolean classify,
                                           double noise) {
        int th = 32;
        double[][] w1 = gaussian(r, d, th, 2.0 / Math.sqrt(d));
        double[][] w2 = gaussian(r, th, out, 2.0 / Math.sqrt(th));
        float[][] x = new float[n][d];
        float[][] y = new float[n][out];
        double[] h = new double[th];
        double[] o = new double[out];
        for (int i = 0; i < n; i++) {
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
            int best = 0;
            for (int k = 0; k < out; k++) {
                double s = 0;
                for (int j = 0; j < th; j++) {
                    s += w2[j][k] * h[j];
                }
                o[k] = s;
                best = s > o[best] ? k : best;
            }
            if (classify) {
                int label = r.nextDouble() < noise ? r.nextInt(out) : best;
                y[i][label] = 1;
            } else {
                for (int k = 0; k < out; k++) {
                    y[i][k] = (float) (o[k] + noise * r.nextGaussian());
                }
            }
        }
        return new float[][][]{x, y};
    }

    public static TaskDistribution convPrototypes() {
        return family(CONV_PROTOTYPES, seed -> {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 22));
            int k = 3 + r.nextInt(6);
            int convs = 1 + r.nextInt(2);
            int[] channels = new int[convs];
            for (int i = 0; i < convs; i++) {
                channels[i] = 4 << r.nextInt(3);   // 4, 8 or 16 filters
            }
            int dense = 16 << r.nextInt(2);
            double gain = Math.exp(uniform(r, Math.log(0.5), Math.log(2.0)));
            int batch = BATCHES[r.nextInt(3)];
            int n = 2048;
            int nh = 512;
            double noise = uniform(r, 0.2, 0.8);
            double[][][] prototypes = new double[k][][];
            for (int c = 0; c < k; c++) {
                prototypes[c] = smoothField(r, IMAGE + 4, 3 + r.nextInt(4));
            }
            float[][] x = new float[n + nh][IMAGE * IMAGE];
            float[][] y = new float[n + nh][k];
            for (int i = 0; i < n + nh; i++) {
                int c = r.nextInt(k);
                int dy = r.nextInt(5);
                int dx = r.nextInt(5);
                double contrast = uniform(r, 0.6, 1.4);
                for (int row = 0; row < IMAGE; row++) {
                    for (int col = 0; col < IMAGE; col++) {
                        x[i][row * IMAGE + col] = (float) (contrast * prototypes[c][row + dy][col + dx]
                                + noise * r.nextGaussian());
                    }
                }
                y[i][c] = 1;
            }
            ConvNetSpec net = new ConvNetSpec(IMAGE, IMAGE, channels, true, dense, k, gain);
            return split(CONV_PROTOTYPES, seed, net, x, y, n, batch);
        });
    }

    public static TaskDistribution imageMlp() {
        return family(IMAGE_MLP, seed -> {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 23));
            int size = 16 + 4 * r.nextInt(3);
            int k = 5 + r.nextInt(6);
            int depth = 1 + r.nextInt(2);
            int[] hidden = new int[depth];
            for (int i = 0; i < depth; i++) {
                hidden[i] = 64 << r.nextInt(3);
            }
            Activation act = r.nextBoolean() ? Activation.RELU : ACTIVATIONS[r.nextInt(ACTIVATIONS.length)];
            double gain = Math.exp(uniform(r, Math.log(0.5), Math.log(2.0)));
            int batch = BATCHES[1 + r.nextInt(3)];
            float[][][] xy = prototypeImages(r, size, k, 4096 + 1024, uniform(r, 0.3, 1.0));
            return split(IMAGE_MLP, seed, new NetSpec(size * size, hidden, act, k, true, gain), xy[0], xy[1], 4096,
                    batch);
        });
    }

    /**
     * n images of size×size pixels in [0, 1]-ish: one smooth prototype per class, shifted by up to two pixels, with
     * random contrast, clipped at 0 (sparse, like strokes on a blank background), plus pixel noise.
     */
    private static float[][][] prototypeImages(SplittableRandom r, int size, int k, int n, double noise) {
        double[][][] prototypes = new double[k][][];
        for (int c = 0; c < k; c++) {
            prototypes[c] = smoothField(r, size + 4, 4 + r.nextInt(5));
        }
        float[][] x = new float[n][size * size];
        float[][] y = new float[n][k];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(k);
            int dy = r.nextInt(5);
            int dx = r.nextInt(5);
            double contrast = uniform(r, 0.6, 1.4);
            for (int row = 0; row < size; row++) {
                for (int col = 0; col < size; col++) {
                    double v = Math.max(0, contrast * prototypes[c][row + dy][col + dx] + noise * r.nextGaussian());
                    x[i][row * size + col] = (float) Math.min(1.0, v);
                }
            }
            y[i][c] = 1;
        }
        return new float[][][]{x, y};
    }

    /** A size×size field: a sum of {@code bumps} Gaussian bumps of random sign, width and position, scaled to max 1. */
    private static double[][] smoothField(SplittableRandom r, int size, int bumps) {
        double[][] f = new double[size][size];
        double max = 1e-9;
        for (int b = 0; b < bumps; b++) {
            double cy = uniform(r, 0, size);
            double cx = uniform(r, 0, size);
            double s2 = 2 * Math.pow(uniform(r, 1.0, 3.0), 2);
            double amp = r.nextBoolean() ? 1 : -1;
            for (int row = 0; row < size; row++) {
                for (int col = 0; col < size; col++) {
                    f[row][col] += amp * Math.exp(-((row - cy) * (row - cy) + (col - cx) * (col - cx)) / s2);
                }
            }
        }
        for (double[] row : f) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        for (double[] row : f) {
            for (int col = 0; col < size; col++) {
                row[col] /= max;
            }
        }
        return f;
    }

    private static double[][] gaussian(SplittableRandom r, int rows, int cols, double std) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = std * r.nextGaussian();
            }
        }
        return m;
    }
}
