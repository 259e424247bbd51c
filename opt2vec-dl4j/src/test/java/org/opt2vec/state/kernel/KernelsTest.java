package org.opt2vec.state.kernel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels against the scalar loops they replace: element-wise results bit for bit, sums to float's accuracy
 * (and exactly where float's range would not do), the same bits serial and split over the pool, and the same bits
 * when several threads use the pool at once.
 */
@Timeout(120)
class KernelsTest {
    /** Sizes around chunk, group and segment boundaries, and above the parallel threshold. */
    static final int[] SIZES = {1, 7, 16, 17, 1000, 1024, 1025, 8191, 8193, 70_001, 300_000};

    @AfterEach
    void restore() {
        Plan.parallelMin = Plan.PARALLEL_MIN;
    }

    // ---- reference: the scalar loops of the previous FlatBuffer --------------------------------------------------

    static double[] refMomentum(float[] g, float[] m, float mu, float c, float st) {
        double gm = 0, mm = 0, uu = 0;
        for (int i = 0; i < g.length; i++) {
            float gi = g[i];
            float old = m[i];
            float mi = mu * old + c * gi;
            float ui = st * mi;
            m[i] = mi;
            g[i] = ui;
            gm += (double) gi * old;
            mm += (double) mi * mi;
            uu += (double) ui * ui;
        }
        return new double[]{gm, mm, uu};
    }

    static double[] refAdaptive(float[] g, float[] m, float[] v, double mu, double c, double beta2, double a,
                                double b, double eps) {
        float fMu = (float) mu, fOneMinusMu = (float) (1 - mu), fScale = (float) c, fBeta2 = (float) beta2,
                fOneMinusBeta2 = (float) (1 - beta2), fA = (float) a, fB = (float) b, fEps = (float) eps;
        double gm = 0, mm = 0, uu = 0;
        for (int i = 0; i < g.length; i++) {
            float gi = g[i];
            float hi = fScale * gi;
            float old = m[i];
            float mi = fMu * old + fOneMinusMu * hi;
            float vi = fBeta2 * v[i] + fOneMinusBeta2 * hi * hi;
            float ui = fA * mi / (fB * (float) Math.sqrt(vi) + fEps);
            m[i] = mi;
            v[i] = vi;
            g[i] = ui;
            gm += (double) gi * old;
            mm += (double) mi * mi;
            uu += (double) ui * ui;
        }
        return new double[]{gm, mm, uu};
    }

    static double sumAbs(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs((double) x[i] * y[i]);
        }
        return s;
    }

    static FloatBuffer direct(float[] values, int offset) {
        FloatBuffer b = ByteBuffer.allocateDirect(4 * (values.length + offset)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        b.put(offset, values);
        return b;
    }

    static float[] read(FloatBuffer b, int offset, int n) {
        float[] out = new float[n];
        b.get(offset, out);
        return out;
    }

    static float[] random(SplittableRandom r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * scale);
        }
        return x;
    }

    /** |sum - exact| within float's accuracy relative to the sum of |terms|. */
    static void assertClose(double exact, double absTerms, double actual, String what) {
        double tol = 2e-6 * absTerms + 1e-300;
        assertTrue(Math.abs(actual - exact) <= tol, what + ": " + actual + " vs exact " + exact + " (tol " + tol + ")");
    }

    // ---- element-wise bits and sums ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 17, 1000, 1024, 1025, 8191, 8193, 70_001, 300_000})
    void momentumMatchesTheScalarLoop(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] g = random(r, n, 0.01);
        float[] m = random(r, n, 0.05);
        float[] gRef = g.clone();
        float[] mRef = m.clone();
        double gAbs = sumAbs(g, m);
        double[] ref = refMomentum(gRef, mRef, 0.9f, 0.7f, 0.01f);
        // Offsets as in a real state view: the gradient at 3, the momentum behind a fixed part.
        FloatBuffer gb = direct(g, 3);
        FloatBuffer sb = direct(m, 101);
        double[] out = new double[3];
        FloatKernels.momentumStep(gb, 3, sb, 101, n, 0.9f, 0.7f, 0.01f, FloatKernels.DOT_TREE, out);
        assertArrayEquals(gRef, read(gb, 3, n), "update");
        assertArrayEquals(mRef, read(sb, 101, n), "momentum");
        assertClose(ref[0], gAbs, out[0], "g.m_old");
        assertClose(ref[1], ref[1], out[1], "m^2");
        assertClose(ref[2], ref[2], out[2], "u^2");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 1025, 8193, 70_001})
    void adaptiveMatchesTheScalarLoop(int n) {
        SplittableRandom r = new SplittableRandom(n + 5);
        float[] g = random(r, n, 0.01);
        float[] m = random(r, n, 0.01);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.abs(r.nextGaussian() * 1e-4);
        }
        float[] gRef = g.clone(), mRef = m.clone(), vRef = v.clone();
        double gAbs = sumAbs(g, m);
        double[] ref = refAdaptive(gRef, mRef, vRef, 0.9, 0.8, 0.999, 0.02, 1.3, 1e-8);
        float[] state = new float[2 * n];
        System.arraycopy(m, 0, state, 0, n);
        System.arraycopy(v, 0, state, n, n);
        FloatBuffer gb = direct(g, 0);
        FloatBuffer sb = direct(state, 50);
        double[] out = new double[3];
        FloatKernels.adaptiveStep(gb, 0, sb, 50, 50 + n, n, 0.9f, (float) (1 - 0.9), 0.8f, 0.999f,
                (float) (1 - 0.999), 0.02f, 1.3f, 1e-8f, FloatKernels.DOT_TREE, out);
        assertArrayEquals(gRef, read(gb, 0, n), "update");
        assertArrayEquals(mRef, read(sb, 50, n), "momentum");
        assertArrayEquals(vRef, read(sb, 50 + n, n), "second moment");
        assertClose(ref[0], gAbs, out[0], "g.m_old");
        assertClose(ref[1], ref[1], out[1], "m^2");
        assertClose(ref[2], ref[2], out[2], "u^2");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 17, 1025, 70_001, 300_000})
    void doubleKernelsMatchTheScalarLoop(int n) {
        SplittableRandom r = new SplittableRandom(n + 9);
        double[] g = new double[n], m = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = r.nextGaussian() * 0.01;
            m[i] = r.nextGaussian() * 0.05;
        }
        double[] gRef = g.clone(), mRef = m.clone();
        double gm = 0, mm = 0, uu = 0, gg = 0, abs = 0;
        for (int i = 0; i < n; i++) {
            gg += gRef[i] * gRef[i];
            abs += Math.abs(gRef[i] * mRef[i]);
            double mi = 0.9 * mRef[i] + 0.7 * gRef[i];
            double ui = 0.01 * mi;
            gm += gRef[i] * mRef[i];
            mRef[i] = mi;
            gRef[i] = ui;
            mm += mi * mi;
            uu += ui * ui;
        }
        DoubleBuffer gb = ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder()).asDoubleBuffer().put(0, g);
        DoubleBuffer mb = ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder()).asDoubleBuffer().put(0, m);
        assertEquals(gg, DoubleKernels.sumOfSquares(gb, 0, n), 1e-13 * gg);
        double[] out = new double[3];
        DoubleKernels.momentumStep(gb, 0, mb, 0, n, 0.9, 0.7, 0.01, true, out);
        double[] gOut = new double[n], mOut = new double[n];
        gb.get(0, gOut);
        mb.get(0, mOut);
        assertArrayEquals(gRef, gOut);
        assertArrayEquals(mRef, mOut);
        assertEquals(gm, out[0], 1e-13 * abs);
        assertEquals(mm, out[1], 1e-13 * mm);
        assertEquals(uu, out[2], 1e-13 * uu);
    }

    // ---- float's range: the exact fallbacks ----------------------------------------------------------------------

    static double exactSquares(float[] g) {
        double s = 0;
        for (float x : g) {
            s += (double) x * x;
        }
        return s;
    }

    @Test
    void sumOfSquaresKeepsDoublesRange() {
        for (double scale : new double[]{1e30, 1e20, 1e-20, 1e-40, 0.0}) {
            for (int n : new int[]{5, 5000, 70_001}) {
                float[] g = random(new SplittableRandom(n), n, 1.0);
                for (int i = 0; i < n; i++) {
                    g[i] = (float) (g[i] * scale);
                }
                double exact = exactSquares(g);
                double s = FloatKernels.sumOfSquares(direct(g, 0), 0, n);
                assertTrue(Double.isFinite(s), "finite for scale " + scale);
                assertEquals(exact, s, 2e-6 * exact, "scale " + scale + " n " + n);
                if (scale > 0) {
                    assertTrue(s > 0, "no underflow to zero at scale " + scale);
                }
            }
        }
    }

    @Test
    void nonFiniteGradientsGiveNonFiniteSums() {
        for (float bad : new float[]{Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] g = random(new SplittableRandom(3), 40_000, 0.01);
            g[31_337] = bad;
            assertTrue(!Double.isFinite(FloatKernels.sumOfSquares(direct(g, 0), 0, g.length)), "" + bad);
            double[] out = new double[2];
            FloatKernels.moments(direct(g, 0), 0, direct(g.clone(), 0), 0, g.length, out);
            assertTrue(!Double.isFinite(out[0]), "moments " + bad);
        }
    }

    @Test
    void hugeMomentumSquaresAreSummedExactly() {
        int n = 9000;
        float[] g = random(new SplittableRandom(1), n, 1e19);   // squares overflow float, not double
        float[] m = new float[n];
        float[] gRef = g.clone(), mRef = m.clone();
        double[] ref = refMomentum(gRef, mRef, 0.5f, 1f, 1f);
        double[] out = new double[3];
        FlatBufferView gb = new FlatBufferView(g);
        FlatBufferView mb = new FlatBufferView(m);
        FloatKernels.momentumStep(gb.b, 0, mb.b, 0, n, 0.5f, 1f, 1f, FloatKernels.DOT_NONE, out);
        assertEquals(0.0, out[0]);
        assertEquals(ref[1], out[1], 1e-12 * ref[1]);
        assertEquals(ref[2], out[2], 1e-12 * ref[2]);
    }

    @Test
    void tinyNormsUseTheExactDot() {
        int n = 5000;
        float[] g = random(new SplittableRandom(2), n, 1e-25);   // g*m ~ 1e-50: underflows float
        float[] m = random(new SplittableRandom(3), n, 1e-25);
        double exact = 0;
        for (int i = 0; i < n; i++) {
            exact += (double) g[i] * m[i];
        }
        double norms = Math.sqrt(exactSquares(g) * exactSquares(m));
        assertEquals(FloatKernels.DOT_EXACT, FloatKernels.dotMode(norms));
        assertEquals(FloatKernels.DOT_NONE, FloatKernels.dotMode(0.0));
        assertEquals(FloatKernels.DOT_TREE, FloatKernels.dotMode(1.0));
        double[] out = new double[3];
        FloatKernels.momentumStep(direct(g, 0), 0, direct(m, 0), 0, n, 0.9f, 1f, 1f, FloatKernels.dotMode(norms), out);
        assertEquals(exact, out[0], 1e-12 * norms);
        assertTrue(out[1] > 0 && out[2] > 0, "tiny sums of squares recomputed, not flushed to zero");
    }

    /** A FloatBuffer over a copy of the values. */
    record FlatBufferView(FloatBuffer b) {
        FlatBufferView(float[] values) {
            this(direct(values, 0));
        }
    }

    // ---- the same bits for any thread count ----------------------------------------------------------------------

    /** Runs momentum and adaptive steps and pass 1 over fresh copies; returns every output bit as a hash list. */
    static List<Object> runAll(int n) {
        SplittableRandom r = new SplittableRandom(77);
        float[] g = random(r, n, 0.01);
        float[] m = random(r, n, 0.03);
        float[] v = new float[2 * n];
        for (int i = 0; i < n; i++) {
            v[i] = m[i];
            v[n + i] = (float) Math.abs(r.nextGaussian() * 1e-4);
        }
        List<Object> bits = new ArrayList<>();
        FloatBuffer gb = direct(g, 0);
        bits.add(Double.doubleToRawLongBits(FloatKernels.sumOfSquares(gb, 0, n)));
        double[] out = new double[3];
        FloatKernels.moments(gb, 0, direct(m, 0), 0, n, out);
        bits.add(Arrays.toString(out));
        FloatBuffer mb = direct(m, 0);
        FloatKernels.momentumStep(gb, 0, mb, 0, n, 0.9f, 1f, 0.01f, FloatKernels.DOT_TREE, out);
        bits.add(Arrays.toString(out));
        bits.add(Arrays.hashCode(read(gb, 0, n)));
        bits.add(Arrays.hashCode(read(mb, 0, n)));
        FloatBuffer g2 = direct(g, 0);
        FloatBuffer sb = direct(v, 0);
        FloatKernels.adaptiveStep(g2, 0, sb, 0, n, n, 0.9f, 0.1f, 1f, 0.999f, 0.001f, 0.01f, 1f, 1e-8f,
                FloatKernels.DOT_TREE, out);
        bits.add(Arrays.toString(out));
        bits.add(Arrays.hashCode(read(g2, 0, n)));
        bits.add(Arrays.hashCode(read(sb, 0, 2 * n)));
        double[] gd = new double[n];
        for (int i = 0; i < n; i++) {
            gd[i] = g[i];
        }
        DoubleBuffer db = ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder()).asDoubleBuffer().put(0, gd);
        bits.add(Double.doubleToRawLongBits(DoubleKernels.sumOfSquares(db, 0, n)));
        return bits;
    }

    @Test
    void serialAndParallelGiveTheSameBits() {
        for (int n : new int[]{70_001, 300_000, 1_000_003}) {
            Plan.parallelMin = Integer.MAX_VALUE;
            List<Object> serial = runAll(n);
            Plan.parallelMin = 1;
            for (int rep = 0; rep < 3; rep++) {
                assertEquals(serial, runAll(n), "n = " + n + ", parallel run " + rep);
            }
        }
    }

    @Test
    void concurrentCallersShareThePoolWithoutChangingResults() throws Exception {
        int n = 200_000;
        Plan.parallelMin = Integer.MAX_VALUE;
        List<Object> serial = runAll(n);
        Plan.parallelMin = 1;
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Object>>> fs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                fs.add(callers.submit(() -> runAll(n)));
            }
            for (Future<List<Object>> f : fs) {
                assertEquals(serial, f.get());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aFailingSegmentIsReportedToTheCaller() {
        Plan.parallelMin = 1;
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> KernelPool.run(16, true, (s, sc) -> {
                    if (s == 11) {
                        throw new IllegalStateException("segment 11");
                    }
                }));
        assertEquals("segment 11", e.getMessage());
    }
}
