package org.opt2vec.meta;

/**
 * Settings of the antithetic evolution-strategies estimator.
 *
 * <p>Each meta-step draws {@code pairs} Gaussian directions ε_i and evaluates θ + σ∘ε_i and θ - σ∘ε_i on the same
 * tasks (common random numbers). σ_k = {@code sigma} for the two output heads (lr scale and momentum: weights and
 * biases) and {@code sigma * hiddenScale} for the two hidden layers. The fitness of every candidate (its meta-loss
 * averaged over the step's tasks) is replaced by its centered rank in [-0.5, 0.5] (fitness shaping), and the
 * search-gradient in normalized coordinates, g = Σ_i (r⁺_i - r⁻_i) ε_i / pairs, drives Adam; Adam's step for weight
 * k is multiplied by σ_k / sigma, so {@code hiddenScale = 0} freezes the hidden layers.
 *
 * @param pairs       antithetic pairs per meta-step (2 * pairs candidate evaluations per task)
 * @param sigma       perturbation std of the head weights
 * @param hiddenScale relative perturbation and step size of the hidden-layer weights (0 = heads only)
 * @param beta1       Adam's first-moment decay
 * @param beta2       Adam's second-moment decay
 */
public record EsSettings(int pairs, double sigma, double hiddenScale, double beta1, double beta2)
        implements java.io.Serializable {
    public static final EsSettings DEFAULT = new EsSettings(8, 0.05, 0.1, 0.9, 0.999);

    public EsSettings {
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be >= 1, was " + pairs);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and > 0, was " + sigma);
        }
        if (!(hiddenScale >= 0) || !Double.isFinite(hiddenScale)) {
            throw new IllegalArgumentException("hiddenScale must be finite and >= 0, was " + hiddenScale);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), were " + beta1 + ", " + beta2);
        }
    }

    public EsSettings withPairs(int p) { return new EsSettings(p, sigma, hiddenScale, beta1, beta2); }
    public EsSettings withSigma(double s) { return new EsSettings(pairs, s, hiddenScale, beta1, beta2); }
    public EsSettings withHiddenScale(double h) { return new EsSettings(pairs, sigma, h, beta1, beta2); }
}
