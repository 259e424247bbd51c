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
    ADAPTIVE;

    /** Per-parameter state buffers: 1 for MOMENTUM, 2 for ADAPTIVE. */
    public int buffers() {
        return this == ADAPTIVE ? 2 : 1;
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
                + "'; use momentum or adaptive");
    }
}
