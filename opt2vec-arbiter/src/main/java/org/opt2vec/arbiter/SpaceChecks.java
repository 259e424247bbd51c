package org.opt2vec.arbiter;

import org.apache.commons.math3.distribution.RealDistribution;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.opt2vec.controller.Activation;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.List;

/**
 * Static checks of Arbiter parameter spaces, so that a bad space fails with a clear message before any candidate
 * runs. Spaces of other types than fixed values, discrete, integer and continuous spaces cannot be inspected
 * without sampling them; their values are checked by {@code Opt2Vec.Builder.build()} when a candidate is made.
 */
final class SpaceChecks {
    private SpaceChecks() {
    }

    /** The values of a discrete space (null if they cannot be read). */
    static List<?> discreteValues(DiscreteParameterSpace<?> d) {
        Object v = readField(d, "values");
        return v instanceof List<?> l ? l : null;
    }

    private static Object readField(Object o, String name) {
        try {
            Field f = o.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Throws when a discrete space has no values. */
    static void checkNotEmpty(String name, ParameterSpace<?> space) {
        if (space instanceof DiscreteParameterSpace<?> d) {
            List<?> values = discreteValues(d);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException(name + ": the discrete space is empty; give at least one value");
            }
            for (Object v : values) {
                if (v == null) {
                    throw new IllegalArgumentException(name + ": the discrete space " + space + " contains null");
                }
            }
        }
    }

    /** The values a fixed or discrete space can take; empty for other spaces (they cannot be listed). */
    private static List<?> listedValues(ParameterSpace<?> space) {
        if (space instanceof FixedValue<?> f) {
            return Collections.singletonList(f.getValue());
        }
        if (space instanceof DiscreteParameterSpace<?> d) {
            List<?> values = discreteValues(d);
            return values == null ? List.of() : values;
        }
        return List.of();
    }

    private static String where(ParameterSpace<?> space) {
        return space instanceof FixedValue<?> ? "fixed value" : "discrete space " + space;
    }

    /** The valid values of a numeric setting: numbers of {@code type} in [min, max]. */
    private record Range(double min, double max, Class<? extends Number> type) {
        @Override
        public String toString() {
            return type == Integer.class ? "[" + (int) min + ", " + (int) max + "]"
                    : "[" + min + ", " + (max == Double.MAX_VALUE ? "inf)" : max + "]");
        }

        void checkValue(String name, Object v, String where) {
            if (!type.isInstance(v) && !(type == Double.class && v instanceof Number)) {
                throw new IllegalArgumentException(name + ": the " + where + " holds " + describe(v) + "; expected "
                        + (type == Integer.class ? "an Integer" : "a number") + " in " + this);
            }
            double x = ((Number) v).doubleValue();
            if (!(x >= min) || !(x <= max)) {
                throw new IllegalArgumentException(name + ": the " + where + " holds " + v + "; must be in " + this);
            }
        }

        void checkBounds(String name, String kind, Number lo, Number hi) {
            if (!(lo.doubleValue() >= min) || !(hi.doubleValue() <= max)) {
                throw new IllegalArgumentException(name + ": the " + kind + " range [" + lo + ", " + hi
                        + "] must lie within " + this);
            }
        }
    }

    private static void checkListedValues(String name, ParameterSpace<?> space, Range range) {
        checkNotEmpty(name, space);
        for (Object v : listedValues(space)) {
            range.checkValue(name, v, where(space));
        }
    }

    static void checkInt(String name, ParameterSpace<Integer> space, int min, int max) {
        if (space == null) {
            return;
        }
        Range range = new Range(min, max, Integer.class);
        checkListedValues(name, space, range);
        if (space instanceof IntegerParameterSpace ip) {
            int lo;
            int hi;
            try {
                lo = ip.getMin();
                hi = ip.getMax();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": the integer space " + space + " has no range", e);
            }
            range.checkBounds(name, "integer", lo, hi);
        }
    }

    static void checkDouble(String name, ParameterSpace<Double> space, double min, double max) {
        if (space == null) {
            return;
        }
        Range range = new Range(min, max, Double.class);
        checkListedValues(name, space, range);
        if (space instanceof ContinuousParameterSpace c
                && readField(c, "distribution") instanceof RealDistribution rd) {
            range.checkBounds(name, "continuous", rd.getSupportLowerBound(), rd.getSupportUpperBound());
        }
    }

    static void checkActivation(String name, ParameterSpace<String> space) {
        if (space == null) {
            return;
        }
        checkNotEmpty(name, space);
        for (Object v : listedValues(space)) {
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException(name + ": " + describe(v) + " is not an activation name");
            }
            try {
                Activation.fromName(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage().replaceFirst("^activation: ", ""), e);
            }
        }
    }

    private static String describe(Object v) {
        return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
    }

    /**
     * A one-valued discrete space or an integer range with min == max as a {@link FixedValue}: Arbiter's grid search
     * gives such leaves an index but no value, which shifts the values of the leaves after them.
     */
    @SuppressWarnings("unchecked")
    static <T> ParameterSpace<T> collapse(ParameterSpace<T> space) {
        if (space instanceof DiscreteParameterSpace<?> d) {
            List<?> values = discreteValues(d);
            if (values != null && values.size() == 1 && values.get(0) != null) {
                return new FixedValue<>((T) values.get(0));
            }
        } else if (space instanceof IntegerParameterSpace ip) {
            try {
                if (ip.getMin() == ip.getMax()) {
                    return (ParameterSpace<T>) new FixedValue<>(ip.getMin());
                }
            } catch (RuntimeException ignored) {
                // no distribution: validation reports it
            }
        }
        return space;
    }

    /**
     * Checks a whole search space before a sweep starts: no empty discrete leaf anywhere, and every
     * {@link Opt2VecSpace} in it valid.
     */
    static void checkSearchSpace(ParameterSpace<?> root) {
        if (root == null) {
            throw new IllegalArgumentException("the search space is not set");
        }
        int i = 0;
        for (ParameterSpace<?> leaf : root.collectLeaves()) {
            checkNotEmpty("leaf " + i++ + " of the search space", leaf);
        }
        for (Opt2VecSpace s : SpaceNames.opt2VecSpaces(root)) {
            s.validate();
        }
    }
}
