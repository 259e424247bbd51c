package org.opt2vec.cli.common;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a command line, so the user hears of every bad option at once; {@link #throwIfAny}
 * turns them into one usage error (exit code 2) before anything runs or is written.
 */
public final class OptionErrors {
    private final List<String> errors = new ArrayList<>();

    /** Adds {@code message} unless {@code ok}. */
    public OptionErrors require(boolean ok, String message) {
        if (!ok) {
            errors.add(message);
        }
        return this;
    }

    /** {@code option} must be at least {@code min}. */
    public OptionErrors atLeast(String option, long value, long min) {
        return require(value >= min, option + " must be >= " + min + ", was " + value);
    }

    /** An optional {@code option} (null when not given) must be at least {@code min}. */
    public OptionErrors atLeast(String option, Integer value, long min) {
        return value == null ? this : atLeast(option, (long) value, min);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** @throws ParameterException listing every error, when there is one */
    public void throwIfAny(CommandLine cl) {
        if (!errors.isEmpty()) {
            throw new ParameterException(cl, String.join("; ", errors));
        }
    }
}
