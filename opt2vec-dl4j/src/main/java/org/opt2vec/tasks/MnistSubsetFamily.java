package org.opt2vec.tasks;

import org.nd4j.linalg.activations.Activation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Small image classification: a seeded subset of MNIST (1024 training images, 256 held-out test images, pixels
 * scaled to [0, 1]), a 784-h-10 ReLU MLP with h in {32, 64}, batch 32 or 64.
 *
 * <p>Reads the four IDX files ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, optionally gzipped) from the directory given by the
 * system property {@value #DIR_PROPERTY}, else the environment variable {@value #DIR_ENV}, else
 * DL4J's cache folders (see {@link #directory()}). Nothing is downloaded here. Use {@link #available()} before sampling.
 */
public final class MnistSubsetFamily implements TaskDistribution {
    public static final String NAME = "mnist-subset";
    public static final String DIR_PROPERTY = "opt2vec.mnist.dir";
    public static final String DIR_ENV = "OPT2VEC_MNIST_DIR";
    private static final Logger log = LoggerFactory.getLogger(MnistSubsetFamily.class);
    private static final String[] FILES = {
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private static volatile Data data;

    private record Data(byte[][] trainImages, byte[] trainLabels, byte[][] testImages, byte[] testLabels) {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The directory searched for the IDX files: the system property or environment variable if set, else the first
     * of {@code ~/.deeplearning4j/data/MNIST}, {@code ~/.deeplearning4j/MNIST}, {@code ~/.deeplearning4j} that holds
     * them (the first one if none does).
     */
    public static Path directory() {
        String p = System.getProperty(DIR_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(DIR_ENV);
        }
        if (p != null && !p.isBlank()) {
            return Paths.get(p);
        }
        Path home = Paths.get(System.getProperty("user.home"), ".deeplearning4j");
        List<Path> candidates = List.of(home.resolve("data").resolve("MNIST"), home.resolve("MNIST"), home);
        for (Path c : candidates) {
            if (java.util.Arrays.stream(FILES).allMatch(f -> locate(c, f).isPresent())) {
                return c;
            }
        }
        return candidates.get(0);
    }

    /** True when all four IDX files are present; otherwise logs which directory was searched. */
    public static boolean available() {
        Path dir = directory();
        for (String f : FILES) {
            if (locate(dir, f).isEmpty()) {
                log.info("MNIST IDX file {} not found in {} (set -D{} or {}); skipping the {} task family", f, dir,
                        DIR_PROPERTY, DIR_ENV, NAME);
                return false;
            }
        }
        return true;
    }

    private static Optional<Path> locate(Path dir, String name) {
        for (String n : new String[]{name, name + ".gz", name.replace("-idx", ".idx")}) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Data data() {
        Data d = data;
        if (d == null) {
            synchronized (MnistSubsetFamily.class) {
                d = data;
                if (d == null) {
                    Path dir = directory();
                    try {
                        d = new Data(readImages(file(dir, FILES[0])), readLabels(file(dir, FILES[1])),
                                readImages(file(dir, FILES[2])), readLabels(file(dir, FILES[3])));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read MNIST from " + dir + ": " + e.getMessage(), e);
                    }
                    data = d;
                }
            }
        }
        return d;
    }

    private static Path file(Path dir, String name) {
        return locate(dir, name).orElseThrow(() -> new IllegalStateException("MNIST file " + name + " not found in "
                + dir + "; set -D" + DIR_PROPERTY + " or " + DIR_ENV));
    }

    private static InputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return p.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : new java.io.BufferedInputStream(in, 1 << 16);
    }

    static byte[][] readImages(Path p) throws IOException {
        try (DataInputStream in = new DataInputStream(open(p))) {
            int magic = in.readInt();
            if (magic != 2051) {
                throw new IOException(p + ": not an IDX image file (magic " + magic + ")");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[][] images = new byte[n][rows * cols];
            for (int i = 0; i < n; i++) {
                in.readFully(images[i]);
            }
            return images;
        }
    }

    static byte[] readLabels(Path p) throws IOException {
        try (DataInputStream in = new DataInputStream(open(p))) {
            int magic = in.readInt();
            if (magic != 2049) {
                throw new IOException(p + ": not an IDX label file (magic " + magic + ")");
            }
            byte[] labels = new byte[in.readInt()];
            in.readFully(labels);
            return labels;
        }
    }

    @Override
    public Task sample(long seed) {
        Data d = data();
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 7));
        int n = 1024;
        int nh = 256;
        float[][] x = new float[n][];
        float[][] y = new float[n][10];
        for (int i = 0; i < n; i++) {
            int j = r.nextInt(d.trainImages.length);
            x[i] = pixels(d.trainImages[j]);
            y[i][d.trainLabels[j]] = 1;
        }
        float[][] hx = new float[nh][];
        float[][] hy = new float[nh][10];
        for (int i = 0; i < nh; i++) {
            int j = r.nextInt(d.testImages.length);
            hx[i] = pixels(d.testImages[j]);
            hy[i][d.testLabels[j]] = 1;
        }
        int hidden = r.nextBoolean() ? 32 : 64;
        int batch = r.nextBoolean() ? 32 : 64;
        return new ArrayTask(NAME, seed, new NetSpec(x[0].length, new int[]{hidden}, Activation.RELU, 10, true, 1.0),
                x, y, hx, hy, batch);
    }

    private static float[] pixels(byte[] image) {
        float[] p = new float[image.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (image[i] & 0xFF) / 255f;
        }
        return p;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
