package org.opt2vec.state.kernel;

import java.nio.FloatBuffer;

/**
 * The O(n) passes of an Opt2Vec step over FLOAT buffers.
 *
 * <p>Each chunk of {@link Plan#FLOAT_CHUNK} values is copied in bulk from native memory into the thread's
 * {@link Scratch}, worked on there by simple loops over one array that HotSpot turns into SIMD code, and copied
 * back. The element-wise formulas are exactly those of the scalar loops they replace (same float operations in
 * the same order, so the same bits).
 *
 * <p>Sums: the terms (products rounded to float) go into {@link Plan#FLOAT_CHUNK} float lanes, lane i of every chunk
 * into lane i, for a group of at most {@link Plan#GROUP} chunks; the lanes are then added pairwise in a fixed tree,
 * and the group sums in double in a fixed order ({@link Plan}). Relative to the sum of |terms| the error is at most
 * about 20 float roundings (1e-6; in practice about 1e-9). Float's range cannot hold every square of a float, so a
 * sum that comes out non-finite or below {@link #TINY} (where float's subnormals could lose precision) is
 * recomputed exactly in double by a read-only pass over the values (for pass 2, the values it wrote); non-finite
 * inputs give a non-finite sum, as before. The g·m_old sum, whose inputs pass 2 overwrites, is summed in lanes only
 * when the norms show it can neither overflow nor underflow ({@link #dotMode}), else exactly, chunk by chunk.
 */
public final class FloatKernels {
    static final int C = Plan.FLOAT_CHUNK;
    /** Sums below this are recomputed exactly in double: 2^-90. */
    public static final double TINY = 0x1p-90;
    private static final int G = Scratch.G * C;
    private static final int M = Scratch.M * C;
    private static final int V = Scratch.V * C;
    private static final int P = Scratch.P * C;
    private static final int Q = Scratch.Q * C;
    private static final int R = Scratch.R * C;

    /** The dot product of g and the old momentum is not wanted (the caller divides by zero norms). */
    public static final int DOT_NONE = 0;
    /** ... is summed pairwise in float (exactly, chunk by chunk, where that overflows). */
    public static final int DOT_TREE = 1;
    /** ... is summed exactly in double (the norms are so small that float products would underflow). */
    public static final int DOT_EXACT = 2;

    private FloatKernels() {
    }

    /** Above this, the terms of g·m_old could overflow float: ||g|| * ||m|| >= 2^100 means exact sums. */
    static final double HUGE = 0x1p100;

