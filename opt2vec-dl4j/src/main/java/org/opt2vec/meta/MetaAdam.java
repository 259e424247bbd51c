package org.opt2vec.meta;

/**
 * The outer optimizer: Adam on the controller weights, with a per-weight step scale (the estimator's), so that
 * hidden layers move more slowly than the heads or not at all. Its state (m, v) is part of a checkpoint.
 */
final class MetaAdam {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double[] scale;
    private final double[] m;
    private final double[] v;

    MetaAdam(double learningRate, double beta1, double beta2, double[] scale, double[] m, double[] v) {
        if (m.length != scale.length || v.length != scale.length) {
            throw new IllegalArgumentException("Adam state holds " + m.length + "/" + v.length + " values, the "
                    + "controller has " + scale.length + " weights");
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.scale = scale;
        this.m = m;
        this.v = v;
    }

    /** One step on θ (in place) with search gradient g, the {@code t}-th step of the run (from 1). */
    void step(double[] theta, double[] g, int t) {
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int p = 0; p < theta.length; p++) {
            if (scale[p] == 0) {
                continue;
            }
            m[p] = beta1 * m[p] + (1 - beta1) * g[p];
            v[p] = beta2 * v[p] + (1 - beta2) * g[p] * g[p];
            theta[p] -= learningRate * scale[p] * (m[p] / c1) / (Math.sqrt(v[p] / c2) + 1e-8);
        }
    }

    double[] m() {
        return m;
    }

    double[] v() {
        return v;
    }
}
