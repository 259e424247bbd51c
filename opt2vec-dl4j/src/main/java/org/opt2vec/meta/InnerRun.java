package org.opt2vec.meta;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;
import org.opt2vec.dl4j.Opt2VecStep;
import org.opt2vec.tasks.Task;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/**
 * One inner training run: a fresh network of the task trained for a number of minibatches with one optimizer, as
 * in ordinary use (real DL4J network, real updater, {@code fit(DataSetIterator)}). Records each step's minibatch loss
 * and the held-out loss before, along and after training; for {@link Opt2Vec} also the controller's mean outputs.
 *
 * @param losses       minibatch loss of each step, measured before that step's update
 * @param heldOut      held-out loss of the initial network, then at each evaluation point; the last is after the
 *                     last step (a single value when training threw before the end)
 * @param accuracy     held-out accuracy after training (classification), else NaN
 * @param error        when training threw: the exception and its stack trace; else null
 * @param meanLrScale  mean Opt2Vec lr scale over the steps (NaN if not recorded)
 * @param meanMomentum mean Opt2Vec momentum over the steps (NaN if not recorded)
 */
public record InnerRun(double[] losses, double[] heldOut, double accuracy, String error, double meanLrScale,
                       double meanMomentum) {

    /** Trains a fresh network of {@code task} for {@code steps} minibatches; held-out loss before and after. */
    public static InnerRun run(Task task, IUpdater updater, int steps, boolean recordController) {
        return run(task, updater, steps, recordController, 1);
    }

    /**
     * Trains a fresh network of {@code task} for {@code steps} minibatches.
     *
     * @param recordController keep the mean Opt2Vec lr scale and momentum
     * @param heldOutPoints    held-out evaluations at evenly spaced steps (the last after the last step), >= 1
     */
    public static InnerRun run(Task task, IUpdater updater, int steps, boolean recordController, int heldOutPoints) {
        return run(new Prepared(task, steps), updater, recordController, heldOutPoints, true);
    }

    /**
     * A task's data for runs of a given length, made once and reused by the runs of one thread (INDArrays are not
     * shared between threads), with the held-out loss of the task's initial network once a run has measured it: every
     * run starts from the same network, whatever its updater, so the value is the same for all of them.
     */
    static final class Prepared {
        private final Task task;
        private final int steps;
        private final DataSet held;
        private final List<DataSet> batches;
        /** The task's network for the runs on this data: reused between them, or made anew for each. */
        private final ReusableNetwork network;
        private double heldOutBefore = Double.NaN;

        Prepared(Task task, int steps) {
            this(task, steps, false);
        }

        /** @param reuseNetwork reuse one network for all runs on this data (see {@link ReusableNetwork}) */
        Prepared(Task task, int steps, boolean reuseNetwork) {
            this.task = task;
            this.steps = steps;
            this.held = task.heldOut();
            this.batches = task.trainBatches(steps);
            this.network = new ReusableNetwork(task, reuseNetwork);
        }

        Task task() {
            return task;
        }

        int steps() {
            return steps;
        }
    }

    /**
     * One run on prepared data (see {@link Prepared}).
     *
     * @param accuracy measure the held-out accuracy of classification tasks (meta-training does not use it)
     */
    static InnerRun run(Prepared p, IUpdater updater, boolean recordController, int heldOutPoints, boolean accuracy) {
        Task task = p.task;
        int steps = p.steps;
        if (updater instanceof Opt2Vec o) {
            updater = o.forRun(steps);
        }
        MultiLayerNetwork net = p.network.get(updater);
        DataSet held = p.held;
        int points = Math.max(1, heldOutPoints);
        double[] heldOut = new double[points + 1];
        if (Double.isNaN(p.heldOutBefore)) {
            p.heldOutBefore = net.score(held);
        }
        heldOut[0] = p.heldOutBefore;
        Recorder rec = new Recorder(steps, points, held);
        ControllerMeans means = new ControllerMeans();
        if (updater instanceof Opt2Vec) {
            net.addListeners(new Opt2VecListener(0, recordController ? means::add : null));
        }
        net.addListeners(rec);
        String error = null;
        try {
            net.fit(new BatchListIterator(p.batches));
        } catch (RuntimeException e) {
            error = stackTrace(e);
        }
        double acc = Double.NaN;
        if (error == null) {
            try {
                System.arraycopy(rec.heldOut, 0, heldOut, 1, points - 1);
                heldOut[points] = net.score(held);
                if (accuracy && task.classification()) {
                    acc = accuracy(net, held);
                }
            } catch (RuntimeException e) {
                error = stackTrace(e);
            }
        }
        if (error != null) {
            p.network.discard();
        }
        double[] losses = rec.count == steps ? rec.losses : Arrays.copyOf(rec.losses, rec.count);
        return new InnerRun(losses, error == null ? heldOut : new double[]{heldOut[0]}, acc, error,
                means.lrScale(), means.momentum());
    }

    public double heldOutBefore() {
        return heldOut[0];
    }

    /** Held-out loss after the last step; NaN when training failed. */
    public double heldOutAfter() {
        return heldOut.length > 1 ? heldOut[heldOut.length - 1] : Double.NaN;
    }

    public boolean failed() {
        return error != null;
    }

    /**
     * Mean over steps 1..T-1 of log(loss_t / heldOutBefore): the trajectory part of the meta-objective and the
     * "mean log-loss" of the evaluation tables. Scale-free: multiplying a task's loss by a constant leaves it unchanged.
     * NaN when a loss is not finite or the run failed.
     */
    public double meanLogLossRatio() {
        if (failed() || losses.length < 2 || !(heldOutBefore() > 0)) {
            return Double.NaN;
        }
        double s = 0;
        for (int t = 1; t < losses.length; t++) {
            if (!Double.isFinite(losses[t])) {
                return Double.NaN;
            }
            s += Math.log(Math.max(losses[t], 1e-30) / heldOutBefore());
        }
        return s / (losses.length - 1);
    }

    /** log(heldOutAfter / heldOutBefore); NaN when not finite. */
    public double heldOutLogRatio() {
        if (failed() || !Double.isFinite(heldOutAfter()) || !(heldOutBefore() > 0)) {
            return Double.NaN;
        }
        return Math.log(Math.max(heldOutAfter(), 1e-30) / heldOutBefore());
    }

    private static double accuracy(MultiLayerNetwork net, DataSet held) {
        INDArray predicted = net.output(held.getFeatures(), false).argMax(1);
        INDArray actual = held.getLabels().argMax(1);
        long n = actual.length();
        long correct = 0;
        for (long i = 0; i < n; i++) {
            if (predicted.getLong(i) == actual.getLong(i)) {
                correct++;
            }
        }
        return (double) correct / n;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Minibatch losses, and the held-out loss at the evaluation points before the end. */
    private static final class Recorder extends BaseTrainingListener {
        final double[] losses;
        final double[] heldOut;
        final int steps;
        final int points;
        final DataSet held;
        int count;

        Recorder(int steps, int points, DataSet held) {
            this.losses = new double[steps];
            this.heldOut = new double[Math.max(0, points - 1)];
            this.steps = steps;
            this.points = points;
            this.held = held;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (count < losses.length) {
                losses[count++] = model.score();
                // Point k (1..points-1) after step round(k * steps / points).
                for (int k = 1; k < points; k++) {
                    if (count == Math.round((double) k * steps / points)) {
                        heldOut[k - 1] = ((MultiLayerNetwork) model).score(held);
                    }
                }
            }
        }
    }

    /** Running means of the controller's outputs over the applied steps. */
    private static final class ControllerMeans {
        private double lr;
        private double mu;
        private int n;

        void add(Opt2VecStep s) {
            if (!s.neutralized()) {
                lr += s.lrScale();
                mu += s.momentum();
                n++;
            }
        }

        double lrScale() {
            return n == 0 ? Double.NaN : lr / n;
        }

        double momentum() {
            return n == 0 ? Double.NaN : mu / n;
        }
    }
}
