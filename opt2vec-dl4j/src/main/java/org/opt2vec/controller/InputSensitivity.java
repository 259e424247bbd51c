package org.opt2vec.controller;

import org.opt2vec.features.Feature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What each input feature does to a controller's outputs: for a set of base windows (all zeros, and random ones),
 * the feature's column is set to 0 and then to 1 in every row of the window, everything else kept, and the lr scale
 * and momentum are compared. A controller that ignores a feature shows a ratio of exactly 1 and a change of exactly 0
 * for it; the untrained controller shows that for every feature.
 *
 * <p>The windows are synthetic, so this shows what the weights can do, not what a run does with them: in a run the
 * features move together. It is cheap (two forward passes per window and feature) and needs no training.
 */
public final class InputSensitivity {
    /** Standard deviation of the random base windows, in the controller's (normalized) input units. */
    public static final double WINDOW_SD = 0.5;

    /**
     * One feature's effect over the base windows.
     *
     * @param lrRatio        lr scale with the feature at 1 over lr scale with it at 0: min, median, max
     * @param momentumChange momentum at 1 minus momentum at 0: min, median, max
     */
    public record Effect(Feature feature, double[] lrRatio, double[] momentumChange) {
        public Effect {
            lrRatio = lrRatio.clone();
            momentumChange = momentumChange.clone();
        }

        @Override
        public double[] lrRatio() {
            return lrRatio.clone();
        }

        @Override
        public double[] momentumChange() {
            return momentumChange.clone();
        }
    }

    private InputSensitivity() {
    }

    /**
     * @param windows base windows: the all-zero window and {@code windows - 1} random ones (normal, sd
     *                {@value #WINDOW_SD}, from {@code seed})
     * @return one effect per feature, in the architecture's column order
     */
    public static List<Effect> measure(ControllerArchitecture arch, double[] weights, OutputMapping mapping, int windows,
                                       long seed) {
        if (windows < 1) {
            throw new IllegalArgumentException("windows: need at least 1, was " + windows);
        }
        Controller c = new Controller(arch, weights, mapping);
        int f = arch.featureCount();
        int h = arch.historyLength();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] bases = new double[windows][arch.inputSize()];
        for (int b = 1; b < windows; b++) {
            for (int i = 0; i < bases[b].length; i++) {
                bases[b][i] = WINDOW_SD * gaussian(rnd);
            }
        }
        List<Feature> columns = arch.featureSet().columns(f);
        List<Effect> effects = new ArrayList<>(f);
        double[] in = new double[arch.inputSize()];
        for (int col = 0; col < f; col++) {
            double[] ratio = new double[windows];
            double[] change = new double[windows];
            for (int b = 0; b < windows; b++) {
                System.arraycopy(bases[b], 0, in, 0, in.length);
                setColumn(in, col, f, h, 0.0);
                c.forward(in);
                double lr0 = c.lrScale();
                double m0 = c.momentum();
                setColumn(in, col, f, h, 1.0);
                c.forward(in);
                ratio[b] = c.lrScale() / lr0;
                change[b] = c.momentum() - m0;
            }
            effects.add(new Effect(columns.get(col), summary(ratio), summary(change)));
        }
        return effects;
    }

    private static void setColumn(double[] window, int col, int featureCount, int historyLength, double value) {
        for (int r = 0; r < historyLength; r++) {
            window[r * featureCount + col] = value;
        }
    }

    /** min, median, max. */
    private static double[] summary(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        return new double[]{s[0], median, s[n - 1]};
    }

    /** Box–Muller on a SplittableRandom (deterministic for a seed on every JVM). */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
