package org.opt2vec.cli.benchmark;

/** Quantiles with linear interpolation between order statistics (type 7, as R and NumPy default). */
public final class Quantiles {
    private Quantiles() {
    }

    /** The q-quantile of ascending {@code v}; NaN when empty. */
    public static double sorted(float[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double h = (v.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (h - lo) * (v[hi] - v[lo]);
    }

    /** The q-quantile of ascending {@code v}; NaN when empty. */
    public static double sorted(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double h = (v.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (h - lo) * (v[hi] - v[lo]);
    }
}
