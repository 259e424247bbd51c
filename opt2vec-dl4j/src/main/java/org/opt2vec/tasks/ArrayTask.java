package org.opt2vec.tasks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link Task} over in-memory data: training rows are visited in seeded random order, epoch after epoch, in
 * minibatches of {@code batchSize} (the last partial batch of an epoch is dropped). Immutable and thread-safe.
 */
public final class ArrayTask implements Task {
    private final String family;
    private final long seed;
    private final NetworkFactory net;
    private final float[][] x;
    private final float[][] y;
    private final float[][] heldOutX;
    private final float[][] heldOutY;
    private final int batchSize;

    /**
     * @param x        training inputs, one row per example
     * @param y        training targets (one-hot rows for classification)
     * @param heldOutX held-out inputs
     * @param heldOutY held-out targets
     */
    public ArrayTask(String family, long seed, NetworkFactory net, float[][] x, float[][] y, float[][] heldOutX,
                     float[][] heldOutY, int batchSize) {
        if (x.length != y.length || heldOutX.length != heldOutY.length) {
            throw new IllegalArgumentException("inputs and targets must have the same number of rows");
        }
        if (batchSize < 1 || batchSize > x.length) {
            throw new IllegalArgumentException("batchSize must be in [1, " + x.length + "], was " + batchSize);
        }
        if (heldOutX.length < 1) {
            throw new IllegalArgumentException("need at least one held-out row");
        }
        this.family = family;
        this.seed = seed;
        this.net = net;
        this.x = x;
        this.y = y;
        this.heldOutX = heldOutX;
        this.heldOutY = heldOutY;
        this.batchSize = batchSize;
    }

    @Override public String family() { return family; }
    @Override public long seed() { return seed; }
    @Override public boolean classification() { return net.classification(); }
    /** The network, for tasks on a fully connected network (see {@link #network()} for any). */
    public NetSpec netSpec() {
        if (net instanceof NetSpec n) {
            return n;
        }
        throw new IllegalStateException(describe() + " does not train a fully connected network");
    }

    public NetworkFactory network() { return net; }
    public int batchSize() { return batchSize; }
    public int trainSize() { return x.length; }

    @Override
    public MultiLayerNetwork newNetwork(IUpdater updater) {
        return net.build(updater, Seeds.mix(seed, 0xBE7));
    }

    @Override
    public List<DataSet> trainBatches(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, was " + steps);
        }
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0xDA7A));
        int n = x.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int pos = n;
        List<DataSet> out = new ArrayList<>(steps);
        for (int s = 0; s < steps; s++) {
            if (pos + batchSize > n) {
                for (int i = n - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                pos = 0;
            }
            float[][] bx = new float[batchSize][];
            float[][] by = new float[batchSize][];
            for (int k = 0; k < batchSize; k++) {
                bx[k] = x[order[pos + k]];
                by[k] = y[order[pos + k]];
            }
            pos += batchSize;
            out.add(new DataSet(Nd4j.create(bx), Nd4j.create(by)));
        }
        return out;
    }

    @Override
    public DataSet heldOut() {
        return new DataSet(Nd4j.create(heldOutX), Nd4j.create(heldOutY));
    }

    @Override
    public String describe() {
        return family + "#" + Long.toUnsignedString(seed, 16) + " [" + net + ", n=" + x.length + ", batch " + batchSize
                + "]";
    }
}
