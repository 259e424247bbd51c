package org.opt2vec.cli.benchmark;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.util.Arrays;
import java.util.Locale;

/**
 * Records every minibatch loss of a run and decides whether the run diverged. A run diverges when
 * <ul>
 *   <li>a minibatch loss is NaN or infinite, or</li>
 *   <li>a minibatch loss exceeds {@value #SPIKE_FACTOR}× the first minibatch's loss (training stops right away in
 *       both cases), or</li>
 *   <li>at the end, the mean loss of the last 10 % of steps is above {@value #END_FACTOR}× the mean of the first
 *       {@value #HEAD} steps (training made the loss much worse).</li>
 * </ul>
 */
public final class LossMonitor extends BaseTrainingListener {
    public static final double SPIKE_FACTOR = 1000;
    public static final double END_FACTOR = 10;
    public static final int HEAD = 5;

    private final Runnable onStep;
    private double[] losses = new double[1024];
    private int n;
    private volatile String stopReason;

    /** @param onStep called after every minibatch (progress), may be null */
    public LossMonitor(Runnable onStep) {
        this.onStep = onStep;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        double loss = model.score();
        if (n == losses.length) {
            losses = Arrays.copyOf(losses, 2 * n);
        }
        losses[n++] = loss;
        if (stopReason == null) {
            if (!Double.isFinite(loss)) {
                stopReason = "non-finite loss at step " + (n - 1);
            } else if (n > 1 && Math.abs(loss) > SPIKE_FACTOR * Math.abs(losses[0])) {
                stopReason = String.format(Locale.ROOT, "loss %.4g at step %d is over %.0f× the first loss %.4g", loss,
                        n - 1, SPIKE_FACTOR, losses[0]);
            }
        }
        if (onStep != null) {
            onStep.run();
        }
    }

    /** True once the run should stop (it has diverged). */
    public boolean shouldStop() {
        return stopReason != null;
    }

    public int steps() {
        return n;
    }

    public double[] losses() {
        return Arrays.copyOf(losses, n);
    }

    /** Mean minibatch loss over the last 10 % of steps (at least one). */
    public double finalTrainLoss() {
        if (n == 0) {
            return Double.NaN;
        }
        int k = Math.max(1, n / 10);
        double s = 0;
        for (int i = n - k; i < n; i++) {
            s += losses[i];
        }
        return s / k;
    }

    /** Why the run diverged, or null when it did not. */
    public String divergence() {
        if (stopReason != null) {
            return stopReason;
        }
        if (n > HEAD) {
            double head = 0;
            for (int i = 0; i < HEAD; i++) {
                head += losses[i];
            }
            head /= HEAD;
            double end = finalTrainLoss();
            if (end > END_FACTOR * head) {
                return String.format(Locale.ROOT, "final loss %.4g is over %.0f× the first steps' %.4g", end,
                        END_FACTOR, head);
            }
        }
        return null;
    }
}
