package org.opt2vec.controller;

import java.util.Arrays;
import java.util.Locale;

/** Hidden-layer activation of the controller MLP. Names match the original project's. */
public enum Activation {
    GELU {
        @Override public double apply(double x) {
            // tanh approximation, as in PyTorch's gelu(approximate="tanh"); exact enough for a controller.
            return 0.5 * x * (1.0 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
        }
    },
    SWISH {
        @Override public double apply(double x) { return x / (1.0 + Math.exp(-x)); }
    },
    RELU {
        @Override public double apply(double x) { return x > 0 ? x : 0.0; }
    },
    TANH {
        @Override public double apply(double x) { return Math.tanh(x); }
    };

    public abstract double apply(double x);

    /** The lower-case name used in configs and JSON ("gelu", "swish", "relu", "tanh"). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a config name.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown
     */
    public static Activation fromName(String name) {
        if (name != null) {
            for (Activation a : values()) {
                if (a.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("activation: unknown activation '" + name + "'; use one of "
                + Arrays.stream(values()).map(Activation::configName).toList());
    }
}
