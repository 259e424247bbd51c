package org.opt2vec.meta;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;

/**
 * Feeds a fixed list of minibatches to {@code fit(DataSetIterator)} one by one, in order, on the calling thread
 * (no asynchronous prefetch, so runs are deterministic). One {@code fit} call over many minibatches costs far less
 * per step than one {@code fit(DataSet)} call per minibatch.
 */
final class BatchListIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;
    private final List<DataSet> batches;
    private int next;
    private DataSetPreProcessor preProcessor;

    BatchListIterator(List<DataSet> batches) {
        this.batches = batches;
    }

    @Override public boolean hasNext() { return next < batches.size(); }

    @Override
    public DataSet next() {
        DataSet d = batches.get(next++);
        if (preProcessor != null) {
            preProcessor.preProcess(d);
        }
        return d;
    }

    @Override public DataSet next(int num) { return next(); }
    @Override public int inputColumns() { return (int) batches.get(0).getFeatures().size(1); }
    @Override public int totalOutcomes() { return (int) batches.get(0).getLabels().size(1); }
    @Override public boolean resetSupported() { return true; }
    @Override public boolean asyncSupported() { return false; }
    @Override public void reset() { next = 0; }
    @Override public int batch() { return batches.isEmpty() ? 0 : (int) batches.get(0).getFeatures().size(0); }
    @Override public void setPreProcessor(DataSetPreProcessor p) { this.preProcessor = p; }
    @Override public DataSetPreProcessor getPreProcessor() { return preProcessor; }
    @Override public List<String> getLabels() { return null; }
}
