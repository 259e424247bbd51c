package org.opt2vec.meta;

import java.io.Serializable;

/**
 * The meta-loss of one inner run (lower is better), scale-free across tasks:
 * <pre>
 *   J = trajectoryWeight * mean_{t=1..T-1} clip(log(L_t / H_0))
 *     + curveWeight      * mean_{k=1..K}   clip(log(H_k / H_0))
 *     + heldOutWeight    * clip(log(H_T / H_0))
 * </pre>
 * where L_t is the minibatch loss before step t, H_0 and H_T the held-out loss before and after training, H_1..H_K
 * the held-out loss at K evenly spaced points of the run (H_K = H_T), and clip bounds each term to
 * [log 1e-6, log explodeFactor]. The trajectory term rewards fast progress on the training data, the held-out terms
 * progress that generalizes, along the run and at its end. A run that diverges (NaN/Inf loss, a loss above
 * explodeFactor * H_0) or throws gets the worst possible value: it ranks last, and can never produce a NaN
 * meta-gradient.
 *
 * @param trajectoryWeight weight of the training-loss trajectory (>= 0)
 * @param heldOutWeight    weight of the final held-out loss (>= 0)
 * @param curveWeight      weight of the held-out curve (>= 0)
 * @param heldOutPoints    K: held-out evaluations along the run (0 when curveWeight is 0)
 * @param explodeFactor    loss growth above which a run counts as diverged (> 1)
 */
public record MetaObjective(double trajectoryWeight, double heldOutWeight, double curveWeight, int heldOutPoints,
                            double explodeFactor) implements Serializable {
    /** The training trajectory plus the final held-out loss, equally weighted. */
    public static final MetaObjective DEFAULT = new MetaObjective(1.0, 1.0, 0.0, 0, 1e3);
    private static final double FLOOR = Math.log(1e-6);

    public MetaObjective {
        for (double w : new double[]{trajectoryWeight, heldOutWeight, curveWeight}) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("objective weights must be finite and >= 0, were "
                        + trajectoryWeight + ", " + heldOutWeight + ", " + curveWeight);
            }
        }
        if (trajectoryWeight + heldOutWeight + curveWeight == 0) {
            throw new IllegalArgumentException("objective weights must not all be 0");
        }
        if (heldOutPoints < 0 || (curveWeight > 0 && heldOutPoints < 1)) {
            throw new IllegalArgumentException("heldOutPoints must be >= 0, and >= 1 with a curve weight; was "
                    + heldOutPoints);
        }
        if (!(explodeFactor > 1) || !Double.isFinite(explodeFactor)) {
            throw new IllegalArgumentException("explodeFactor must be finite and > 1, was " + explodeFactor);
        }
    }

    /** The same objective with another held-out weight. */
    public MetaObjective withHeldOutWeight(double w) {
        return new MetaObjective(trajectoryWeight, w, curveWeight, heldOutPoints, explodeFactor);
    }

    /** The same objective with a held-out curve of {@code points} evaluations weighted by {@code weight}. */
    public MetaObjective withCurve(double weight, int points) {
        return new MetaObjective(trajectoryWeight, heldOutWeight, weight, points, explodeFactor);
    }

    /** The same objective with another trajectory weight. */
    public MetaObjective withTrajectoryWeight(double w) {
        return new MetaObjective(w, heldOutWeight, curveWeight, heldOutPoints, explodeFactor);
    }

    /** The value given to a diverged run: the maximum of J. */
    public double worst() {
        return (trajectoryWeight + heldOutWeight + curveWeight) * Math.log(explodeFactor);
    }

    public boolean diverged(InnerRun r) {
        if (r.failed() || !(r.heldOutBefore() > 0) || !Double.isFinite(r.heldOutBefore())) {
            return true;
        }
        double limit = explodeFactor * r.heldOutBefore();
        for (double l : r.losses()) {
            if (!Double.isFinite(l) || l > limit) {
                return true;
            }
        }
        double[] h = r.heldOut();
        for (int k = 1; k < h.length; k++) {
            if (!Double.isFinite(h[k]) || h[k] > limit) {
                return true;
            }
        }
        return h.length < 2;
    }

    public double value(InnerRun r) {
        if (diverged(r)) {
            return worst();
        }
        double cap = Math.log(explodeFactor);
        double h0 = r.heldOutBefore();
        double[] l = r.losses();
        double s = 0;
        for (int t = 1; t < l.length; t++) {
            s += clip(Math.log(Math.max(l[t], 1e-30) / h0), cap);
        }
        double traj = l.length > 1 ? s / (l.length - 1) : 0.0;
        double[] h = r.heldOut();
        double curve = 0;
        for (int k = 1; k < h.length; k++) {
            curve += clip(Math.log(Math.max(h[k], 1e-30) / h0), cap);
        }
        curve /= h.length - 1;
        double last = clip(Math.log(Math.max(r.heldOutAfter(), 1e-30) / h0), cap);
        return trajectoryWeight * traj + curveWeight * curve + heldOutWeight * last;
    }

    /** What the estimator keeps of a run. */
    public RunScore score(InnerRun r) {
        return new RunScore(value(r), diverged(r), r.error(), r.meanLrScale(), r.meanMomentum());
    }

    private static double clip(double x, double cap) {
        return Math.max(FLOOR, Math.min(cap, x));
    }
}
