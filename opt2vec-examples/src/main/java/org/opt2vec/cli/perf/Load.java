package org.opt2vec.cli.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** The machine's load average, printed beside every figure: timings on a shared machine mean little without it. */
final class Load {
    private Load() {
    }

    /** e.g. "load average 0.42 0.61 0.70 at 12:03:07 (2 cores)". */
    static String describe() {
        String avg;
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            avg = f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            avg = l < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f", l);
        }
        return "load average " + avg + " at " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " ("
                + Runtime.getRuntime().availableProcessors() + " cores)";
    }
}
