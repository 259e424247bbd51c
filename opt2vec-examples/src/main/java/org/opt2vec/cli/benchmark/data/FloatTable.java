package org.opt2vec.cli.benchmark.data;

/**
 * Examples held in two row-major float arrays (features, labels). Used for the tabular and sequence data; for
 * sequences a row holds channel 0's time steps, then channel 1's, ... so that it reshapes to DL4J's
 * [minibatch, channels, time] layout.
 */
public final class FloatTable implements Examples {
    private final float[] x;
    private final float[] y;
    private final int nx;
    private final int ny;
    private final int n;

    public FloatTable(float[] x, int nx, float[] y, int ny) {
        if (nx < 1 || ny < 1 || x.length % nx != 0 || y.length % ny != 0 || x.length / nx != y.length / ny) {
            throw new IllegalArgumentException("features (" + x.length + " / " + nx + ") and labels (" + y.length
                    + " / " + ny + ") do not describe the same number of rows");
        }
        this.x = x;
        this.y = y;
        this.nx = nx;
        this.ny = ny;
        this.n = x.length / nx;
    }

    @Override public int size() { return n; }
    @Override public int featureCount() { return nx; }
    @Override public int labelCount() { return ny; }

    @Override
    public void copyFeatures(int i, float[] dst, int off) {
        System.arraycopy(x, i * nx, dst, off, nx);
    }

    @Override
    public void copyLabels(int i, float[] dst, int off) {
        System.arraycopy(y, i * ny, dst, off, ny);
    }

    /** The first {@code count} rows from {@code from} on, sharing nothing with this table. */
    public FloatTable rows(int from, int count) {
        float[] xs = new float[count * nx];
        float[] ys = new float[count * ny];
        System.arraycopy(x, from * nx, xs, 0, xs.length);
        System.arraycopy(y, from * ny, ys, 0, ys.length);
        return new FloatTable(xs, nx, ys, ny);
    }
}
