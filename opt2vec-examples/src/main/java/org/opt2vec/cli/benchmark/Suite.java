package org.opt2vec.cli.benchmark;

import java.util.List;
import java.util.Locale;

/** The benchmark suites: which instances, at which budgets, with how many seeds by default. */
public enum Suite {
    /** Every instance at its full budget (estimated at about 70 minutes on 2 idle cores). */
    FULL(3),
    /** A representative subset at smaller budgets for design iteration (about 6 minutes on 2 idle cores). */
    DEV(2),
    /** Tiny budgets, a handful of instances: checks the machinery end to end in well under a minute. */
    CI(1);

    private final int defaultSeeds;

    Suite(int defaultSeeds) {
        this.defaultSeeds = defaultSeeds;
    }

    public int defaultSeeds() {
        return defaultSeeds;
    }

    public List<Instance> instances() {
        return switch (this) {
            case FULL -> InstanceCatalog.full();
            case DEV -> InstanceCatalog.dev();
            case CI -> InstanceCatalog.ci();
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Suite parse(String s) {
        for (Suite v : values()) {
            if (v.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown suite '" + s + "' (valid: full, dev, ci)");
    }
}