    /**
     * The mode of the g·m_old sum, given ||g|| * ||m_old||, the product its cosine is divided by: a bound of
     * Σ |g_i m_i| (so no float overflow below {@link #HUGE}) and the scale against which underflow is measured.
     */
    public static int dotMode(double normProduct) {
        if (!(normProduct > 0)) {
            return DOT_NONE;
        }
        return normProduct >= TINY && normProduct < HUGE ? DOT_TREE : DOT_EXACT;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // pass 1

    /** Σ g² over g[base, base + n). */
    public static double sumOfSquares(FloatBuffer g, int base, int n) {
        Plan plan = new Plan(n, C);
        double[] part = Scratch.get().partials;
        int lanes = plan.lanes();
        KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
            float[] w = sc.f;
            double acc = 0;
            int from = plan.start(s);
            int to = plan.start(s + 1);
            for (int group = from; group < to; group += Plan.GROUP * C) {
                zero(w, P, lanes);
                for (int c = group, end = Math.min(to, group + Plan.GROUP * C); c < end; c += C) {
                    int len = Math.min(C, end - c);
                    g.get(base + c, w, G, len);
                    for (int i = 0; i < len; i++) {
                        w[P + i] += w[G + i] * w[G + i];
                    }
                }
                acc += tree(w, P, lanes);
            }
            part[s] = acc;
        });
        double sum = sumInOrder(part, plan.segments, 1, 0);
        if (!(sum >= TINY && sum < Double.POSITIVE_INFINITY)) {
            KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
                float[] w = sc.f;
                double acc = 0;
                for (int c = plan.start(s), to = plan.start(s + 1); c < to; c += C) {
                    int len = Math.min(C, to - c);
                    g.get(base + c, w, G, len);
                    acc += exactDot(w, G, G, len);
                }
                part[s] = acc;
            });
            sum = sumInOrder(part, plan.segments, 1, 0);
        }
        return sum;
    }

    /** out[0] = Σ g², out[1] = Σ g·m over g[gBase, gBase + n) and m[mBase, mBase + n). */
    public static void moments(FloatBuffer g, int gBase, FloatBuffer m, int mBase, int n, double[] out) {
        Plan plan = new Plan(n, C);
        double[] part = Scratch.get().partials;
        int lanes = plan.lanes();
        KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
            float[] w = sc.f;
            double gg = 0;
            double gm = 0;
            double mm = 0;
            int from = plan.start(s);
            int to = plan.start(s + 1);
            for (int group = from; group < to; group += Plan.GROUP * C) {
                zero(w, P, lanes);
                zero(w, Q, lanes);
                zero(w, R, lanes);
                for (int c = group, end = Math.min(to, group + Plan.GROUP * C); c < end; c += C) {
                    int len = Math.min(C, end - c);
                    g.get(gBase + c, w, G, len);
                    m.get(mBase + c, w, M, len);
                    for (int i = 0; i < len; i++) {
                        float gi = w[G + i];
                        float mi = w[M + i];
                        w[P + i] += gi * gi;
                        w[Q + i] += gi * mi;
                        w[R + i] += mi * mi;
                    }
                }
                gg += tree(w, P, lanes);
                gm += tree(w, Q, lanes);
                mm += tree(w, R, lanes);
            }
            part[3 * s] = gg;
            part[3 * s + 1] = gm;
            part[3 * s + 2] = mm;
        });
        double gg = sumInOrder(part, plan.segments, 3, 0);
        double gm = sumInOrder(part, plan.segments, 3, 1);
        double mm = sumInOrder(part, plan.segments, 3, 2);
        if (!(gg >= TINY && gg < Double.POSITIVE_INFINITY) || !(mm >= TINY && mm < Double.POSITIVE_INFINITY)
                || !Double.isFinite(gm)) {
            KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
                float[] w = sc.f;
                double x = 0;
                double y = 0;
                for (int c = plan.start(s), to = plan.start(s + 1); c < to; c += C) {
                    int len = Math.min(C, to - c);
                    g.get(gBase + c, w, G, len);
                    m.get(mBase + c, w, M, len);
                    x += exactDot(w, G, G, len);
                    y += exactDot(w, G, M, len);
                }
                part[3 * s] = x;
                part[3 * s + 1] = y;
            });
            gg = sumInOrder(part, plan.segments, 3, 0);
            gm = sumInOrder(part, plan.segments, 3, 1);
        }
        out[0] = gg;
        out[1] = gm;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // pass 2

    /**
     * {@code m = mu * m + gScale * g; g = step * m} over n values; out[0] = Σ g·m_old (per {@code dotMode}, 0 for
     * {@link #DOT_NONE}), out[1] = Σ m_new², out[2] = Σ update².
     */
    public static void momentumStep(FloatBuffer g, int gBase, FloatBuffer m, int mBase, int n, float mu, float gScale,
                                    float step, int dotMode, double[] out) {
        Plan plan = new Plan(n, C);
        double[] part = Scratch.get().partials;
        int lanes = plan.lanes();
        KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
            float[] w = sc.f;
            double gm = 0;
            double mm = 0;
            double uu = 0;
            int from = plan.start(s);
            int to = plan.start(s + 1);
            for (int group = from; group < to; group += Plan.GROUP * C) {
                zero(w, P, lanes);
                zero(w, Q, lanes);
                zero(w, R, lanes);
                for (int c = group, end = Math.min(to, group + Plan.GROUP * C); c < end; c += C) {
                    int len = Math.min(C, end - c);
                    g.get(gBase + c, w, G, len);
                    m.get(mBase + c, w, M, len);
                    if (dotMode == DOT_TREE) {
                        for (int i = 0; i < len; i++) {
                            float gi = w[G + i];
                            float old = w[M + i];
                            w[P + i] += gi * old;
                            float mi = mu * old + gScale * gi;
                            float ui = step * mi;
                            w[M + i] = mi;
                            w[G + i] = ui;
                            w[Q + i] += mi * mi;
                            w[R + i] += ui * ui;
                        }
                    } else {
                        if (dotMode == DOT_EXACT) {
                            gm += exactDot(w, G, M, len);
                        }
                        for (int i = 0; i < len; i++) {
                            float mi = mu * w[M + i] + gScale * w[G + i];
                            float ui = step * mi;
                            w[M + i] = mi;
                            w[G + i] = ui;
                            w[Q + i] += mi * mi;
                            w[R + i] += ui * ui;
                        }
                    }
                    m.put(mBase + c, w, M, len);
                    g.put(gBase + c, w, G, len);
                }
                if (dotMode == DOT_TREE) {
                    gm += tree(w, P, lanes);
                }
                mm += tree(w, Q, lanes);
                uu += tree(w, R, lanes);
            }
            part[3 * s] = gm;
            part[3 * s + 1] = mm;
            part[3 * s + 2] = uu;
        });
        finishStep(g, gBase, m, mBase, plan, part, out);
    }

    /**
     * With h = gScale * g: {@code m = mu * m + (1 - mu) * h; v = beta2 * v + (1 - beta2) * h^2;
     * g = a * m / (b * sqrt(v) + eps)} over n values; out as for {@link #momentumStep}.
     */
    public static void adaptiveStep(FloatBuffer g, int gBase, FloatBuffer st, int mBase, int vBase, int n, float mu,
                                    float oneMinusMu, float gScale, float beta2, float oneMinusBeta2, float a,
                                    float b, float eps, int dotMode, double[] out) {
        Plan plan = new Plan(n, C);
        double[] part = Scratch.get().partials;
        int lanes = plan.lanes();
        KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
            float[] w = sc.f;
            double gm = 0;
            double mm = 0;
            double uu = 0;
            int from = plan.start(s);
            int to = plan.start(s + 1);
            for (int group = from; group < to; group += Plan.GROUP * C) {
                zero(w, P, lanes);
                zero(w, Q, lanes);
                zero(w, R, lanes);
                for (int c = group, end = Math.min(to, group + Plan.GROUP * C); c < end; c += C) {
                    int len = Math.min(C, end - c);
                    g.get(gBase + c, w, G, len);
                    st.get(mBase + c, w, M, len);
                    st.get(vBase + c, w, V, len);
                    if (dotMode == DOT_TREE) {
                        for (int i = 0; i < len; i++) {
                            w[P + i] += w[G + i] * w[M + i];
                        }
                    } else if (dotMode == DOT_EXACT) {
                        gm += exactDot(w, G, M, len);
                    }
                    for (int i = 0; i < len; i++) {
                        float hi = gScale * w[G + i];
                        float mi = mu * w[M + i] + oneMinusMu * hi;
                        float vi = beta2 * w[V + i] + oneMinusBeta2 * hi * hi;
                        float ui = a * mi / (b * (float) Math.sqrt(vi) + eps);
                        w[M + i] = mi;
                        w[V + i] = vi;
                        w[G + i] = ui;
                        w[Q + i] += mi * mi;
                        w[R + i] += ui * ui;
                    }
                    st.put(mBase + c, w, M, len);
                    st.put(vBase + c, w, V, len);
                    g.put(gBase + c, w, G, len);
                }
                if (dotMode == DOT_TREE) {
                    gm += tree(w, P, lanes);
                }
                mm += tree(w, Q, lanes);
                uu += tree(w, R, lanes);
            }
            part[3 * s] = gm;
            part[3 * s + 1] = mm;
            part[3 * s + 2] = uu;
        });
        finishStep(g, gBase, st, mBase, plan, part, out);
    }

    /**
     * Adds the segments' sums. A sum of squares that came out non-finite or tiny is recomputed exactly from the
     * values just written (read-only); a g·m_old sum that is not finite although its norms ruled overflow out (a
     * state whose stored norm was tampered with) is reported as 0, i.e. no alignment.
     */
    private static void finishStep(FloatBuffer g, int gBase, FloatBuffer m, int mBase, Plan plan, double[] part,
                                   double[] out) {
        double gm = sumInOrder(part, plan.segments, 3, 0);
        double mm = sumInOrder(part, plan.segments, 3, 1);
        double uu = sumInOrder(part, plan.segments, 3, 2);
        boolean redoM = !(mm >= TINY && mm < Double.POSITIVE_INFINITY);
        boolean redoU = !(uu >= TINY && uu < Double.POSITIVE_INFINITY);
        if (redoM || redoU) {
            KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
                float[] w = sc.f;
                double x = 0;
                double y = 0;
                for (int c = plan.start(s), to = plan.start(s + 1); c < to; c += C) {
                    int len = Math.min(C, to - c);
                    m.get(mBase + c, w, M, len);
                    g.get(gBase + c, w, G, len);
                    x += exactDot(w, M, M, len);
                    y += exactDot(w, G, G, len);
                }
                part[3 * s + 1] = x;
                part[3 * s + 2] = y;
            });
            mm = redoM ? sumInOrder(part, plan.segments, 3, 1) : mm;
            uu = redoU ? sumInOrder(part, plan.segments, 3, 2) : uu;
        }
        out[0] = Double.isFinite(gm) ? gm : 0.0;
        out[1] = mm;
        out[2] = uu;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // building blocks

    private static void zero(float[] w, int at, int len) {
        for (int i = 0; i < len; i++) {
            w[at + i] = 0f;
        }
    }

    /**
     * Pairwise sum of w[at, at + size) (size a power of two, 16 .. C), destroying it: halves are added until 16
     * lanes remain, which are added in order in double. Every level is a loop with a constant distance, which HotSpot
     * vectorizes.
     */
    static double tree(float[] w, int at, int size) {
        if (size >= 2048) {
            for (int i = 0; i < 1024; i++) {
                w[at + i] += w[at + i + 1024];
            }
        }
        if (size >= 1024) {
            for (int i = 0; i < 512; i++) {
                w[at + i] += w[at + i + 512];
            }
        }
        if (size >= 512) {
            for (int i = 0; i < 256; i++) {
                w[at + i] += w[at + i + 256];
            }
        }
        if (size >= 256) {
            for (int i = 0; i < 128; i++) {
                w[at + i] += w[at + i + 128];
            }
        }
        if (size >= 128) {
            for (int i = 0; i < 64; i++) {
                w[at + i] += w[at + i + 64];
            }
        }
        if (size >= 64) {
            for (int i = 0; i < 32; i++) {
                w[at + i] += w[at + i + 32];
            }
        }
        if (size >= 32) {
            for (int i = 0; i < 16; i++) {
                w[at + i] += w[at + i + 16];
            }
        }
        double s = 0;
        for (int i = 0; i < 16; i++) {
            s += w[at + i];
        }
        return s;
    }

    /** Σ x_i·y_i in double (each product exact), eight accumulators added in a fixed order. */
    static double exactDot(float[] w, int x, int y, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < len; i += 8) {
            s0 += (double) w[x + i] * w[y + i];
            s1 += (double) w[x + i + 1] * w[y + i + 1];
            s2 += (double) w[x + i + 2] * w[y + i + 2];
            s3 += (double) w[x + i + 3] * w[y + i + 3];
            s4 += (double) w[x + i + 4] * w[y + i + 4];
            s5 += (double) w[x + i + 5] * w[y + i + 5];
            s6 += (double) w[x + i + 6] * w[y + i + 6];
            s7 += (double) w[x + i + 7] * w[y + i + 7];
        }
        for (; i < len; i++) {
            s0 += (double) w[x + i] * w[y + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Σ over segments, in segment order, of part[terms * s + term]. */
    static double sumInOrder(double[] part, int segments, int terms, int term) {
        double s = 0;
        for (int k = 0; k < segments; k++) {
            s += part[terms * k + term];
        }
        return s;
    }
}
