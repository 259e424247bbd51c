package org.opt2vec.cli.data;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.function.LongFunction;

/**
 * A classification data set for the CLI: iterators over training and test data, fresh per run so every
 * optimizer sees the same minibatch order for a given seed.
 *
 * @param name        for reports
 * @param numInputs   features per example
 * @param numClasses  number of classes
 * @param imageShape  {height, width, channels} when the features are a flattened image (TinyCNN needs one), else null
 * @param trainSize   training examples
 * @param testSize    test examples
 * @param train       seed → a training iterator shuffled with that seed
 * @param test        a test iterator
 */
public record Data(String name, int numInputs, int numClasses, int[] imageShape, int trainSize, int testSize,
                   LongFunction<DataSetIterator> train, java.util.function.Supplier<DataSetIterator> test) {
}
