package org.opt2vec.cli.benchmark.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Minibatches made on the fly from {@link Examples}: a fixed number of batches, epoch after epoch, each epoch in an
 * order drawn from the seed (or in index order for evaluation). The last batch of an epoch may be smaller. Only the
 * current batch exists as INDArrays, so a full-MNIST run never holds more than one minibatch besides the shared
 * byte store.
 *
 * <p>{@code stop} lets a training run end early (divergence): once it returns true, {@link #hasNext()} is false.
 * Not thread-safe (one iterator per run); no asynchronous prefetch, so the batch order is exactly the seeded one.
 */
public final class BatchIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final transient Examples examples;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final long totalBatches;
    private final long[] exampleShape;
    private final transient BooleanSupplier stop;

    private transient SplittableRandom rng;
    private int[] order;
    private int pos;
    private long emitted;

    /**
     * @param exampleShape shape of one example's features, e.g. {784} or {channels, timeSteps} (product =
     *                     featureCount)
     * @param totalBatches batches to deliver before {@link #hasNext()} turns false
     */
    public BatchIterator(Examples examples, int batchSize, long seed, boolean shuffle, long totalBatches,
                         long[] exampleShape, BooleanSupplier stop) {
        long product = 1;
        for (long d : exampleShape) {
            product *= d;
        }
        if (product != examples.featureCount()) {
            throw new IllegalArgumentException("example shape " + java.util.Arrays.toString(exampleShape) + " does not hold "
                    + examples.featureCount() + " features");
        }
        if (batchSize < 1 || examples.size() < 1) {
            throw new IllegalArgumentException("need a batch size >= 1 and at least one example");
        }
        this.examples = examples;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.totalBatches = totalBatches;
        this.exampleShape = exampleShape.clone();
        this.stop = stop == null ? () -> false : stop;
        reset();
    }

    /** One ordered pass over all examples (evaluation). */
    public static BatchIterator onePass(Examples examples, int batchSize, long[] exampleShape) {
        return new BatchIterator(examples, batchSize, 0, false, batchesPerEpoch(examples.size(), batchSize),
                exampleShape, null);
    }

    public static long batchesPerEpoch(int n, int batchSize) {
        return (n + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
        return emitted < totalBatches && !stop.getAsBoolean();
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int n = examples.size();
        if (pos >= n) {
            newEpoch();
        }
        int b = Math.min(batchSize, n - pos);
        int fc = examples.featureCount();
        int lc = examples.labelCount();
        float[] f = new float[b * fc];
        float[] l = new float[b * lc];
        for (int k = 0; k < b; k++) {
            int i = order[pos + k];
            examples.copyFeatures(i, f, k * fc);
            examples.copyLabels(i, l, k * lc);
        }
        pos += b;
        emitted++;
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = b;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return new DataSet(Nd4j.create(f, shape, 'c'), Nd4j.create(l, new long[]{b, lc}, 'c'));
    }

    private void newEpoch() {
        if (shuffle) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        pos = 0;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batches have a fixed size");
    }

    @Override public int inputColumns() { return examples.featureCount(); }
    @Override public int totalOutcomes() { return examples.labelCount(); }
    @Override public boolean resetSupported() { return true; }
    @Override public boolean asyncSupported() { return false; }

    /** Back to the first batch of the first epoch (same order again). */
    @Override
    public void reset() {
        rng = new SplittableRandom(seed);
        order = new int[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        pos = order.length;
        emitted = 0;
    }

    @Override public int batch() { return batchSize; }
    @Override public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("features are prepared by the Examples");
    }
    @Override public DataSetPreProcessor getPreProcessor() { return null; }
    @Override public List<String> getLabels() { return null; }
}
