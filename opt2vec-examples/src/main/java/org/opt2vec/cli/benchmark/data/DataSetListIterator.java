package org.opt2vec.cli.benchmark.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

/** Ready-made minibatches in order (the synthetic task families make their own), with an early stop. */
public final class DataSetListIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final transient List<DataSet> batches;
    private final transient BooleanSupplier stop;
    private int pos;

    public DataSetListIterator(List<DataSet> batches, BooleanSupplier stop) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("no batches");
        }
        this.batches = batches;
        this.stop = stop == null ? () -> false : stop;
    }

    @Override public boolean hasNext() { return pos < batches.size() && !stop.getAsBoolean(); }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return batches.get(pos++);
    }

    @Override public DataSet next(int num) { throw new UnsupportedOperationException("batches have a fixed size"); }
    @Override public int inputColumns() { return (int) batches.get(0).getFeatures().size(1); }
    @Override public int totalOutcomes() { return (int) batches.get(0).getLabels().size(1); }
    @Override public boolean resetSupported() { return true; }
    @Override public boolean asyncSupported() { return false; }
    @Override public void reset() { pos = 0; }
    @Override public int batch() { return (int) batches.get(0).getFeatures().size(0); }
    @Override public void setPreProcessor(DataSetPreProcessor p) { throw new UnsupportedOperationException(); }
    @Override public DataSetPreProcessor getPreProcessor() { return null; }
    @Override public List<String> getLabels() { return null; }
}
