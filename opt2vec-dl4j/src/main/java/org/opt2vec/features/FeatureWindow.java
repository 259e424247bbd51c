package org.opt2vec.features;

/**
 * Turns the raw history ring into the controller's input vector.
 *
 * <p>The window is right-aligned: the newest row always sits in the last {@code featureCount} slots and missing
 * rows (the first steps of training) are zeros, so the controller sees "the newest step" at a fixed position.
 * With normalization, the log-scale columns become window z-scores clipped to [-{@value #CLIP}, {@value #CLIP}];
 * without it, raw values clipped to [-{@value #RAW_CLIP}, {@value #RAW_CLIP}] so nothing non-finite can reach the MLP.
 */
public final class FeatureWindow {
    public static final double CLIP = 3.0;
    static final double RAW_CLIP = 50.0;
    /** Std floor in log units: changes below 0.1 % are noise, not signal. */
    static final double STD_FLOOR = 1e-3;

    private final int historyLength;
    private final int featureCount;
    private final boolean normalize;
    private final double[] mean;
    private final double[] invStd;

    public FeatureWindow(int historyLength, int featureCount, boolean normalize) {
        this.historyLength = historyLength;
        this.featureCount = featureCount;
        this.normalize = normalize;
        this.mean = new double[featureCount];
        this.invStd = new double[featureCount];
    }

    /**
     * @param ring   raw rows, row r at {@code [r * featureCount, (r + 1) * featureCount)}
     * @param filled number of valid rows (at most historyLength)
     * @param newest ring index of the newest row
     * @param out    receives historyLength * featureCount values
     */
    public void fill(double[] ring, int filled, int newest, double[] out) {
        if (normalize) {
            computeStatistics(ring, filled, newest);
        }
        int missing = historyLength - filled;
        java.util.Arrays.fill(out, 0, missing * featureCount, 0.0);
        for (int k = 0; k < filled; k++) {
            // k = 0 is the oldest valid row
            int r = Math.floorMod(newest - (filled - 1 - k), historyLength);
            int src = r * featureCount;
            int dst = (missing + k) * featureCount;
            for (int f = 0; f < featureCount; f++) {
                double v = ring[src + f];
                double x;
                if (normalize) {
                    x = Feature.values()[f].zScored() ? (v - mean[f]) * invStd[f] : v;
                    x = clip(x, CLIP);
                } else {
                    x = clip(v, RAW_CLIP);
                }
                out[dst + f] = x;
            }
        }
    }

    private void computeStatistics(double[] ring, int filled, int newest) {
        for (int f = 0; f < featureCount; f++) {
            double s = 0;
            for (int k = 0; k < filled; k++) {
                s += ring[Math.floorMod(newest - k, historyLength) * featureCount + f];
            }
            double m = s / filled;
            double ss = 0;
            for (int k = 0; k < filled; k++) {
                double d = ring[Math.floorMod(newest - k, historyLength) * featureCount + f] - m;
                ss += d * d;
            }
            mean[f] = m;
            invStd[f] = 1.0 / Math.max(Math.sqrt(ss / filled), STD_FLOOR);
        }
    }

    static double clip(double x, double bound) {
        if (Double.isNaN(x)) {
            return 0.0;
        }
        return Math.max(-bound, Math.min(bound, x));
    }
}
