package org.opt2vec.cli.benchmark.data;

import java.util.SplittableRandom;

/** Turns one 28×28 MNIST image (bytes 0..255) into float features in [0, 1]. */
public interface PixelTransform {
    /** Features produced per image. */
    int size();

    /** Writes the features of the image starting at {@code images[src]} to {@code dst[off..]}. */
    void apply(byte[] images, int src, float[] dst, int off);

    /** A short description for reports. */
    String describe();

    /** Pixels as they are, scaled to [0, 1]. */
    PixelTransform IDENTITY = new PixelTransform() {
        @Override public int size() { return MnistStore.PIXELS; }

        @Override
        public void apply(byte[] images, int src, float[] dst, int off) {
            for (int p = 0; p < MnistStore.PIXELS; p++) {
                dst[off + p] = (images[src + p] & 0xFF) / 255f;
            }
        }

        @Override public String describe() { return "28×28 pixels"; }
    };

    /** 2×2 average pooling: 14×14 features. */
    PixelTransform DOWNSAMPLE_2X2 = new PixelTransform() {
        @Override public int size() { return 14 * 14; }

        @Override
        public void apply(byte[] images, int src, float[] dst, int off) {
            for (int r = 0; r < 14; r++) {
                for (int c = 0; c < 14; c++) {
                    int a = src + 2 * r * MnistStore.COLS + 2 * c;
                    int sum = (images[a] & 0xFF) + (images[a + 1] & 0xFF) + (images[a + MnistStore.COLS] & 0xFF)
                            + (images[a + MnistStore.COLS + 1] & 0xFF);
                    dst[off + r * 14 + c] = sum / (4 * 255f);
                }
            }
        }

        @Override public String describe() { return "14×14 (2×2 average pooling)"; }
    };

    /** A fixed pixel permutation drawn from {@code seed} (Fisher–Yates): feature p is pixel perm[p]. */
    static PixelTransform permuted(long seed) {
        int[] perm = new int[MnistStore.PIXELS];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return new PixelTransform() {
            @Override public int size() { return MnistStore.PIXELS; }

            @Override
            public void apply(byte[] images, int src, float[] dst, int off) {
                for (int p = 0; p < MnistStore.PIXELS; p++) {
                    dst[off + p] = (images[src + perm[p]] & 0xFF) / 255f;
                }
            }

            @Override public String describe() { return "28×28 pixels in a fixed random order (permutation seed " + seed + ")"; }
        };
    }
}
