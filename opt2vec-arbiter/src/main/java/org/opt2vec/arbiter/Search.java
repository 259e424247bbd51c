package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;

/**
 * How a sweep picks candidates: Arbiter's grid search (every combination; continuous ranges are cut into
 * {@code discretizationCount} values, integer ranges into at most that many) or random search.
 */
public record Search(Kind kind, int discretizationCount) {
    public enum Kind { GRID, RANDOM }

    public Search {
        if (kind == null) {
            throw new IllegalArgumentException("search: kind must be GRID or RANDOM");
        }
        if (discretizationCount < 1) {
            throw new IllegalArgumentException("search: discretizationCount must be >= 1, was " + discretizationCount);
        }
    }

    /** Grid search; continuous ranges are cut into 3 values. */
    public static Search grid() {
        return new Search(Kind.GRID, 3);
    }

    public static Search grid(int discretizationCount) {
        return new Search(Kind.GRID, discretizationCount);
    }

    public static Search random() {
        return new Search(Kind.RANDOM, 1);
    }

    /** "grid" or "random" (case-insensitive). */
    public static Search parse(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "grid" -> grid();
            case "random" -> random();
            default -> throw new IllegalArgumentException("search: unknown search '" + name + "'; use grid or random");
        };
    }

    CandidateGenerator generator(ParameterSpace<?> space) {
        return kind == Kind.GRID
                ? new GridSearchCandidateGenerator(space, discretizationCount, GridSearchCandidateGenerator.Mode.Sequential, null)
                : new RandomSearchGenerator(space, null);
    }

    @Override
    public String toString() {
        return kind == Kind.GRID ? "grid search (discretization " + discretizationCount + ")" : "random search";
    }
}
