package org.opt2vec.cli.benchmark;

import java.util.List;

/**
 * How the benchmark was run, for the report.
 *
 * @param commandLine    the command as typed
 * @param suite          the suite
 * @param seeds          the seeds
 * @param threads        Java threads running runs in parallel
 * @param nativeThreads  ND4J/OpenBLAS threads per operation
 * @param ompEnv         the OMP_NUM_THREADS environment variable (or "unset")
 * @param startedAt      ISO date-time of the start
 * @param wallSeconds    wall time of the whole benchmark (data preparation, runs, report)
 * @param runSeconds     wall time of the runs alone
 * @param prepareSeconds wall time of loading / generating the data
 * @param peakRssMiB     the process's peak resident memory
 * @param maxHeapMiB     the JVM's heap limit
 * @param cores          available processors
 * @param lrDecay        the learning-rate schedule applied to every optimizer's runs
 */
public record RunInfo(String commandLine, Suite suite, List<Long> seeds, int threads, int nativeThreads, String ompEnv,
                      String startedAt, double wallSeconds, double runSeconds, double prepareSeconds, double peakRssMiB,
                      double maxHeapMiB, int cores, LrDecay lrDecay) {
}
