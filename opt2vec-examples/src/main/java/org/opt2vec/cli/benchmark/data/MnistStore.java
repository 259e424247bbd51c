package org.opt2vec.cli.benchmark.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST's four IDX files read once into byte arrays (pixels 0..255, labels 0..9): 47 MB for the training images
 * instead of 188 MB as floats. Immutable and shared read-only by every run; {@link MnistView} turns it into
 * {@link Examples} (subsets, pixel permutations, downsampling) without copying images.
 */
public final class MnistStore {
    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int PIXELS = ROWS * COLS;

    private final byte[] trainImages;
    private final byte[] trainLabels;
    private final byte[] testImages;
    private final byte[] testLabels;

    private MnistStore(byte[] trainImages, byte[] trainLabels, byte[] testImages, byte[] testLabels) {
        this.trainImages = trainImages;
        this.trainLabels = trainLabels;
        this.testImages = testImages;
        this.testLabels = testLabels;
    }

    /** Reads {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-...} from {@code dir}. */
    public static MnistStore read(Path dir) {
        try {
            byte[] trI = images(dir.resolve("train-images-idx3-ubyte"));
            byte[] trL = labels(dir.resolve("train-labels-idx1-ubyte"));
            byte[] teI = images(dir.resolve("t10k-images-idx3-ubyte"));
            byte[] teL = labels(dir.resolve("t10k-labels-idx1-ubyte"));
            if (trI.length != trL.length * PIXELS || teI.length != teL.length * PIXELS) {
                throw new IOException("image and label counts differ in " + dir);
            }
            return new MnistStore(trI, trL, teI, teL);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MNIST from " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] images(Path p) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(p)))) {
            int magic = in.readInt();
            if (magic != 0x803) {
                throw new IOException(p + ": not an IDX image file (magic " + Integer.toHexString(magic) + ")");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (rows != ROWS || cols != COLS) {
                throw new IOException(p + ": images are " + rows + "x" + cols + ", expected 28x28");
            }
            return readFully(in, n * PIXELS, p);
        }
    }

    private static byte[] labels(Path p) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(p)))) {
            int magic = in.readInt();
            if (magic != 0x801) {
                throw new IOException(p + ": not an IDX label file (magic " + Integer.toHexString(magic) + ")");
            }
            return readFully(in, in.readInt(), p);
        }
    }

    private static byte[] readFully(InputStream in, int n, Path p) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException(p + ": truncated (" + b.length + " of " + n + " bytes)");
        }
        return b;
    }

    public int trainSize() { return trainLabels.length; }
    public int testSize() { return testLabels.length; }

    byte[] images(boolean train) { return train ? trainImages : testImages; }

    /** The label (0..9) of example {@code i}. */
    public int label(boolean train, int i) {
        return (train ? trainLabels : testLabels)[i];
    }
}
