package org.opt2vec.cli.benchmark;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;

/** Trains one network for one run and measures it. Runs are independent; this class holds no state. */
public final class SingleRun {
    private SingleRun() {
    }

    /**
     * @param decay  the learning-rate schedule over the run ({@link LrDecay#NONE}: the optimizer's own)
     * @param onStep called after every training minibatch (progress); may be null
     */
    public static RunResult execute(RunSpec spec, Workload workload, LrDecay decay, Runnable onStep) {
        long t0 = System.nanoTime();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
        Metric metric = spec.instance().metric();
        LossMonitor monitor = new LossMonitor(onStep);
        ControllerRecorder recorder = null;
        double initialLoss = Double.NaN;
        double raw = Double.NaN;
        double trainSeconds = 0;
        String error = null;
        try {
            IUpdater updater = decay.apply(spec.optimizer().create(), workload.steps());
            if (updater instanceof Opt2Vec o) {
                updater = o.forRun(workload.steps());
            }
            MultiLayerNetwork net = workload.network(updater, spec.seed());
            if (updater instanceof Opt2Vec o2v) {
                Opt2VecListener telemetry = new Opt2VecListener(ControllerRecorder.LISTENER_CAPACITY);
                recorder = new ControllerRecorder(telemetry, o2v);
                net.addListeners(telemetry, monitor, recorder);
                Opt2Vec.attach(net); // a no-op here (the listener is attached), kept as the documented usage
            } else {
                net.addListeners(monitor);
            }
            if (metric == Metric.HELD_OUT_LOSS) {
                initialLoss = workload.heldOutLoss(net, spec.seed());
            }
            DataSetIterator train = workload.train(spec.seed(), monitor::shouldStop);
            long tTrain = System.nanoTime();
            net.fit(train);
            trainSeconds = (System.nanoTime() - tTrain) / 1e9;
            raw = metric == Metric.ACCURACY ? workload.accuracy(net, spec.seed())
                    : workload.heldOutLoss(net, spec.seed());
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            error = describe(e);
        }
        String divergence = monitor.divergence();
        if (divergence == null && error == null && !Double.isFinite(raw)) {
            divergence = "non-finite " + metric.label() + " after training";
        }
        ControllerStats stats = recorder == null ? null
                : recorder.stats(spec.optimizer().kind() == OptimizerSpec.Kind.OPT2VEC);
        return new RunResult(spec, raw, initialLoss, monitor.finalTrainLoss(), divergence, error, monitor.steps(),
                workload.steps(), trainSeconds, (System.nanoTime() - t0) / 1e9,
                cpu0 < 0 ? Double.NaN : (mx.getCurrentThreadCpuTime() - cpu0) / 1e9, stats);
    }

    /** The exception and its root cause (DL4J wraps the interesting part, e.g. an out-of-memory, deep inside). */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + " (caused by " + root + ")";
    }
}
