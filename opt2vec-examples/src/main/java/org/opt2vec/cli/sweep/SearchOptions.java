package org.opt2vec.cli.sweep;

import org.opt2vec.arbiter.Search;
import org.opt2vec.arbiter.SweepBuilder;
import org.opt2vec.cli.common.OptionErrors;
import picocli.CommandLine.Option;

import java.time.Duration;

/** How a sweep searches: grid or random, how many candidates, for how long. */
public final class SearchOptions {
    @Option(names = "--search", paramLabel = "grid|random", defaultValue = "grid",
            description = "Grid search (every combination) or random search (needs --max-candidates) (default: ${DEFAULT-VALUE}).")
    String search;

    @Option(names = "--max-candidates", paramLabel = "N",
            description = "At most N candidates (required for random search; caps the grid).")
    Integer maxCandidates;

    @Option(names = "--max-minutes", paramLabel = "M",
            description = "Start no candidate after M minutes (running ones finish).")
    Double maxMinutes;

    public void check(OptionErrors errors) {
        Search s = parse();
        errors.require(s != null, "--search: unknown search '" + search + "'; use grid or random")
                .require(s == null || s.kind() != Search.Kind.RANDOM || maxCandidates != null,
                        "--search random needs --max-candidates N")
                .atLeast("--max-candidates", maxCandidates, 1)
                .require(maxMinutes == null || maxMinutes > 0, "--max-minutes must be > 0");
    }

    private Search parse() {
        try {
            return Search.parse(search);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Sets the search, its budget and its time limit on a sweep builder.
     *
     * @param discretization values a grid search takes from a continuous range
     */
    public <B extends SweepBuilder<B>> B applyTo(B builder, int discretization) {
        Search s = parse();
        builder.search(s.kind() == Search.Kind.GRID ? Search.grid(discretization) : s);
        if (maxCandidates != null) {
            builder.maxCandidates(maxCandidates);
        }
        if (maxMinutes != null) {
            builder.maxTime(Duration.ofMillis(Math.max(1, Math.round(maxMinutes * 60_000))));
        }
        return builder;
    }

    /** The search as the console shows it. */
    public String describe(int discretization) {
        Search s = parse();
        return (s.kind() == Search.Kind.GRID ? Search.grid(discretization) : s).toString();
    }
}
