package org.opt2vec.state.kernel;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed pool of daemon threads that helps run the segments of one pass over a large block. The calling
 * thread always works too and claims segments itself, so a call never waits for a segment nobody has started: with
 * every helper busy elsewhere (or none at all) it simply runs them all. Which thread runs which segment does not
 * matter for the result: every segment writes its own partial sums, and the caller adds them in segment order
 * ({@link Plan}).
 *
 * <p>Size: {@code -Dopt2vec.kernel.threads=N} threads in all, the caller included (default: the available
 * processors, at most 8); 1 runs everything on the calling thread. Helpers touch only the Java NIO views and
 * scratch arrays handed to them, never ND4J, and only while the calling thread waits inside the call, so the
 * arrays behind the views are strongly reachable (the caller holds them) for as long as any helper uses them.
 */
public final class KernelPool {
    /** Work of one call: run segment {@code segment}, on any thread, with that thread's scratch. */
    @FunctionalInterface
    public interface SegmentTask {
        void run(int segment, Scratch scratch);
    }

    /** Threads in all, the caller included. */
    public static final int THREADS = threads();
    /** How long an idle helper keeps looking for work before it parks: the next pass usually follows at once. */
    private static final long SPIN_NANOS = 20_000;

    private static final ConcurrentLinkedQueue<Job> JOBS = new ConcurrentLinkedQueue<>();
    private static final Helper[] HELPERS = new Helper[THREADS - 1];
    private static volatile boolean started;

    private KernelPool() {
    }

    private static int threads() {
        int cores = Runtime.getRuntime().availableProcessors();
        int t = Integer.getInteger("opt2vec.kernel.threads", Math.min(cores, 8));
        return Math.max(1, Math.min(t, 64));
    }

    /**
     * Runs {@code task} for segments 0 .. segments-1 and returns when all have finished. With {@code parallel} false
     * (or a pool of one) they run on the calling thread, in order.
     *
     * @throws RuntimeException or Error thrown by a segment (the first one), after every claimed segment finished
     */
    public static void run(int segments, boolean parallel, SegmentTask task) {
        Scratch own = Scratch.get();
        if (!parallel || segments < 2 || THREADS < 2) {
            for (int s = 0; s < segments; s++) {
                task.run(s, own);
            }
            return;
        }
        ensureStarted();
        Job job = new Job(segments, task);
        JOBS.add(job);
        for (Helper h : HELPERS) {
            if (h.parked) {
                LockSupport.unpark(h);
            }
        }
        job.work(own);
        JOBS.remove(job);
        // Segments claimed by helpers are short; wait for them without parking.
        int spins = 0;
        while (job.finished.get() < segments) {
            if (++spins < 1_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable t = job.error;
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static void ensureStarted() {
        if (started) {
            return;
        }
        synchronized (KernelPool.class) {
            if (!started) {
                for (int i = 0; i < HELPERS.length; i++) {
                    HELPERS[i] = new Helper(i + 1);
                    HELPERS[i].start();
                }
                started = true;
            }
        }
    }

    /** One call's segments: claimed one at a time by whoever is free. */
    private static final class Job {
        final int segments;
        final SegmentTask task;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        volatile Throwable error;

        Job(int segments, SegmentTask task) {
            this.segments = segments;
            this.task = task;
        }

        /** Claims and runs segments until none is left. */
        void work(Scratch scratch) {
            int s;
            while ((s = next.getAndIncrement()) < segments) {
                try {
                    if (error == null) {
                        task.run(s, scratch);
                    }
                } catch (Throwable t) {
                    if (error == null) {
                        error = t;
                    }
                } finally {
                    finished.incrementAndGet();
                }
            }
        }
    }

    private static final class Helper extends Thread {
        volatile boolean parked;

        Helper(int index) {
            super("opt2vec-kernel-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            Scratch scratch = Scratch.get();
            long idleSince = System.nanoTime();
            while (true) {
                Job job = JOBS.peek();
                if (job != null) {
                    job.work(scratch);
                    JOBS.remove(job);
                    idleSince = System.nanoTime();
                    continue;
                }
                if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (JOBS.isEmpty()) {
                    LockSupport.park(this);
                }
                parked = false;
                idleSince = System.nanoTime();
            }
        }
    }
}
