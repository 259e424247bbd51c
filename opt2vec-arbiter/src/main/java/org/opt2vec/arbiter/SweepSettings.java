package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a sweep runs, whatever it searches: the search, its budget, the seed, the output directory and who hears of
 * each finished candidate. One immutable value, checked when it is made; both sweeps take it from their builders
 * ({@link SweepBuilder}).
 *
 * @param search        grid or random search
 * @param maxCandidates at most this many candidates; -1 for the whole grid (random search needs a number)
 * @param maxTime       start no candidate after this time (running ones finish); null for no limit
 * @param seed          the seed of the search (and of whatever the sweep derives from it)
 * @param concurrency   candidates run at the same time
 * @param outputDir     where results.csv, report.md, scores.png and the saved artifacts go
 * @param description   a line for the top of report.md (e.g. the command that started the sweep); may be null
 * @param onCandidate   called as each candidate finishes, after its row is written; may be null
 */
public record SweepSettings(Search search, int maxCandidates, Duration maxTime, long seed, int concurrency,
                            Path outputDir, String description, Consumer<SweepRecord> onCandidate) {

    /** @throws IllegalArgumentException naming the setting */
    public SweepSettings {
        Objects.requireNonNull(search, "search");
        if (search.kind() == Search.Kind.RANDOM && maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates: random search needs maxCandidates >= 1, was "
                    + maxCandidates);
        }
        if (maxCandidates == 0 || maxCandidates < -1) {
            throw new IllegalArgumentException("maxCandidates: must be >= 1 (or -1 for the whole grid), was "
                    + maxCandidates);
        }
        Require.atLeast("concurrency", concurrency, 1);
        if (outputDir == null) {
            throw new IllegalArgumentException("outputDir: set where the results go");
        }
        if (maxTime != null && (maxTime.isNegative() || maxTime.isZero())) {
            throw new IllegalArgumentException("maxTime: must be positive, was " + maxTime);
        }
    }

    /** Candidates a sweep of {@code space} runs at most: the grid's size for grid search, capped by maxCandidates. */
    public int plannedCandidates(ParameterSpace<?> space) {
        if (search.kind() == Search.Kind.GRID) {
            int total = ((GridSearchCandidateGenerator) search.generator(space)).getTotalNumCandidates();
            return maxCandidates > 0 ? Math.min(total, maxCandidates) : total;
        }
        return maxCandidates;
    }

    /** The line report.md shows about the search. */
    String describe(int planned) {
        return "Search: " + search + ", " + planned + " candidate(s) planned, seed " + seed + ", " + concurrency
                + " concurrent";
    }
}
