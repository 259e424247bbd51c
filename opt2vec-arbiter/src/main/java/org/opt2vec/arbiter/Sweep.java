package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

import java.io.IOException;

/**
 * A checked, ready sweep over a search space: {@link TrainWithSweep} or {@link ArchitectureSweep}. Made by their
 * builders, which check the space and the {@link SweepSettings} before any candidate runs.
 */
public abstract class Sweep {
    private final ParameterSpace<?> searchSpace;
    private final SweepSettings settings;

    Sweep(ParameterSpace<?> searchSpace, SweepSettings settings) {
        this.searchSpace = searchSpace;
        this.settings = settings;
    }

    public SweepSettings settings() {
        return settings;
    }

    /** The number of candidates this sweep will run at most. */
    public int plannedCandidates() {
        return settings.plannedCandidates(searchSpace);
    }

    /**
     * Runs the search in this thread; returns when every planned candidate finished or the time limit passed.
     * results.csv, report.md and scores.png in the output directory follow each finished candidate.
     *
     * @throws IOException when the output directory cannot be written
     */
    public abstract SweepResult run() throws IOException;
}
