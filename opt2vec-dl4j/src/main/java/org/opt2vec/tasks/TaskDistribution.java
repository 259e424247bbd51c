package org.opt2vec.tasks;

import java.util.List;

/**
 * A source of {@link Task}s: {@code sample(seed)} must return the same task for the same seed. Built-in families live
 * in {@link BuiltinTasks}; {@link TaskDistributions#mixture} combines distributions. Implement this interface to
 * meta-train or evaluate on your own networks and data (see {@link CsvTaskFamily} for an example). Distributions
 * are serializable, so that distributed meta-training can rebuild tasks from seeds on other machines; a task's data
 * may be made there from its seed, or read from a path that every machine has.
 */
public interface TaskDistribution extends java.io.Serializable {
    /** A short name, e.g. {@code "blobs"} or {@code "mixture(linear-1d,blobs)"}. */
    String name();

    /** The task for this seed (deterministic). */
    Task sample(long seed);

    /** Names of the families this distribution can produce (for a single family: its own name). */
    default List<String> families() {
        return List.of(name());
    }
}
