package org.opt2vec.features;

import java.util.Arrays;
import java.util.List;

/**
 * Turns the raw history ring into the controller's input vector.
 *
 * <p>The window is right-aligned: the newest row always sits in the last {@code featureCount} slots and missing
 * rows (the first steps of training) are zeros, so the controller sees "the newest step" at a fixed position.
 * With normalization, {@link Feature.Scale#LOG} columns are presented relative to the window (z-scores clipped to
 * ±{@value #Z_CLIP} for {@link FeatureSet#V1}, deviations from the window mean clipped to ±{@value #CENTER_CLIP} for
 * {@link FeatureSet#V2}) and bounded columns as they are; without it, raw values clipped to ±{@value #RAW_CLIP}, so
 * nothing non-finite can reach the MLP.
 */
public final class FeatureWindow {
    public static final double Z_CLIP = 3.0;
    public static final double CENTER_CLIP = 5.0;
    static final double RAW_CLIP = 50.0;
    /** Std floor in log units: changes below 0.1 % are noise, not signal. */
    static final double STD_FLOOR = 1e-3;

    private final int historyLength;
    private final int featureCount;
    private final boolean normalize;
    private final boolean zScores;
    private final boolean[] relative;
    private final double[] bound;
    private final double[] mean;
    private final double[] invStd;

    public FeatureWindow(int historyLength, FeatureSet set, int featureCount, boolean normalize) {
        this.historyLength = historyLength;
        this.featureCount = featureCount;
        this.normalize = normalize;
        this.zScores = set == FeatureSet.V1;
        List<Feature> columns = set.columns(featureCount);
        this.relative = new boolean[featureCount];
        this.bound = new double[featureCount];
        for (int c = 0; c < featureCount; c++) {
            Feature f = columns.get(c);
            relative[c] = f.scale() == Feature.Scale.LOG;
            bound[c] = relative[c] ? (zScores ? Z_CLIP : CENTER_CLIP) : (zScores ? Z_CLIP : f.bound());
        }
        this.mean = new double[featureCount];
        this.invStd = new double[featureCount];
        Arrays.fill(invStd, 1.0);
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
        Arrays.fill(out, 0, missing * featureCount, 0.0);
        for (int k = 0; k < filled; k++) {
            // k = 0 is the oldest valid row
            int r = Math.floorMod(newest - (filled - 1 - k), historyLength);
            int src = r * featureCount;
            int dst = (missing + k) * featureCount;
            for (int f = 0; f < featureCount; f++) {
                double v = ring[src + f];
                out[dst + f] = normalize
                        ? clip(relative[f] ? (v - mean[f]) * invStd[f] : v, bound[f])
                        : clip(v, RAW_CLIP);
            }
        }
    }

    private void computeStatistics(double[] ring, int filled, int newest) {
        for (int f = 0; f < featureCount; f++) {
            if (!relative[f]) {
                continue;
            }
            double s = 0;
            for (int k = 0; k < filled; k++) {
                s += ring[Math.floorMod(newest - k, historyLength) * featureCount + f];
            }
            double m = s / filled;
            mean[f] = m;
            if (zScores) {
                double ss = 0;
                for (int k = 0; k < filled; k++) {
                    double d = ring[Math.floorMod(newest - k, historyLength) * featureCount + f] - m;
                    ss += d * d;
                }
                invStd[f] = 1.0 / Math.max(Math.sqrt(ss / filled), STD_FLOOR);
            }
        }
    }

    static double clip(double x, double bound) {
        if (Double.isNaN(x)) {
            return 0.0;
        }
        return Math.max(-bound, Math.min(bound, x));
    }
}
