package org.opt2vec.state;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opt2vec.state.kernel.DoubleKernels;
import org.opt2vec.state.kernel.FloatKernels;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Direct element access to the memory behind a contiguous INDArray, plus the O(n) passes of an Opt2Vec step
 * (pass 1: the gradient's norm; pass 2: the fused update of the direction), which run in
 * {@link org.opt2vec.state.kernel}: bulk copies between native memory and per-thread scratch chunks, SIMD loops,
 * fixed-order sums, and large blocks split over a small fixed thread pool. See docs/benchmarks.md.
 *
 * <p><b>Lifetime.</b> The NIO view ND4J hands out ({@code DataBuffer.asNioFloat()}) does not keep the native memory
 * alive by itself. A FlatBuffer therefore holds the array's {@link DataBuffer} (which owns, or for a view keeps
 * alive, the allocation) for as long as it exists, fences it at the end of every pass, and refuses to touch a buffer
 * that was closed explicitly ({@code INDArray.close()}, {@code MultiLayerNetwork.close()}):
 * {@link #checkAlive()}. The view is made once per array; an updater whose state view is replaced makes a new one.
 *
 * <p>Index 0 is the array's first element (the view offset is applied here). Not thread-safe.
 */
public abstract sealed class FlatBuffer permits FlatBuffer.OfFloat, FlatBuffer.OfDouble {

    protected final int base;
    protected final int length;
    /** Keeps the native memory behind the NIO view alive (the view itself does not). */
    private final DataBuffer owner;
    /** The owner's native address when the view was made. */
    private final long address;

    private FlatBuffer(DataBuffer owner, int base, int length) {
        this.owner = owner;
        this.address = owner.address();
        this.base = base;
        this.length = length;
    }

    /**
     * Wraps a contiguous FLOAT or DOUBLE array.
     *
     * @throws IllegalArgumentException for other data types or a non-contiguous array
     * @throws IllegalStateException    for an array whose memory was released ({@code close()})
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
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("Opt2Vec supports FLOAT and DOUBLE networks, got " + type
                    + "; set .dataType(DataType.FLOAT) or DOUBLE on the network configuration");
        }
        DataBuffer data = array.data();
        if (array.wasClosed() || data.wasClosed()) {
            throw new IllegalStateException("Opt2Vec was handed an array whose memory was released (closed)");
        }
        int n = (int) array.length();
        if (type == DataType.FLOAT) {
            FloatBuffer b = data.asNioFloat();
            return new OfFloat(data, b, b.position(), n);
        }
        DoubleBuffer b = data.asNioDouble();
        return new OfDouble(data, b, b.position(), n);
    }

    public int length() {
        return length;
    }

    /** True while the memory behind this view has not been released. */
    public boolean alive() {
        return !owner.wasClosed();
    }

    /**
     * @throws IllegalStateException when the memory behind this view was released, e.g. by
     *                               {@code MultiLayerNetwork.close()}: nothing may be read or written through it
     */
    public void checkAlive() {
        if (owner.wasClosed()) {
            throw new IllegalStateException("the Opt2Vec updater state was released (the network or its updater "
                    + "state array was closed); this updater cannot be used any more");
        }
    }

    /**
     * True when this view still shows exactly the memory of {@code array}: the array has the same buffer, which was
     * not released and has not moved (a reallocated buffer would leave the NIO view pointing at freed memory).
     */
    public boolean isCurrentFor(INDArray array) {
        return array != null && array.data() == owner && array.length() == length && !owner.wasClosed()
                && owner.address() == address;
    }

    /** Keeps the owner reachable up to this point of a pass (the JIT may otherwise drop it early). */
    protected final void fence() {
        Reference.reachabilityFence(owner);
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    /** Copies {@code [from, from + out.length)} into {@code out}. */
    public abstract void get(int from, double[] out);

    /** Writes {@code values} to {@code [from, from + values.length)}. */
    public abstract void set(int from, double[] values);

    /** Sets {@code [from, to)} to {@code value}. */
    public abstract void fill(int from, int to, double value);

    /**
     * Pass 1 over a gradient (this): sum g^2, with double's range (float gradients up to 1e30 do not overflow).
     * Non-finite gradients give a non-finite sum.
     */
    public abstract double sumOfSquares();

    /** Sum of squares of {@code [from, to)}, as {@link #sumOfSquares()}. */
    public abstract double sumOfSquares(int from, int to);

    /**
     * Pass 1 when the current alignment of gradient and momentum is a feature (feature set v1): out[0] = sum g^2,
     * out[1] = sum g*m.
     */
    public abstract void moments(FlatBuffer momentum, int momentumOffset, double[] out);

    /**
     * Pass 2 of the momentum direction over this gradient and the momentum buffer in {@code state}:
     * {@code m = mu * m + gScale * g; g = step * m}.
     *
     * @param dotNorms ||g|| * ||m_old||, the product the caller divides sum g*m_old by (0: that sum is not needed and
     *                 is reported as 0)
     * @param out      receives out[0] = sum g*m_old, out[1] = sum m_new^2, out[2] = sum update^2
     */
    public abstract void momentumStep(FlatBuffer state, int momentumOffset, double mu, double gScale, double step,
                                      double dotNorms, double[] out);

    /**
     * Pass 2 of the adaptive direction: with h = gScale * g,
     * {@code m = mu * m + (1 - mu) * h; v = beta2 * v + (1 - beta2) * h^2; g = a * m / (b * sqrt(v) + eps)}, where
     * a = step / (momentum bias correction) and b = 1 / sqrt(second-moment bias correction).
     *
     * @param dotNorms as for {@link #momentumStep}
     * @param out      receives out[0] = sum g*m_old, out[1] = sum m_new^2, out[2] = sum update^2
     */
    public abstract void adaptiveStep(FlatBuffer state, int momentumOffset, int secondMomentOffset, double mu,
                                      double gScale, double beta2, double a, double b, double eps, double dotNorms,
                                      double[] out);

    static final class OfFloat extends FlatBuffer {
        private static final int FILL_CHUNK = 1024;
        private final FloatBuffer b;

        OfFloat(DataBuffer owner, FloatBuffer b, int base, int length) {
            super(owner, base, length);
            this.b = b;
        }

        @Override public double get(int i) { return b.get(base + i); }

        @Override public void set(int i, double v) { b.put(base + i, (float) v); }

        @Override public void get(int from, double[] out) {
            float[] tmp = new float[Math.min(out.length, FILL_CHUNK)];
            for (int k = 0; k < out.length; k += tmp.length) {
                int len = Math.min(tmp.length, out.length - k);
                b.get(base + from + k, tmp, 0, len);
                for (int i = 0; i < len; i++) {
                    out[k + i] = tmp[i];
                }
            }
            fence();
        }

        @Override public void set(int from, double[] values) {
            float[] tmp = new float[Math.min(values.length, FILL_CHUNK)];
            for (int k = 0; k < values.length; k += tmp.length) {
                int len = Math.min(tmp.length, values.length - k);
                for (int i = 0; i < len; i++) {
                    tmp[i] = (float) values[k + i];
                }
                b.put(base + from + k, tmp, 0, len);
            }
            fence();
        }

        @Override public void fill(int from, int to, double value) {
            float[] tmp = new float[Math.min(Math.max(to - from, 0), FILL_CHUNK)];
            Arrays.fill(tmp, (float) value);
            for (int i = from; i < to; i += tmp.length) {
                b.put(base + i, tmp, 0, Math.min(tmp.length, to - i));
            }
            fence();
        }

        @Override public double sumOfSquares() {
            return sumOfSquares(0, length);
        }

        @Override public double sumOfSquares(int from, int to) {
            java.util.Objects.checkFromToIndex(from, to, length);
            double s = FloatKernels.sumOfSquares(b, base + from, to - from);
            fence();
            return s;
        }

        @Override public void moments(FlatBuffer momentum, int momentumOffset, double[] out) {
            FloatKernels.moments(b, base, ((OfFloat) momentum).b, momentum.base + momentumOffset, length, out);
            fence();
            momentum.fence();
        }

        @Override public void momentumStep(FlatBuffer state, int momentumOffset, double mu, double gScale,
                                           double step, double dotNorms, double[] out) {
            FloatKernels.momentumStep(b, base, ((OfFloat) state).b, state.base + momentumOffset, length, (float) mu,
                    (float) gScale, (float) step, FloatKernels.dotMode(dotNorms), out);
            fence();
            state.fence();
        }

        @Override public void adaptiveStep(FlatBuffer state, int momentumOffset, int secondMomentOffset, double mu,
                                           double gScale, double beta2, double a, double bc, double eps,
                                           double dotNorms, double[] out) {
            FloatKernels.adaptiveStep(b, base, ((OfFloat) state).b, state.base + momentumOffset,
                    state.base + secondMomentOffset, length, (float) mu, (float) (1 - mu), (float) gScale,
                    (float) beta2, (float) (1 - beta2), (float) a, (float) bc, (float) eps,
                    FloatKernels.dotMode(dotNorms), out);
            fence();
            state.fence();
        }
    }

    static final class OfDouble extends FlatBuffer {
        private static final int FILL_CHUNK = 1024;
        private final DoubleBuffer b;

        OfDouble(DataBuffer owner, DoubleBuffer b, int base, int length) {
            super(owner, base, length);
            this.b = b;
        }

        @Override public double get(int i) { return b.get(base + i); }

        @Override public void set(int i, double v) { b.put(base + i, v); }

        @Override public void get(int from, double[] out) {
            b.get(base + from, out, 0, out.length);
            fence();
        }

        @Override public void set(int from, double[] values) {
            b.put(base + from, values, 0, values.length);
            fence();
        }

        @Override public void fill(int from, int to, double value) {
            double[] tmp = new double[Math.min(Math.max(to - from, 0), FILL_CHUNK)];
            Arrays.fill(tmp, value);
            for (int i = from; i < to; i += tmp.length) {
                b.put(base + i, tmp, 0, Math.min(tmp.length, to - i));
            }
            fence();
        }

        @Override public double sumOfSquares() {
            return sumOfSquares(0, length);
        }

        @Override public double sumOfSquares(int from, int to) {
            java.util.Objects.checkFromToIndex(from, to, length);
            double s = DoubleKernels.sumOfSquares(b, base + from, to - from);
            fence();
            return s;
        }

        @Override public void moments(FlatBuffer momentum, int momentumOffset, double[] out) {
            DoubleKernels.moments(b, base, ((OfDouble) momentum).b, momentum.base + momentumOffset, length, out);
            fence();
            momentum.fence();
        }

        @Override public void momentumStep(FlatBuffer state, int momentumOffset, double mu, double gScale,
                                           double step, double dotNorms, double[] out) {
            DoubleKernels.momentumStep(b, base, ((OfDouble) state).b, state.base + momentumOffset, length, mu, gScale,
                    step, dotNorms > 0, out);
            fence();
            state.fence();
        }

        @Override public void adaptiveStep(FlatBuffer state, int momentumOffset, int secondMomentOffset, double mu,
                                           double gScale, double beta2, double a, double bc, double eps,
                                           double dotNorms, double[] out) {
            DoubleKernels.adaptiveStep(b, base, ((OfDouble) state).b, state.base + momentumOffset,
                    state.base + secondMomentOffset, length, mu, gScale, beta2, a, bc, eps, dotNorms > 0, out);
            fence();
            state.fence();
        }
    }
}
