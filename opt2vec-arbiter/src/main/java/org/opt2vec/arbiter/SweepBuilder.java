package org.opt2vec.arbiter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The settings both sweep builders share ({@link TrainWithSweep.Builder}, {@link ArchitectureSweep.Builder});
 * they become one {@link SweepSettings} at {@code build()}.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class SweepBuilder<B extends SweepBuilder<B>> {
    private Search search;
    private int maxCandidates = -1;
    private Duration maxTime;
    private long seed;
    private int concurrency = 1;
    private Path outputDir;
    private String description;
    private Consumer<SweepRecord> onCandidate;

    SweepBuilder(Search defaultSearch, long defaultSeed) {
        this.search = defaultSearch;
        this.seed = defaultSeed;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Grid or random search. */
    public B search(Search search) { this.search = search; return self(); }

    /** At most this many candidates (required for random search; grid search defaults to the whole grid). */
    public B maxCandidates(int n) { this.maxCandidates = n; return self(); }

    /** Start no candidate after this time (running ones finish). */
    public B maxTime(Duration maxTime) { this.maxTime = maxTime; return self(); }

    public B seed(long seed) { this.seed = seed; return self(); }

    /** Candidates run at the same time (default 1). */
    public B concurrency(int n) { this.concurrency = n; return self(); }

    /** Where results.csv, report.md, scores.png and the saved models or weights go. */
    public B outputDir(Path dir) { this.outputDir = dir; return self(); }

    /** A line for the top of report.md, e.g. the command that started the sweep. */
    public B description(String d) { this.description = d; return self(); }

    /** Called as each candidate finishes (after its row is written), e.g. to print progress. */
    public B onCandidate(Consumer<SweepRecord> c) { this.onCandidate = c; return self(); }

    /** All run settings at once. */
    public B settings(SweepSettings s) {
        return search(s.search()).maxCandidates(s.maxCandidates()).maxTime(s.maxTime()).seed(s.seed())
                .concurrency(s.concurrency()).outputDir(s.outputDir()).description(s.description())
                .onCandidate(s.onCandidate());
    }

    /** @throws IllegalArgumentException naming a bad setting */
    SweepSettings settings() {
        return new SweepSettings(search, maxCandidates, maxTime, seed, concurrency, outputDir, description,
                onCandidate);
    }
}
