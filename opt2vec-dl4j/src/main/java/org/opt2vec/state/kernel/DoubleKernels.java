package org.opt2vec.state.kernel;

import java.nio.DoubleBuffer;

/**
 * The O(n) passes of an Opt2Vec step over DOUBLE buffers: as {@link FloatKernels}, with the lanes and pairwise sums
 * in double (double's range holds every product the scalar loops could form, so there is no fallback).
 */
public final class DoubleKernels {
    static final int C = Plan.DOUBLE_CHUNK;
    private static final int G = Scratch.G * C;
    private static final int M = Scratch.M * C;
    private static final int V = Scratch.V * C;
    private static final int P = Scratch.P * C;
    private static final int Q = Scratch.Q * C;
    private static final int R = Scratch.R * C;
    private static final int SPAN = Plan.GROUP * C;

    private DoubleKernels() {
    }

    /** Σ g² over g[base, base + n). */
    public static double sumOfSquares(DoubleBuffer g, int base, int n) {
        Plan plan = new Plan(n, C);
        double[] part = Scratch.get().partials;
        int lanes = plan.lanes();
        KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
            double[] w = sc.d;
            double acc = 0;
            int to = plan.start(s + 1);
            for (int group = plan.start(s); group < to; group += SPAN) {
                zero(w, P, lanes);
                for (int c = group, end = Math.min(to, group + SPAN); c < end; c += C) {
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
        return FloatKernels.sumInOrder(part, plan.segments, 1, 0);
    }

    /** out[0] = Σ g², out[1] = Σ g·m. */
    public static void moments(DoubleBuffer g, int gBase, DoubleBuffer m, int mBase, int n, double[] out) {
        Plan plan = new Plan(n, C);
        double[] part = Scratch.get().partials;
        int lanes = plan.lanes();
        KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
            double[] w = sc.d;
            double gg = 0;
            double gm = 0;
            int to = plan.start(s + 1);
            for (int group = plan.start(s); group < to; group += SPAN) {
                zero(w, P, lanes);
                zero(w, Q, lanes);
                for (int c = group, end = Math.min(to, group + SPAN); c < end; c += C) {
                    int len = Math.min(C, end - c);
                    g.get(gBase + c, w, G, len);
                    m.get(mBase + c, w, M, len);
                    for (int i = 0; i < len; i++) {
                        double gi = w[G + i];
                        w[P + i] += gi * gi;
                        w[Q + i] += gi * w[M + i];
                    }
                }
                gg += tree(w, P, lanes);
                gm += tree(w, Q, lanes);
            }
            part[2 * s] = gg;
            part[2 * s + 1] = gm;
        });
        out[0] = FloatKernels.sumInOrder(part, plan.segments, 2, 0);
        out[1] = FloatKernels.sumInOrder(part, plan.segments, 2, 1);
    }

    /** As {@link FloatKernels#momentumStep}; {@code dot} false skips Σ g·m_old (out[0] = 0). */
    public static void momentumStep(DoubleBuffer g, int gBase, DoubleBuffer m, int mBase, int n, double mu,
                                    double gScale, double step, boolean dot, double[] out) {
        Plan plan = new Plan(n, C);
        double[] part = Scratch.get().partials;
        int lanes = plan.lanes();
        KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
            double[] w = sc.d;
            double gm = 0;
            double mm = 0;
            double uu = 0;
            int to = plan.start(s + 1);
            for (int group = plan.start(s); group < to; group += SPAN) {
                zero(w, P, lanes);
                zero(w, Q, lanes);
                zero(w, R, lanes);
                for (int c = group, end = Math.min(to, group + SPAN); c < end; c += C) {
                    int len = Math.min(C, end - c);
                    g.get(gBase + c, w, G, len);
                    m.get(mBase + c, w, M, len);
                    if (dot) {
                        for (int i = 0; i < len; i++) {
                            w[P + i] += w[G + i] * w[M + i];
                        }
                    }
                    for (int i = 0; i < len; i++) {
                        double mi = mu * w[M + i] + gScale * w[G + i];
                        double ui = step * mi;
                        w[M + i] = mi;
                        w[G + i] = ui;
                        w[Q + i] += mi * mi;
                        w[R + i] += ui * ui;
                    }
                    m.put(mBase + c, w, M, len);
                    g.put(gBase + c, w, G, len);
                }
                gm += dot ? tree(w, P, lanes) : 0.0;
                mm += tree(w, Q, lanes);
                uu += tree(w, R, lanes);
            }
            part[3 * s] = gm;
            part[3 * s + 1] = mm;
            part[3 * s + 2] = uu;
        });
        finish(plan, part, out);
    }

    /** As {@link FloatKernels#adaptiveStep}. */
    public static void adaptiveStep(DoubleBuffer g, int gBase, DoubleBuffer st, int mBase, int vBase, int n,
                                    double mu, double gScale, double beta2, double a, double b, double eps,
                                    boolean dot, double[] out) {
        double oneMinusMu = 1 - mu;
        double oneMinusBeta2 = 1 - beta2;
        Plan plan = new Plan(n, C);
        double[] part = Scratch.get().partials;
        int lanes = plan.lanes();
        KernelPool.run(plan.segments, plan.parallel(), (s, sc) -> {
            double[] w = sc.d;
            double gm = 0;
            double mm = 0;
            double uu = 0;
            int to = plan.start(s + 1);
            for (int group = plan.start(s); group < to; group += SPAN) {
                zero(w, P, lanes);
                zero(w, Q, lanes);
                zero(w, R, lanes);
                for (int c = group, end = Math.min(to, group + SPAN); c < end; c += C) {
                    int len = Math.min(C, end - c);
                    g.get(gBase + c, w, G, len);
                    st.get(mBase + c, w, M, len);
                    st.get(vBase + c, w, V, len);
                    if (dot) {
                        for (int i = 0; i < len; i++) {
                            w[P + i] += w[G + i] * w[M + i];
                        }
                    }
                    for (int i = 0; i < len; i++) {
                        double hi = gScale * w[G + i];
                        double mi = mu * w[M + i] + oneMinusMu * hi;
                        double vi = beta2 * w[V + i] + oneMinusBeta2 * hi * hi;
                        double ui = a * mi / (b * Math.sqrt(vi) + eps);
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
                gm += dot ? tree(w, P, lanes) : 0.0;
                mm += tree(w, Q, lanes);
                uu += tree(w, R, lanes);
            }
            part[3 * s] = gm;
            part[3 * s + 1] = mm;
            part[3 * s + 2] = uu;
        });
        finish(plan, part, out);
    }

    private static void finish(Plan plan, double[] part, double[] out) {
        for (int t = 0; t < 3; t++) {
            out[t] = FloatKernels.sumInOrder(part, plan.segments, 3, t);
        }
    }

    private static void zero(double[] w, int at, int len) {
        for (int i = 0; i < len; i++) {
            w[at + i] = 0.0;
        }
    }

    /** As {@link FloatKernels#tree}, in double, for sizes 16 .. {@link #C}. */
    static double tree(double[] w, int at, int size) {
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
}
