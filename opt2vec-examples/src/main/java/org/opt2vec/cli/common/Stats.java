package org.opt2vec.cli.common;

import java.util.Arrays;

/** Small descriptive statistics for reports. NaN-free inputs are the caller's business. */
public final class Stats {
    private Stats() {
    }

    public static double mean(double[] x) {
        return x.length == 0 ? Double.NaN : Arrays.stream(x).sum() / x.length;
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    public static double sd(double[] x) {
        if (x.length < 2) {
            return x.length == 1 ? 0 : Double.NaN;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }

    /** Pearson correlation; NaN when either side has no variance. */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("lengths differ: " + x.length + " vs " + y.length);
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Mean of the last {@code n} values (all if fewer). */
    public static double tailMean(double[] x, int n) {
        return mean(Arrays.copyOfRange(x, Math.max(0, x.length - n), x.length));
    }

    /** Trailing moving average with the given window, for plotting noisy per-step losses. */
    public static double[] movingAverage(double[] x, int window) {
        double[] out = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i];
            if (i >= window) {
                sum -= x[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    /** "0.9712 ± 0.0021" style, with the given decimals. */
    public static String meanSd(double[] x, int decimals) {
        String f = "%." + decimals + "f";
        return String.format(java.util.Locale.ROOT, f + " ± " + f, mean(x), sd(x));
    }
}
