package org.opt2vec.cli.benchmark;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;
import org.opt2vec.cli.benchmark.data.BatchIterator;
import org.opt2vec.cli.benchmark.data.Examples;
import org.opt2vec.tasks.Seeds;

import java.util.function.BooleanSupplier;

/**
 * A workload over fixed training and test {@link Examples} (MNIST views, sequences, tabular data): the seed sets
 * the network's initialization and the minibatch order; the data are the same for every seed.
 */
public final class ExamplesWorkload implements Workload {
    /** Builds the network for an updater and seed. */
    @FunctionalInterface
    public interface NetworkFactory {
        MultiLayerNetwork build(IUpdater updater, long seed);
    }

    /** Evaluation batch: large enough to be quick, small enough to keep a CNN's activations small. */
    private static final int EVAL_BATCH = 128;

    private final Examples train;
    private final Examples test;
    private final long[] exampleShape;
    private final int batchSize;
    private final long steps;
    private final NetworkFactory networks;
    private final long orderSalt;

    /**
     * @param exampleShape shape of one example's features ({n} for flat inputs, {channels, time} for sequences)
     * @param steps        training minibatches per run
     * @param orderSalt    mixed with the run's seed to draw the minibatch order
     */
    public ExamplesWorkload(Examples train, Examples test, long[] exampleShape, int batchSize, long steps,
                            NetworkFactory networks, long orderSalt) {
        this.train = train;
        this.test = test;
        this.exampleShape = exampleShape.clone();
        this.batchSize = batchSize;
        this.steps = steps;
        this.networks = networks;
        this.orderSalt = orderSalt;
    }

    /** Steps for {@code epochs} passes over {@code train} in batches of {@code batchSize} (last batch may be smaller). */
    public static long epochSteps(Examples train, int batchSize, int epochs) {
        return epochs * BatchIterator.batchesPerEpoch(train.size(), batchSize);
    }

    @Override
    public MultiLayerNetwork network(IUpdater updater, long seed) {
        return networks.build(updater, seed);
    }

    @Override
    public DataSetIterator train(long seed, BooleanSupplier stop) {
        return new BatchIterator(train, batchSize, Seeds.mix(seed, orderSalt), true, steps, exampleShape, stop);
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public double accuracy(MultiLayerNetwork net, long seed) {
        Evaluation e = net.evaluate(BatchIterator.onePass(test, EVAL_BATCH, exampleShape));
        return e.accuracy();
    }

    @Override
    public double heldOutLoss(MultiLayerNetwork net, long seed) {
        BatchIterator it = BatchIterator.onePass(test, EVAL_BATCH, exampleShape);
        double sum = 0;
        long n = 0;
        while (it.hasNext()) {
            DataSet d = it.next();
            int b = d.numExamples();
            sum += net.score(d, false) * b;
            n += b;
        }
        return sum / n;
    }

    @Override public int trainSize() { return train.size(); }
    @Override public int testSize() { return test.size(); }
}
