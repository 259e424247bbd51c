package org.opt2vec.dl4j;

import java.util.Locale;

/**
 * The update rule the controller drives. In both, the controller chooses the learning-rate scale s_t and the
 * momentum μ_t of every step, c is the clipping factor (1 without clipping) and lr = baseLr(t) · s_t.
 */
public enum UpdateDirection {
    /**
     * Heavy-ball momentum SGD: {@code m ← μ m + c g;  update = lr · m}. With the untrained controller (s = 1,
     * μ = 0.9) this is exactly classic momentum SGD. The right step size depends on the scale of the loss and the
     * gradients, so the controller must find it from the history.
     */
    MOMENTUM,
    /**
     * Per-parameter normalized momentum, the form of Adam:
     * {@code m ← μ m + (1 − μ) c g;  v ← β₂ v + (1 − β₂)(c g)²;  update = lr · m̂ / (√v̂ + ε)} with bias
     * corrections m̂ = m / (1 − Π μ) (the product over the steps so far, which reduces to 1 − μ^t for a constant μ)
     * and v̂ = v / (1 − β₂^t). With the untrained controller (s = 1, μ = 0.9) this is Adam(baseLr, 0.9, β₂, ε).
     * The update's size no longer depends on the gradient's scale, so one learned controller fits networks whose
     * gradients differ by orders of magnitude; it costs a second state buffer (2n values, as Adam).
     */
    ADAPTIVE,
    /**
     * The adaptive update with a step relative to the scale of the block's parameters:
     * {@code update = lr · ρ₀ · m̂ / (√v̂ + ε)}, where ρ₀ is the root mean square of the block's parameters at its
     * first step (floored at {@link #MIN_PARAMETER_RMS}). An initializer sets ρ₀ from the layers' fan-in (Xavier:
     * about √(2 / (fanIn + fanOut))), and the right Adam step scales with it: a network on 784 inputs wants a smaller
     * step than one on 6. The controller then sets a step relative to the network, which one learned controller can
     * share across networks of very different widths. ρ₀ is fixed at the first step (kept in the state), so the step
     * does not grow with the parameters. With the untrained controller this is Adam(baseLr · ρ₀, 0.9, β₂, ε). Same
     * state as ADAPTIVE.
     */
    RELATIVE;

    /**
     * Floor of ρ₀ in the relative direction, so that a block initialized to (nearly) zero still moves; it is the
     * Xavier scale of a layer with about 20,000 inputs.
     */
    public static final double MIN_PARAMETER_RMS = 1e-2;

    /** Per-parameter state buffers: 1 for MOMENTUM, 2 for the normalized directions. */
    public int buffers() {
        return normalized() ? 2 : 1;
    }

    /** Whether the update is normalized per parameter (the Adam form: ADAPTIVE and RELATIVE). */
    public boolean normalized() {
        return this != MOMENTUM;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown
     */
    public static UpdateDirection fromName(String name) {
        if (name != null) {
            for (UpdateDirection d : values()) {
                if (d.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("direction: unknown update direction '" + name
                + "'; use momentum, adaptive or relative");
    }
}
