package org.opt2vec.state.kernel;

/**
 * How a pass splits a block of n values, as a function of n alone: chunks of a fixed size (the unit of bulk copies
 * and of the float lanes of the sums), groups of at most {@link #GROUP} chunks (whose terms share the lanes), and at
 * most {@link #MAX_SEGMENTS} contiguous segments (the unit of parallel work). A sum over the block is the sum of its
 * segments' sums in segment order; a segment's sum is the sum of its groups' pairwise lane sums in group order: the
 * same numbers in the same order whichever thread runs which segment, so the result is bit-identical for any number
 * of threads and across runs.
 */
public final class Plan {
    /** Values per chunk of a FLOAT block: the scratch regions a pass touches (4 KB each) and the chunk of native memory being copied fit the L1 cache together (measured: 1024 beats 512, 2048 and 4096). */
    public static final int FLOAT_CHUNK = 1024;
    /** Values per chunk of a DOUBLE block. */
    public static final int DOUBLE_CHUNK = 512;
    /** Segments per block at most (a segment is at least {@link #CHUNKS_PER_SEGMENT} chunks). */
    public static final int MAX_SEGMENTS = 64;
    /** Chunks whose terms share the float lanes before the lanes are added up (bounds the float error). */
    public static final int GROUP = 8;
    static final int CHUNKS_PER_SEGMENT = GROUP;
    /** Sums one pass produces at most. */
    static final int MAX_TERMS = 4;
    /**
     * Blocks with fewer values run on the calling thread: below this, waking a helper costs about what it would save.
     * Does not change results.
     */
    static final int PARALLEL_MIN = Integer.getInteger("opt2vec.kernel.parallelMin", 1 << 15);
    /** {@link #PARALLEL_MIN}; tests move it to compare serial and parallel runs in one JVM. */
    static volatile int parallelMin = PARALLEL_MIN;

    final int n;
    final int chunk;
    final int chunks;
    final int segments;

    Plan(int n, int chunk) {
        this.n = n;
        this.chunk = chunk;
        this.chunks = (int) ((n + (long) chunk - 1) / chunk);
        this.segments = Math.max(1, Math.min(MAX_SEGMENTS, (chunks + CHUNKS_PER_SEGMENT - 1) / CHUNKS_PER_SEGMENT));
    }

    /** First value of segment s (s may be {@link #segments}: then n). */
    int start(int s) {
        long c = (long) chunks * s / segments;
        return (int) Math.min(n, c * chunk);
    }

    boolean parallel() {
        return n >= parallelMin;
    }

    /** Lanes of the sums: the smallest power of two >= min(n, chunk), at least 16. */
    int lanes() {
        return treeSize(Math.min(n, chunk));
    }

    /** The smallest power of two >= len and >= 16. */
    static int treeSize(int len) {
        return len <= 16 ? 16 : Integer.highestOneBit(len - 1) << 1;
    }
}
