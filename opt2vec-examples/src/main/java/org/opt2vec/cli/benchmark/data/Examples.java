package org.opt2vec.cli.benchmark.data;

/**
 * A read-only, indexable set of examples: each example is a flat block of features and a flat block of labels
 * (one-hot classes or regression targets). Minibatches are copied out of it on the fly by {@link BatchIterator}, so
 * a data set is held once, compactly, and never as a list of per-batch arrays. Implementations must be safe to
 * read from several threads at once.
 */
public interface Examples {
    /** Number of examples. */
    int size();

    /** Features per example (flattened; see {@link BatchIterator} for how they are shaped). */
    int featureCount();

    /** Label values per example: the number of classes (one-hot) or of regression outputs. */
    int labelCount();

    /** Writes example {@code i}'s features into {@code dst[off .. off + featureCount())}. */
    void copyFeatures(int i, float[] dst, int off);

    /** Writes example {@code i}'s labels into {@code dst[off .. off + labelCount())}. */
    void copyLabels(int i, float[] dst, int off);
}
