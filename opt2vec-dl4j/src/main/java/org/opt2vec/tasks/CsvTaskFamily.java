package org.opt2vec.tasks;

import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.activations.Activation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tasks from your own CSV file, read with DataVec's {@link CSVRecordReader}: one numeric label column (a class index
 * for classification, a value for regression), all other columns are features (z-scored with the training part's
 * statistics). Each seed gives another train/held-out split, row order and network initialization.
 *
 * <pre>{@code
 * TaskDistribution mine = new CsvTaskFamily("iris", Path.of("iris.csv"), 4, 3)   // label column 4, 3 classes
 *         .hidden(16, 16).activation(Activation.TANH).batchSize(16);
 * }</pre>
 */
public final class CsvTaskFamily implements TaskDistribution {
    private final String name;
    /** A string, not a Path: distributions are serializable and Path is not. */
    private final String file;
    private final int labelColumn;
    private final int numClasses;
    private int skipLines;
    private char delimiter = ',';
    private int[] hidden = {16};
    private Activation activation = Activation.RELU;
    private int batchSize = 32;
    private double heldOutFraction = 0.25;
    private volatile double[][] rows;

    /**
     * @param labelColumn index of the label column
     * @param numClasses  number of classes for classification, 0 for regression
     */
    public CsvTaskFamily(String name, Path file, int labelColumn, int numClasses) {
        if (numClasses < 0 || numClasses == 1) {
            throw new IllegalArgumentException("numClasses: 0 (regression) or >= 2, was " + numClasses);
        }
        this.name = name;
        this.file = file.toString();
        this.labelColumn = labelColumn;
        this.numClasses = numClasses;
    }

    public CsvTaskFamily skipLines(int n) { this.skipLines = n; return this; }
    public CsvTaskFamily delimiter(char c) { this.delimiter = c; return this; }
    public CsvTaskFamily hidden(int... widths) { this.hidden = widths.clone(); return this; }
    public CsvTaskFamily activation(Activation a) { this.activation = a; return this; }
    public CsvTaskFamily batchSize(int b) { this.batchSize = b; return this; }
    public CsvTaskFamily heldOutFraction(double f) {
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException("heldOutFraction must be in (0, 1), was " + f);
        }
        this.heldOutFraction = f;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    private double[][] rows() {
        double[][] r = rows;
        if (r == null) {
            synchronized (this) {
                if (rows == null) {
                    List<double[]> out = new ArrayList<>();
                    try (CSVRecordReader reader = new CSVRecordReader(skipLines, delimiter)) {
                        reader.initialize(new FileSplit(Path.of(file).toFile()));
                        while (reader.hasNext()) {
                            List<Writable> rec = reader.next();
                            double[] v = new double[rec.size()];
                            for (int i = 0; i < v.length; i++) {
                                v[i] = rec.get(i).toDouble();
                            }
                            out.add(v);
                        }
                    } catch (IOException | InterruptedException e) {
                        throw new UncheckedIOException("cannot read " + file, e instanceof IOException io ? io
                                : new IOException(e));
                    }
                    if (out.size() < 4) {
                        throw new IllegalArgumentException(file + ": need at least 4 rows, found " + out.size());
                    }
                    rows = out.toArray(new double[0][]);
                }
                r = rows;
            }
        }
        return r;
    }

    @Override
    public Task sample(long seed) {
        double[][] all = rows();
        int cols = all[0].length;
        if (labelColumn < 0 || labelColumn >= cols) {
            throw new IllegalArgumentException("labelColumn " + labelColumn + " outside the " + cols + " columns of " + file);
        }
        int[] order = new int[all.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 8));
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nh = Math.max(1, (int) Math.round(all.length * heldOutFraction));
        int n = all.length - nh;
        int d = cols - 1;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int i = 0; i < n; i++) {
            double[] row = features(all[order[i]]);
            for (int a = 0; a < d; a++) {
                mean[a] += row[a] / n;
            }
        }
        for (int i = 0; i < n; i++) {
            double[] row = features(all[order[i]]);
            for (int a = 0; a < d; a++) {
                sd[a] += (row[a] - mean[a]) * (row[a] - mean[a]) / n;
            }
        }
        float[][] x = new float[all.length][d];
        float[][] y = new float[all.length][numClasses == 0 ? 1 : numClasses];
        for (int i = 0; i < all.length; i++) {
            double[] src = all[order[i]];
            double[] row = features(src);
            for (int a = 0; a < d; a++) {
                x[i][a] = (float) ((row[a] - mean[a]) / Math.max(Math.sqrt(sd[a]), 1e-8));
            }
            double label = src[labelColumn];
            if (numClasses == 0) {
                y[i][0] = (float) label;
            } else {
                int c = (int) label;
                if (c != label || c < 0 || c >= numClasses) {
                    throw new IllegalArgumentException(file + ": label " + label + " is not a class index in [0, "
                            + numClasses + ")");
                }
                y[i][c] = 1;
            }
        }
        NetSpec spec = new NetSpec(d, hidden, activation, numClasses == 0 ? 1 : numClasses, numClasses > 0, 1.0);
        return BuiltinTasks.split(name, seed, spec, x, y, n, Math.min(batchSize, n));
    }

    private double[] features(double[] row) {
        double[] f = new double[row.length - 1];
        for (int i = 0, k = 0; i < row.length; i++) {
            if (i != labelColumn) {
                f[k++] = row[i];
            }
        }
        return f;
    }

    @Override
    public String toString() {
        return name + "(" + file + ")";
    }
}
