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

import java.util.Arrays;
import java.util.List;

/**
 * One inner training run: a fresh network of the task trained for a number of minibatches with one optimizer, as
 * in ordinary use (real DL4J network, real updater, {@code fit(DataSetIterator)}). Records each step's minibatch loss
 * and the held-out loss before and after training; for {@link Opt2Vec} also the controller's mean outputs.
 *
 * @param losses        minibatch loss of each step, measured before that step's update
 * @param heldOutBefore held-out loss of the initial network
 * @param heldOutAfter  held-out loss after the last step
 * @param accuracy      held-out accuracy after training (classification), else NaN
 * @param failed        true when training threw (the run then counts as diverged)
 * @param meanLrScale   mean Opt2Vec lr scale over the steps (NaN if not recorded)
 * @param meanMomentum  mean Opt2Vec momentum over the steps (NaN if not recorded)
 */
public record InnerRun(double[] losses, double heldOutBefore, double heldOutAfter, double accuracy, boolean failed,
                       double meanLrScale, double meanMomentum) {

    /**
     * Trains a fresh network of {@code task} for {@code steps} minibatches.
     *
     * @param recordController keep Opt2Vec telemetry to report the mean lr scale and momentum
     */
    public static InnerRun run(Task task, IUpdater updater, int steps, boolean recordController) {
        MultiLayerNetwork net = task.newNetwork(updater);
        List<DataSet> batches = task.trainBatches(steps);
        DataSet held = task.heldOut();
        double before = net.score(held);
        LossRecorder rec = new LossRecorder(steps);
        Opt2VecListener o2v = null;
        if (updater instanceof Opt2Vec) {
            o2v = new Opt2VecListener(recordController ? Math.max(1, steps * net.getnLayers() * 2) : 0);
            net.addListeners(o2v);
        }
        net.addListeners(rec);
        boolean failed = false;
        try {
            net.fit(new BatchListIterator(batches));
        } catch (RuntimeException e) {
            failed = true;
        }
        double after = Double.NaN;
        double accuracy = Double.NaN;
        if (!failed) {
            try {
                after = net.score(held);
                if (task.classification()) {
                    INDArray out = net.output(held.getFeatures(), false);
                    INDArray predicted = out.argMax(1);
                    INDArray actual = held.getLabels().argMax(1);
                    long n = actual.length();
                    long correct = 0;
                    for (long i = 0; i < n; i++) {
                        if (predicted.getLong(i) == actual.getLong(i)) {
                            correct++;
                        }
                    }
                    accuracy = (double) correct / n;
                }
            } catch (RuntimeException e) {
                failed = true;
            }
        }
        double lr = Double.NaN;
        double mu = Double.NaN;
        if (o2v != null && recordController) {
            List<Opt2VecStep> s = o2v.steps();
            if (!s.isEmpty()) {
                lr = s.stream().filter(x -> !x.neutralized()).mapToDouble(Opt2VecStep::lrScale).average().orElse(Double.NaN);
                mu = s.stream().filter(x -> !x.neutralized()).mapToDouble(Opt2VecStep::momentum).average().orElse(Double.NaN);
            }
        }
        double[] losses = rec.count == steps ? rec.losses : Arrays.copyOf(rec.losses, rec.count);
        return new InnerRun(losses, before, after, accuracy, failed, lr, mu);
    }

    /**
     * Mean over steps 1..T-1 of log(loss_t / heldOutBefore): the trajectory part of the meta-objective and the
     * "mean log-loss" of the evaluation tables. Scale-free: multiplying a task's loss by a constant leaves it unchanged.
     * NaN when a loss is not finite or the run failed.
     */
    public double meanLogLossRatio() {
        if (failed || losses.length < 2 || !(heldOutBefore > 0)) {
            return Double.NaN;
        }
        double s = 0;
        for (int t = 1; t < losses.length; t++) {
            if (!Double.isFinite(losses[t])) {
                return Double.NaN;
            }
            s += Math.log(Math.max(losses[t], 1e-30) / heldOutBefore);
        }
        return s / (losses.length - 1);
    }

    /** log(heldOutAfter / heldOutBefore); NaN when not finite. */
    public double heldOutLogRatio() {
        if (failed || !Double.isFinite(heldOutAfter) || !(heldOutBefore > 0)) {
            return Double.NaN;
        }
        return Math.log(Math.max(heldOutAfter, 1e-30) / heldOutBefore);
    }

    private static final class LossRecorder extends BaseTrainingListener {
        final double[] losses;
        int count;

        LossRecorder(int steps) {
            this.losses = new double[steps];
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (count < losses.length) {
                losses[count++] = model.score();
            }
        }
    }
}
