package org.opt2vec.state;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Direct element access to the memory behind a contiguous INDArray, plus the O(n) loops of an Opt2Vec
 * step (pass 1: the gradient's norm; pass 2: the fused update of the direction). The loops run in Java over the array's native memory: one fused pass each, no temporaries, which
 * beats a chain of ND4J ops (each a full pass with its own dispatch cost); see docs/benchmarks.md.
 *
 * <p>Index 0 is the array's first element (the view offset is applied here). Not thread-safe.
 */
public abstract sealed class FlatBuffer permits FlatBuffer.OfFloat, FlatBuffer.OfDouble {

    protected final int base;
    protected final int length;

    private FlatBuffer(int base, int length) {
        this.base = base;
        this.length = length;
    }

    /**
     * Wraps a contiguous FLOAT or DOUBLE array.
     *
     * @throws IllegalArgumentException for other data types or a non-contiguous array
     */
    public static FlatBuffer of(INDArray array) {
        if (array.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Opt2Vec supports blocks of at most " + Integer.MAX_VALUE
                    + " values, got " + array.length());
        }
        if (array.length() > 1 && array.elementWiseStride() != 1) {
            throw new IllegalArgumentException("Opt2Vec needs contiguous gradient and state arrays (element-wise "
                    + "stride 1), got stride " + array.elementWiseStride() + "; DL4J's updater blocks always are");
        }
        DataType type = array.dataType();
        int n = (int) array.length();
        if (type == DataType.FLOAT) {
            FloatBuffer b = array.data().asNioFloat();
            return new OfFloat(b, b.position(), n);
        }
        if (type == DataType.DOUBLE) {
            DoubleBuffer b = array.data().asNioDouble();
            return new OfDouble(b, b.position(), n);
        }
        throw new IllegalArgumentException("Opt2Vec supports FLOAT and DOUBLE networks, got " + type
                + "; set .dataType(DataType.FLOAT) or DOUBLE on the network configuration");
    }

    public int length() {
        return length;
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    /** Sets {@code [from, to)} to {@code value}. */
    public abstract void fill(int from, int to, double value);

    /**
     * Pass 1 over a gradient (this): sum g^2, accumulated in double so that float gradients up to 1e30 do not
     * overflow. Non-finite gradients give a non-finite sum.
     */
    public abstract double sumOfSquares();

    /**
     * Pass 1 when the current alignment of gradient and momentum is a feature (feature set v1): out[0] = sum g^2,
     * out[1] = sum g*m.
     */
    public abstract void moments(FlatBuffer momentum, int momentumOffset, double[] out);

    /**
     * Pass 2 of the momentum direction over this gradient and the momentum buffer in {@code state}:
     * {@code m = mu * m + gScale * g; g = step * m}.
     *
     * @param out receives out[0] = sum g*m_old, out[1] = sum m_new^2, out[2] = sum update^2
     */
    public abstract void momentumStep(FlatBuffer state, int momentumOffset, double mu, double gScale, double step,
                                      double[] out);

    /**
     * Pass 2 of the adaptive direction: with h = gScale * g,
     * {@code m = mu * m + (1 - mu) * h; v = beta2 * v + (1 - beta2) * h^2; g = a * m / (b * sqrt(v) + eps)}, where
     * a = step / (momentum bias correction) and b = 1 / sqrt(second-moment bias correction).
     *
     * @param out receives out[0] = sum g*m_old, out[1] = sum m_new^2, out[2] = sum update^2
     */
    public abstract void adaptiveStep(FlatBuffer state, int momentumOffset, int secondMomentOffset, double mu,
                                      double gScale, double beta2, double a, double b, double eps, double[] out);

    static final class OfFloat extends FlatBuffer {
        private final FloatBuffer b;

        OfFloat(FloatBuffer b, int base, int length) {
            super(base, length);
            this.b = b;
        }

        @Override public double get(int i) { return b.get(base + i); }

        @Override public void set(int i, double v) { b.put(base + i, (float) v); }

        @Override public void fill(int from, int to, double value) {
            float v = (float) value;
            for (int i = base + from, end = base + to; i < end; i++) {
                b.put(i, v);
            }
        }

        @Override public double sumOfSquares() {
            double gg = 0;
            for (int i = 0; i < length; i++) {
                double g = b.get(base + i);
                gg += g * g;
            }
            return gg;
        }

        @Override public void moments(FlatBuffer momentum, int momentumOffset, double[] out) {
            FloatBuffer m = ((OfFloat) momentum).b;
            int mBase = momentum.base + momentumOffset;
            double gg = 0;
            double gm = 0;
            for (int i = 0; i < length; i++) {
                double g = b.get(base + i);
                gg += g * g;
                gm += g * m.get(mBase + i);
            }
            out[0] = gg;
            out[1] = gm;
        }

        @Override public void momentumStep(FlatBuffer state, int momentumOffset, double mu, double gScale,
                                           double step, double[] out) {
            FloatBuffer m = ((OfFloat) state).b;
            int mBase = state.base + momentumOffset;
            float fMu = (float) mu;
            float fScale = (float) gScale;
            float fStep = (float) step;
            double gm = 0;
            double mm = 0;
            double uu = 0;
            for (int i = 0; i < length; i++) {
                float gi = b.get(base + i);
                float old = m.get(mBase + i);
                float mi = fMu * old + fScale * gi;
                float ui = fStep * mi;
                m.put(mBase + i, mi);
                b.put(base + i, ui);
                gm += (double) gi * old;
                mm += (double) mi * mi;
                uu += (double) ui * ui;
            }
            out[0] = gm;
            out[1] = mm;
            out[2] = uu;
        }

        @Override public void adaptiveStep(FlatBuffer state, int momentumOffset, int secondMomentOffset, double mu,
                                           double gScale, double beta2, double a, double bc, double eps,
                                           double[] out) {
            FloatBuffer s = ((OfFloat) state).b;
            int mBase = state.base + momentumOffset;
            int vBase = state.base + secondMomentOffset;
            float fMu = (float) mu;
            float fOneMinusMu = (float) (1 - mu);
            float fScale = (float) gScale;
            float fBeta2 = (float) beta2;
            float fOneMinusBeta2 = (float) (1 - beta2);
            float fA = (float) a;
            float fB = (float) bc;
            float fEps = (float) eps;
            double gm = 0;
            double mm = 0;
            double uu = 0;
            for (int i = 0; i < length; i++) {
                float gi = b.get(base + i);
                float hi = fScale * gi;
                float old = s.get(mBase + i);
                float mi = fMu * old + fOneMinusMu * hi;
                float vi = fBeta2 * s.get(vBase + i) + fOneMinusBeta2 * hi * hi;
                float ui = fA * mi / (fB * (float) Math.sqrt(vi) + fEps);
                s.put(mBase + i, mi);
                s.put(vBase + i, vi);
                b.put(base + i, ui);
                gm += (double) gi * old;
                mm += (double) mi * mi;
                uu += (double) ui * ui;
            }
            out[0] = gm;
            out[1] = mm;
            out[2] = uu;
        }
    }

    static final class OfDouble extends FlatBuffer {
        private final DoubleBuffer b;

        OfDouble(DoubleBuffer b, int base, int length) {
            super(base, length);
            this.b = b;
        }

        @Override public double get(int i) { return b.get(base + i); }

        @Override public void set(int i, double v) { b.put(base + i, v); }

        @Override public void fill(int from, int to, double value) {
            for (int i = base + from, end = base + to; i < end; i++) {
                b.put(i, value);
            }
        }

        @Override public double sumOfSquares() {
            double gg = 0;
            for (int i = 0; i < length; i++) {
                double g = b.get(base + i);
                gg += g * g;
            }
            return gg;
        }

        @Override public void moments(FlatBuffer momentum, int momentumOffset, double[] out) {
            DoubleBuffer m = ((OfDouble) momentum).b;
            int mBase = momentum.base + momentumOffset;
            double gg = 0;
            double gm = 0;
            for (int i = 0; i < length; i++) {
                double g = b.get(base + i);
                gg += g * g;
                gm += g * m.get(mBase + i);
            }
            out[0] = gg;
            out[1] = gm;
        }

        @Override public void momentumStep(FlatBuffer state, int momentumOffset, double mu, double gScale,
                                           double step, double[] out) {
            DoubleBuffer m = ((OfDouble) state).b;
            int mBase = state.base + momentumOffset;
            double gm = 0;
            double mm = 0;
            double uu = 0;
            for (int i = 0; i < length; i++) {
                double gi = b.get(base + i);
                double old = m.get(mBase + i);
                double mi = mu * old + gScale * gi;
                double ui = step * mi;
                m.put(mBase + i, mi);
                b.put(base + i, ui);
                gm += gi * old;
                mm += mi * mi;
                uu += ui * ui;
            }
            out[0] = gm;
            out[1] = mm;
            out[2] = uu;
        }

        @Override public void adaptiveStep(FlatBuffer state, int momentumOffset, int secondMomentOffset, double mu,
                                           double gScale, double beta2, double a, double bc, double eps,
                                           double[] out) {
            DoubleBuffer s = ((OfDouble) state).b;
            int mBase = state.base + momentumOffset;
            int vBase = state.base + secondMomentOffset;
            double oneMinusMu = 1 - mu;
            double oneMinusBeta2 = 1 - beta2;
            double gm = 0;
            double mm = 0;
            double uu = 0;
            for (int i = 0; i < length; i++) {
                double gi = b.get(base + i);
                double hi = gScale * gi;
                double old = s.get(mBase + i);
                double mi = mu * old + oneMinusMu * hi;
                double vi = beta2 * s.get(vBase + i) + oneMinusBeta2 * hi * hi;
                double ui = a * mi / (bc * Math.sqrt(vi) + eps);
                s.put(mBase + i, mi);
                s.put(vBase + i, vi);
                b.put(base + i, ui);
                gm += gi * old;
                mm += mi * mi;
                uu += ui * ui;
            }
            out[0] = gm;
            out[1] = mm;
            out[2] = uu;
        }
    }
}
