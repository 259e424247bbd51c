package org.opt2vec.meta;

import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.tasks.Seeds;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Antithetic evolution strategies over the controller weights: the candidates of a meta-step, and the search
 * gradient from their fitnesses (see {@link EsSettings}). Every random choice of meta-step k derives from
 * (seed, k, index), so any machine can rebuild a candidate from its index: only seeds and scalars need to travel.
 *
 * <p>Candidates of a step: 0 is the current θ; 2i+1 and 2i+2 are θ + σ∘ε_i and θ − σ∘ε_i (i &lt; pairs).
 */
public final class EsEstimator implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long TASK_SALT = 0x7A5C;
    private static final long NOISE_SALT = 0x0E75;

    private final EsSettings settings;
    private final long seed;
    private final double[] scale;

    public EsEstimator(EsSettings settings, ControllerArchitecture arch, long seed) {
        this.settings = settings;
        this.seed = seed;
        this.scale = new double[arch.parameterCount()];
        // Per-weight scale: 1 for the output heads, hiddenScale for the hidden layers.
        Arrays.fill(scale, 0, arch.lrHeadOffset(), settings.hiddenScale());
        Arrays.fill(scale, arch.lrHeadOffset(), scale.length, 1.0);
    }

    public EsSettings settings() {
        return settings;
    }

    /** Candidates per meta-step: the current θ and 2 · pairs perturbations. */
    public int candidates() {
        return 2 * settings.pairs() + 1;
    }

    /** The relative perturbation and step size of each weight. */
    public double[] scales() {
        return scale.clone();
    }

    /** Seed of task {@code j} of meta-step {@code k}. */
    public long taskSeed(int k, int j) {
        return Seeds.mix(seed, TASK_SALT, k, j);
    }

    /** Direction ε_i of meta-step {@code k}: standard normal, one value per weight. */
    public double[] direction(int k, int i) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, NOISE_SALT, k, i));
        double[] e = new double[scale.length];
        for (int c = 0; c < e.length; c++) {
            e[c] = r.nextGaussian();
        }
        return e;
    }

    /** The weights of candidate {@code c} of meta-step {@code k}: θ, then θ ± σ∘ε for the pairs' directions. */
    public double[] candidate(double[] theta, int k, int c) {
        double[] w = theta.clone();
        if (c > 0) {
            double[] e = direction(k, (c - 1) / 2);
            double sign = (c % 2 == 1) ? 1 : -1;
            for (int p = 0; p < w.length; p++) {
                w[p] += sign * settings.sigma() * scale[p] * e[p];
            }
        }
        return w;
    }

    /**
     * The search gradient in normalized coordinates from the fitness (mean meta-loss, lower is better) of every
     * candidate: g = Σ_i (r⁺_i − r⁻_i) ε_i / pairs, with r the centered ranks of the perturbed candidates.
     */
    public double[] gradient(int k, double[] fitness) {
        if (fitness.length != candidates()) {
            throw new IllegalArgumentException("expected " + candidates() + " fitness values, got " + fitness.length);
        }
        int pairs = settings.pairs();
        double[] shaped = centeredRanks(Arrays.copyOfRange(fitness, 1, fitness.length));
        double[] g = new double[scale.length];
        for (int i = 0; i < pairs; i++) {
            double d = (shaped[2 * i] - shaped[2 * i + 1]) / pairs;
            if (d != 0) {
                double[] e = direction(k, i);
                for (int p = 0; p < g.length; p++) {
                    g[p] += d * e[p];
                }
            }
        }
        return g;
    }

    /** Ranks mapped to [-0.5, 0.5] (lowest value -0.5); equal values share their average rank. */
    static double[] centeredRanks(double[] x) {
        int n = x.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        if (n == 1) {
            return r;
        }
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && Double.compare(x[idx[j + 1]], x[idx[i]]) == 0) {
                j++;
            }
            double rank = (i + j) / 2.0;
            for (int q = i; q <= j; q++) {
                r[idx[q]] = rank / (n - 1) - 0.5;
            }
            i = j + 1;
        }
        return r;
    }
}
