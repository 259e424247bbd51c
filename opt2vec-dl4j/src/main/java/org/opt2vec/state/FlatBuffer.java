package org.opt2vec.state;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Direct element access to the memory behind a contiguous INDArray, plus the two O(n) loops of an Opt2Vec
 * step. The loops run in Java over the array's native memory: one fused pass each, no temporaries, which
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
     * Pass 1 over a gradient (this) and the momentum buffer: out[0] = sum g^2, out[1] = sum g*m, accumulated
     * in double so that float gradients up to 1e30 do not overflow. Non-finite gradients give non-finite sums.
     */
    public abstract void moments(FlatBuffer momentum, int momentumOffset, double[] out);

    /**
     * Pass 2: {@code m = mu * m + clip * g; g = step * m} over this gradient and the momentum buffer.
     *
     * @return sum of the new m^2
     */
    public abstract double momentumStep(FlatBuffer momentum, int momentumOffset, double mu, double clip, double step);

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

        @Override public double momentumStep(FlatBuffer momentum, int momentumOffset, double mu, double clip,
                                             double step) {
            FloatBuffer m = ((OfFloat) momentum).b;
            int mBase = momentum.base + momentumOffset;
            float fMu = (float) mu;
            float fClip = (float) clip;
            float fStep = (float) step;
            double mm = 0;
            for (int i = 0; i < length; i++) {
                float mi = fMu * m.get(mBase + i) + fClip * b.get(base + i);
                m.put(mBase + i, mi);
                b.put(base + i, fStep * mi);
                mm += (double) mi * mi;
            }
            return mm;
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

        @Override public double momentumStep(FlatBuffer momentum, int momentumOffset, double mu, double clip,
                                             double step) {
            DoubleBuffer m = ((OfDouble) momentum).b;
            int mBase = momentum.base + momentumOffset;
            double mm = 0;
            for (int i = 0; i < length; i++) {
                double mi = mu * m.get(mBase + i) + clip * b.get(base + i);
                m.put(mBase + i, mi);
                b.put(base + i, step * mi);
                mm += mi * mi;
            }
            return mm;
        }
    }
}
