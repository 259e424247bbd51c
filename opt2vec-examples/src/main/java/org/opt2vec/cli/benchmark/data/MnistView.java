package org.opt2vec.cli.benchmark.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * MNIST seen through a subset of indices, a class mapping (e.g. digits 0–4 only, or 4 vs 9) and a pixel transform.
 * Holds only an index array; images stay in the shared {@link MnistStore}.
 */
public final class MnistView implements Examples {
    private final MnistStore store;
    private final boolean train;
    private final int[] indices;
    private final int[] classOf;
    private final int numClasses;
    private final PixelTransform transform;

    private MnistView(MnistStore store, boolean train, int[] indices, int[] classOf, int numClasses,
                      PixelTransform transform) {
        this.store = store;
        this.train = train;
        this.indices = indices;
        this.classOf = classOf;
        this.numClasses = numClasses;
        this.transform = transform;
    }

    /**
     * @param digits    the digits kept, in class order (digit digits[k] becomes class k); null for all ten
     * @param limit     at most this many examples (a seeded, class-blind subset of the kept ones); <= 0 for all
     * @param subsetSeed seed of the subset draw
     */
    public static MnistView of(MnistStore store, boolean train, int[] digits, int limit, long subsetSeed,
                               PixelTransform transform) {
        int[] classOf = new int[10];
        Arrays.fill(classOf, -1);
        int[] kept = digits == null ? IntStream.range(0, 10).toArray() : digits;
        for (int k = 0; k < kept.length; k++) {
            classOf[kept[k]] = k;
        }
        int n = train ? store.trainSize() : store.testSize();
        int[] idx = IntStream.range(0, n).filter(i -> classOf[store.label(train, i)] >= 0).toArray();
        if (limit > 0 && limit < idx.length) {
            SplittableRandom r = new SplittableRandom(subsetSeed);
            for (int i = idx.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            idx = Arrays.copyOf(idx, limit);
            Arrays.sort(idx);
        }
        return new MnistView(store, train, idx, classOf, kept.length, transform);
    }

    @Override public int size() { return indices.length; }
    @Override public int featureCount() { return transform.size(); }
    @Override public int labelCount() { return numClasses; }

    @Override
    public void copyFeatures(int i, float[] dst, int off) {
        transform.apply(store.images(train), indices[i] * MnistStore.PIXELS, dst, off);
    }

    @Override
    public void copyLabels(int i, float[] dst, int off) {
        Arrays.fill(dst, off, off + numClasses, 0f);
        dst[off + classOf[store.label(train, indices[i])]] = 1f;
    }
}
