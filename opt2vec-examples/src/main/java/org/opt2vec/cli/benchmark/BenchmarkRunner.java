package org.opt2vec.cli.benchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every (instance, optimizer, seed) on a fixed pool of Java threads. Runs share nothing mutable (each builds
 * its own network and iterator from its seed; data are read-only), so results do not depend on the number of
 * threads or on which thread ran what; they are returned in the fixed run order.
 */
public final class BenchmarkRunner {
    /** Told about progress; implementations must be thread-safe. */
    public interface Listener {
        /** After every training minibatch of any run. */
        void step();

        /** After a run finished. */
        void finished(RunResult result, int done, int total);
    }

    private BenchmarkRunner() {
    }

    /** The runs in their fixed order: instance by instance, seed by seed, optimizer by optimizer. */
    public static List<RunSpec> plan(List<Instance> instances, List<OptimizerSpec> optimizers, List<Long> seeds) {
        List<RunSpec> runs = new ArrayList<>();
        for (Instance in : instances) {
            for (long seed : seeds) {
                for (OptimizerSpec o : optimizers) {
                    runs.add(new RunSpec(runs.size(), in, o, seed));
                }
            }
        }
        return runs;
    }

    public static List<RunResult> run(List<RunSpec> runs, Map<String, Workload> workloads, int threads,
                                      LrDecay decay, Listener listener) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r);
            t.setName("benchmark-" + t.getId());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (RunSpec r : runs) {
                Workload w = workloads.get(r.instance().name());
                futures.add(pool.submit(() -> {
                    RunResult res = SingleRun.execute(r, w, decay, listener::step);
                    listener.finished(res, done.incrementAndGet(), runs.size());
                    return res;
                }));
            }
            List<RunResult> out = new ArrayList<>(runs.size());
            for (Future<RunResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run failed outside its own error handling: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A one-line summary of a finished run for logs. */
    public static String line(RunResult r, int done, int total) {
        String m = r.diverged() ? "DIVERGED (" + r.reason() + ")"
                : String.format(Locale.ROOT, "%s %.4f", r.spec().instance().metric().csvName(), r.rawMetric());
        return String.format(Locale.ROOT, "[%d/%d] %s: %s, %.1f s", done, total, r.spec().describe(), m,
                r.wallSeconds());
    }
}
