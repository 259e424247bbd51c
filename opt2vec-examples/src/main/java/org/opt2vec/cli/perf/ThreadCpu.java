package org.opt2vec.cli.perf;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this process's threads, grouped by what they do (Linux: /proc/self/task; elsewhere only the total).
 * A snapshot, so that the CPU a measurement used can be split into the inner runs' threads, the JIT compiler, the
 * garbage collector, ND4J's and JavaCPP's deallocator threads and the rest.
 */
final class ThreadCpu {
    static final String[] GROUPS = {"meta-training threads", "JIT compiler", "garbage collector",
            "ND4J/JavaCPP deallocators", "other"};
    private static final double TICKS_PER_SECOND = 100.0;

    /** Per thread (Linux task id): its group and CPU seconds. */
    private final Map<String, double[]> threads = new HashMap<>();
    final double processSeconds;

    private ThreadCpu(double processSeconds) {
        this.processSeconds = processSeconds;
    }

    static ThreadCpu snapshot() {
        double process = Double.NaN;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            process = os.getProcessCpuTime() / 1e9;
        }
        ThreadCpu t = new ThreadCpu(process);
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return t;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path task : ds) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double s = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    int g = group(name);
                    t.threads.put(task.getFileName().toString(), new double[]{g, s});
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return t;
        }
        return t;
    }

    private static int group(String name) {
        if (name.startsWith("opt2vec-meta") || name.startsWith("opt2vec-kernel")) {
            return 0;
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return 1;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")
                || name.startsWith("Reference Handl")) {
            return 2;
        }
        if (name.startsWith("Deallocator") || name.startsWith("JavaCPP")) {
            return 3;
        }
        return 4;
    }

    /**
     * CPU seconds per group between {@code before} and this snapshot, of the threads alive now (those started since
     * count from zero; those that ended meanwhile are in no group).
     */
    Map<String, Double> since(ThreadCpu before) {
        double[] d = new double[GROUPS.length];
        for (Map.Entry<String, double[]> e : threads.entrySet()) {
            double[] was = before.threads.get(e.getKey());
            int g = (int) e.getValue()[0];
            d[g] += e.getValue()[1] - (was != null && (int) was[0] == g ? was[1] : 0);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < GROUPS.length; i++) {
            m.put(GROUPS[i], d[i]);
        }
        return m;
    }
}
