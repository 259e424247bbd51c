package org.opt2vec.spark;

import org.apache.spark.Success$;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.Locale;

/**
 * What a {@link SparkCandidateEvaluator} moved and how long its tasks ran: broadcast sizes (measured in Java
 * serialization, Spark's default format), and from Spark's own task metrics the size of every task result and the
 * executor time of every task. Thread-safe: Spark reports task ends on its listener thread.
 */
public final class TransferLog extends SparkListener {
    private long specBytes;
    private int specBroadcasts;
    private long thetaBytes;
    private int steps;
    private long runs;
    private long tasks;
    private long succeededTasks;
    private long failedAttempts;
    private long resultBytes;
    private long maxResultBytes;
    private long runMillis;
    private long maxRunMillis;
    private long deserializeMillis;
    private long cpuNanos;
    private long evaluateNanos;

    synchronized void specBroadcast(long bytes) {
        specBytes = bytes;
        specBroadcasts++;
    }

    synchronized void thetaBroadcast(long bytes) {
        thetaBytes = bytes;
    }

    synchronized void stepDone(int runs, int tasks, long nanos) {
        this.steps++;
        this.runs += runs;
        this.tasks += tasks;
        this.evaluateNanos += nanos;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        TaskMetrics m = end.taskMetrics();
        if (end.reason() instanceof Success$) {
            succeededTasks++;
            if (m != null) {
                resultBytes += m.resultSize();
                maxResultBytes = Math.max(maxResultBytes, m.resultSize());
                runMillis += m.executorRunTime();
                maxRunMillis = Math.max(maxRunMillis, m.executorRunTime());
                deserializeMillis += m.executorDeserializeTime();
                cpuNanos += m.executorCpuTime();
            }
        } else {
            failedAttempts++;
        }
    }

    /** Java-serialized size of the meta-training spec: broadcast once per run. */
    public synchronized long specBytes() { return specBytes; }

    /** How often a spec was broadcast (once per meta-training call). */
    public synchronized int specBroadcasts() { return specBroadcasts; }

    /** Java-serialized size of θ: broadcast once per meta-step. */
    public synchronized long thetaBytes() { return thetaBytes; }

    public synchronized int steps() { return steps; }

    public synchronized long runs() { return runs; }

    public synchronized long tasks() { return tasks; }

    public synchronized long succeededTasks() { return succeededTasks; }

    /** Task attempts that failed (and were retried, or failed the job). */
    public synchronized long failedAttempts() { return failedAttempts; }

    /** Bytes of all successful task results, as Spark measured them (serialized result sent to the driver). */
    public synchronized long resultBytes() { return resultBytes; }

    public synchronized long maxResultBytes() { return maxResultBytes; }

    /** Executor run time of all successful tasks, milliseconds. */
    public synchronized long runMillis() { return runMillis; }

    /** The longest executor run time of one successful task since the start or {@link #resetMax()}, milliseconds. */
    public synchronized long maxRunMillis() { return maxRunMillis; }

    /** Starts {@link #maxRunMillis()} afresh (e.g. after a warm-up). */
    public synchronized void resetMax() { maxRunMillis = 0; }

    /** Executor time spent deserializing tasks (closure, partition, first broadcast fetch), milliseconds. */
    public synchronized long deserializeMillis() { return deserializeMillis; }

    /** Executor CPU time of all successful tasks, nanoseconds. */
    public synchronized long cpuNanos() { return cpuNanos; }

    /** Wall time of the evaluate calls (broadcast, tasks, collect), nanoseconds. */
    public synchronized long evaluateNanos() { return evaluateNanos; }

    /** The counters now, to measure a stretch of work as the difference of two snapshots. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(steps, runs, tasks, succeededTasks, failedAttempts, resultBytes, runMillis,
                deserializeMillis, cpuNanos, evaluateNanos);
    }

    /** The cumulative counters of a {@link TransferLog} at one moment. */
    public record Snapshot(int steps, long runs, long tasks, long succeededTasks, long failedAttempts,
                           long resultBytes, long runMillis, long deserializeMillis, long cpuNanos,
                           long evaluateNanos) {
        public Snapshot minus(Snapshot o) {
            return new Snapshot(steps - o.steps, runs - o.runs, tasks - o.tasks, succeededTasks - o.succeededTasks,
                    failedAttempts - o.failedAttempts, resultBytes - o.resultBytes, runMillis - o.runMillis,
                    deserializeMillis - o.deserializeMillis, cpuNanos - o.cpuNanos, evaluateNanos - o.evaluateNanos);
        }
    }

    @Override
    public synchronized String toString() {
        return String.format(Locale.ROOT, "spec %d B x%d, theta %d B/step, %d steps, %d runs in %d tasks (%d failed "
                        + "attempts), results %d B (max %d B/task), executor run time %d ms, deserialize %d ms", specBytes,
                specBroadcasts, thetaBytes, steps, runs, tasks, failedAttempts, resultBytes, maxResultBytes, runMillis,
                deserializeMillis);
    }
}
