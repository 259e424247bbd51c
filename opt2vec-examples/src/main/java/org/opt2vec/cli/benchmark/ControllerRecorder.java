package org.opt2vec.cli.benchmark;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;
import org.opt2vec.dl4j.Opt2VecStep;

import java.util.Arrays;

/**
 * Records Opt2Vec's lr scale and momentum at every step without keeping {@link Opt2VecStep} objects: after each
 * iteration it drains the steps of the network's {@link Opt2VecListener} (a small-capacity one) into two float
 * arrays. Add it after the Opt2VecListener.
 */
public final class ControllerRecorder extends BaseTrainingListener {
    /** Capacity of the Opt2VecListener this recorder drains: enough for many updater blocks per iteration. */
    public static final int LISTENER_CAPACITY = 256;

    private final Opt2VecListener source;
    private final double lrMin;
    private final double lrMax;
    private float[] lr = new float[1024];
    private float[] mom = new float[1024];
    private int[] iter = new int[1024];
    private int n;
    private long neutralized;

    public ControllerRecorder(Opt2VecListener source, Opt2Vec config) {
        this.source = source;
        this.lrMin = config.getLrScaleMin();
        this.lrMax = config.getLrScaleMax();
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        for (Opt2VecStep s : source.steps()) {
            if (n == lr.length) {
                lr = Arrays.copyOf(lr, 2 * n);
                mom = Arrays.copyOf(mom, 2 * n);
                iter = Arrays.copyOf(iter, 2 * n);
            }
            if (s.neutralized()) {
                neutralized++;
            }
            lr[n] = (float) s.lrScale();
            mom[n] = (float) s.momentum();
            iter[n] = s.iteration();
            n++;
        }
        source.clear();
    }

    /** The summary; {@code keepAll} keeps every lr scale for pooled quantiles. */
    public ControllerStats stats(boolean keepAll) {
        float[] l = Arrays.copyOf(lr, n);
        float[] m = Arrays.copyOf(mom, n);
        double[] q = new double[ControllerStats.QUANTILES.length];
        float[] sortedLr = l.clone();
        Arrays.sort(sortedLr);
        for (int k = 0; k < q.length; k++) {
            q[k] = Quantiles.sorted(sortedLr, ControllerStats.QUANTILES[k]);
        }
        float[] sortedMom = m.clone();
        Arrays.sort(sortedMom);
        long atMin = 0;
        long atMax = 0;
        double sumLr = 0;
        double sumMom = 0;
        for (int i = 0; i < n; i++) {
            if (l[i] <= lrMin * (1 + ControllerStats.BOUND_TOLERANCE)) {
                atMin++;
            }
            if (l[i] >= lrMax * (1 - ControllerStats.BOUND_TOLERANCE)) {
                atMax++;
            }
            sumLr += l[i];
            sumMom += m[i];
        }
        int first = n == 0 ? 0 : iter[0];
        int last = n == 0 ? 0 : iter[n - 1];
        double span = Math.max(1, last - first + 1);
        double[] fifths = new double[5];
        for (int f = 0; f < 5; f++) {
            int ff = f;
            float[] part = subset(l, i -> (int) Math.min(4, (iter[i] - first) * 5 / span) == ff);
            Arrays.sort(part);
            fifths[f] = Quantiles.sorted(part, 0.5);
        }
        int bins = (int) Math.min(ControllerStats.TRACE_POINTS, Math.max(1, (long) span));
        double[] tx = new double[bins];
        double[] tl = new double[bins];
        double[] tm = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < n; i++) {
            int b = (int) Math.min(bins - 1, (iter[i] - first) * bins / span);
            tl[b] += l[i];
            tm[b] += m[i];
            tx[b] += iter[i];
            count[b]++;
        }
        int used = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                tx[used] = tx[b] / count[b];
                tl[used] = tl[b] / count[b];
                tm[used] = tm[b] / count[b];
                used++;
            }
        }
        return new ControllerStats(n, n == 0 ? Double.NaN : sumLr / n, q, n == 0 ? Double.NaN : (double) atMin / n,
                n == 0 ? Double.NaN : (double) atMax / n, fifths, n == 0 ? Double.NaN : sumMom / n,
                Quantiles.sorted(sortedMom, 0.5), neutralized, lrMin, lrMax, Arrays.copyOf(tx, used),
                Arrays.copyOf(tl, used), Arrays.copyOf(tm, used), keepAll ? l : null);
    }

    private float[] subset(float[] v, java.util.function.IntPredicate keep) {
        float[] out = new float[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (keep.test(i)) {
                out[k++] = v[i];
            }
        }
        return Arrays.copyOf(out, k);
    }
}
