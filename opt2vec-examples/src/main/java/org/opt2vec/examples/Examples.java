package org.opt2vec.examples;

import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.opt2vec.cli.data.MnistFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the examples share: their optional numeric arguments (a smaller budget for a quick try) and MNIST, read by
 * DL4J's {@link MnistDataSetIterator} from the files {@code scripts/fetch-mnist.sh} puts in DL4J's cache.
 */
final class Examples {
    private Examples() {
    }

    /** The {@code i}-th argument as an integer, or {@code otherwise} when there are fewer arguments. */
    static int intArg(String[] args, int i, int otherwise) {
        if (args.length <= i) {
            return otherwise;
        }
        try {
            return Integer.parseInt(args[i].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be a whole number, was '" + args[i] + "'");
        }
    }

    /** The first {@code images} MNIST training images, shuffled with {@code seed}, in minibatches. */
    static DataSetIterator mnistTrain(int batchSize, int images, long seed) {
        return mnist(batchSize, Math.min(images, 60_000), true, seed);
    }

    /** The first {@code images} MNIST test images, in minibatches. */
    static DataSetIterator mnistTest(int batchSize, int images) {
        return mnist(batchSize, Math.min(images, 10_000), false, 123);
    }

    private static DataSetIterator mnist(int batchSize, int images, boolean train, long seed) {
        Path dir = MnistFiles.defaultDir();
        List<String> problems = MnistFiles.problems(dir);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("MNIST is not ready in " + dir + " " + problems
                    + "; run scripts/fetch-mnist.sh first");
        }
        try {
            return new MnistDataSetIterator(batchSize, images, false, train, true, seed, dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
