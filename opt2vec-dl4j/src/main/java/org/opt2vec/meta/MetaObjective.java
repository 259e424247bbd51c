package org.opt2vec.meta;

/**
 * The meta-loss of one inner run (lower is better), scale-free across tasks:
 * <pre>
 *   J = mean_{t=1..T-1} clip(log(L_t / H_0)) + heldOutWeight * clip(log(H_T / H_0))
 * </pre>
 * where L_t is the minibatch loss before step t, H_0 and H_T the held-out loss before and after training, and clip
 * bounds each term to [log 1e-6, log explodeFactor]. A run that diverges (NaN/Inf loss, a loss above
 * explodeFactor * H_0, or an exception) gets the worst possible value, (1 + heldOutWeight) * log(explodeFactor):
 * it ranks last, and can never produce a NaN meta-gradient.
 *
 * @param heldOutWeight weight of the held-out term (>= 0)
 * @param explodeFactor loss growth above which a run counts as diverged (> 1)
 */
public record MetaObjective(double heldOutWeight, double explodeFactor) {
    public static final MetaObjective DEFAULT = new MetaObjective(1.0, 1e3);
    private static final double FLOOR = Math.log(1e-6);

    public MetaObjective {
        if (!(heldOutWeight >= 0) || !Double.isFinite(heldOutWeight)) {
            throw new IllegalArgumentException("heldOutWeight must be finite and >= 0, was " + heldOutWeight);
        }
        if (!(explodeFactor > 1) || !Double.isFinite(explodeFactor)) {
            throw new IllegalArgumentException("explodeFactor must be finite and > 1, was " + explodeFactor);
        }
    }

    /** The value given to a diverged run: the maximum of J. */
    public double worst() {
        return (1 + heldOutWeight) * Math.log(explodeFactor);
    }

    public boolean diverged(InnerRun r) {
        if (r.failed() || !(r.heldOutBefore() > 0) || !Double.isFinite(r.heldOutBefore())
                || !Double.isFinite(r.heldOutAfter())) {
            return true;
        }
        double limit = explodeFactor * r.heldOutBefore();
        for (double l : r.losses()) {
            if (!Double.isFinite(l) || l > limit) {
                return true;
            }
        }
        return r.heldOutAfter() > limit;
    }

    public double value(InnerRun r) {
        if (diverged(r)) {
            return worst();
        }
        double cap = Math.log(explodeFactor);
        double[] l = r.losses();
        double s = 0;
        for (int t = 1; t < l.length; t++) {
            s += clip(Math.log(Math.max(l[t], 1e-30) / r.heldOutBefore()), cap);
        }
        double traj = l.length > 1 ? s / (l.length - 1) : 0.0;
        return traj + heldOutWeight * clip(Math.log(Math.max(r.heldOutAfter(), 1e-30) / r.heldOutBefore()), cap);
    }

    private static double clip(double x, double cap) {
        return Math.max(FLOOR, Math.min(cap, x));
    }
}
