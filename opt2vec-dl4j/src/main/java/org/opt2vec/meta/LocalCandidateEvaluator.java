package org.opt2vec.meta;

import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs a meta-step's inner runs on a fixed pool of Java threads in this JVM. */
public final class LocalCandidateEvaluator implements CandidateEvaluator {
    private final int threads;
    private final ExecutorService pool;

    public LocalCandidateEvaluator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.threads = threads;
        AtomicInteger threadNo = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            // ND4J's workspaces belong to the thread that made them; a pool thread that ends releases its own.
            Runnable body = () -> {
                try {
                    r.run();
                } finally {
                    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
                }
            };
            Thread t = new Thread(body, "opt2vec-meta-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public RunScore[][] evaluate(MetaTrainingSpec spec, int step, double[] theta) {
        int candidates = spec.baseline() + 1;
        int tasks = spec.tasksPerStep();
        List<Callable<RunScore>> jobs = new ArrayList<>(candidates * tasks);
        // Task-major order: the runs of one task follow each other, so its data is made once and stays warm.
        for (int j = 0; j < tasks; j++) {
            for (int c = 0; c < candidates; c++) {
                int cc = c;
                int jj = j;
                jobs.add(() -> spec.evaluate(theta, step, cc, jj));
            }
        }
        List<RunScore> done = runAll(jobs);
        RunScore[][] out = new RunScore[candidates][tasks];
        int i = 0;
        for (int j = 0; j < tasks; j++) {
            for (int c = 0; c < candidates; c++) {
                out[c][j] = done.get(i++);
            }
        }
        return out;
    }

    /** Runs the jobs on the pool and returns their results in the jobs' order. */
    <T> List<T> runAll(List<Callable<T>> jobs) {
        List<Future<T>> futures = new ArrayList<>(jobs.size());
        for (Callable<T> j : jobs) {
            futures.add(pool.submit(j));
        }
        List<T> out = new ArrayList<>(jobs.size());
        for (Future<T> f : futures) {
            out.add(get(f));
        }
        return out;
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("meta-training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an inner run could not be executed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public String describe() {
        return threads + " local thread" + (threads == 1 ? "" : "s");
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
