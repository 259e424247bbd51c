package org.opt2vec.state.kernel;

/**
 * Per-thread working memory of the kernels: a few chunks of float or double values (the chunk of each buffer being
 * worked on, and the terms of the sums) and the partial sums of a call's segments. Fixed size, allocated once per
 * thread, independent of the block size.
 */
public final class Scratch {
    /** Regions of {@link #f} and {@link #d}, each one chunk long. */
    static final int G = 0;
    static final int M = 1;
    static final int V = 2;
    static final int P = 3;
    static final int Q = 4;
    static final int R = 5;
    static final int REGIONS = 6;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    final float[] f = new float[REGIONS * Plan.FLOAT_CHUNK];
    final double[] d = new double[REGIONS * Plan.DOUBLE_CHUNK];
    /** Partial sums of a call: {@code terms} values per segment. */
    final double[] partials = new double[Plan.MAX_SEGMENTS * Plan.MAX_TERMS];

    private Scratch() {
    }

    /** The calling thread's scratch. */
    public static Scratch get() {
        return LOCAL.get();
    }
}
