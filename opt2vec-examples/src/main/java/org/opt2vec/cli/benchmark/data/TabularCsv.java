package org.opt2vec.cli.benchmark.data;

import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A synthetic tabular data set written to CSV and read back through DataVec, as a user's own data would be.
 *
 * <p>18 feature columns: 6 Gaussians on very different scales and offsets (1, 100, 0.01, 5, 1000, 0.1; 5 of them
 * enter the rule), 4 columns correlated with them, 6 pure-noise columns (Gaussian, uniform, log-normal, binary, ...), one
 * informative categorical column (0–4) and one noise categorical column (0–9). A hidden nonlinear score
 * {@code s = z0·z1 + sin(2 z2) + 0.5 z3² − |z4| + 0.4·[cat = 2] − 0.3·[cat = 4] + 0.3 ε} (z = the informative
 * columns before scaling; z5 is not in the score and leaks a little into one correlated column: a decoy) gives the
 * label: 3 classes by the score's tertiles, or the score itself for regression.
 */
public final class TabularCsv {
    public static final int FEATURES = 18;
    private static final double[] SCALE = {1, 100, 0.01, 5, 1000, 0.1};
    private static final double[] OFFSET = {0, 50, -0.02, 10, 3000, 0};

    /** Train and test parts, standardized with the training part's statistics. */
    public record Split(FloatTable train, FloatTable test, Path csv) {
    }

    private TabularCsv() {
    }

    /**
     * Generates {@code rows} rows from {@code seed}, writes them to {@code csv} (header line, 18 features, then the
     * label: a class 0..2 or a real target), reads the file back with DataVec's CSVRecordReader and
     * RecordReaderDataSetIterator, holds out the last {@code testFraction} of the rows (rows are i.i.d.), and
     * standardizes features with DataVec/ND4J's NormalizerStandardize fitted on the training rows.
     */
    public static Split createAndLoad(Path csv, int rows, long seed, boolean classification, double testFraction) {
        write(csv, rows, seed, classification);
        DataSet all;
        try (CSVRecordReader rr = new CSVRecordReader(1, ',')) {
            rr.initialize(new FileSplit(csv.toFile()));
            RecordReaderDataSetIterator it = classification
                    ? new RecordReaderDataSetIterator(rr, rows, FEATURES, 3)
                    : new RecordReaderDataSetIterator(rr, rows, FEATURES, FEATURES, true);
            all = it.next();
        } catch (IOException | InterruptedException e) {
            throw new UncheckedIOException(new IOException("cannot read back " + csv + ": " + e.getMessage(), e));
        }
        int nTest = Math.max(1, (int) Math.round(rows * testFraction));
        int nTrain = rows - nTest;
        DataSet train = new DataSet(all.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, nTrain)).dup(),
                all.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, nTrain)).dup());
        DataSet test = new DataSet(all.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(nTrain, rows)).dup(),
                all.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(nTrain, rows)).dup());
        NormalizerStandardize norm = new NormalizerStandardize();
        norm.fit(train);
        norm.transform(train);
        norm.transform(test);
        return new Split(table(train), table(test), csv);
    }

    private static FloatTable table(DataSet d) {
        int nx = (int) d.getFeatures().size(1);
        int ny = (int) d.getLabels().size(1);
        return new FloatTable(d.getFeatures().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat(), nx,
                d.getLabels().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat(), ny);
    }

    static void write(Path csv, int rows, long seed, boolean classification) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[rows][FEATURES];
        double[] score = new double[rows];
        for (int i = 0; i < rows; i++) {
            double[] z = new double[6];
            for (int j = 0; j < 6; j++) {
                z[j] = r.nextGaussian();
                x[i][j] = OFFSET[j] + SCALE[j] * z[j];
            }
            x[i][6] = z[0] + 0.1 * r.nextGaussian();
            x[i][7] = 50 * (0.5 * z[1] - 0.5 * z[2]) + 10 * r.nextGaussian();
            x[i][8] = 0.8 * z[3] + 0.3 * r.nextGaussian() + 0.2 * z[5];
            x[i][9] = z[0] - z[4] + 0.2 * r.nextGaussian();
            x[i][10] = r.nextGaussian();
            x[i][11] = 20 * r.nextDouble() - 10;
            x[i][12] = Math.exp(r.nextGaussian());
            x[i][13] = r.nextBoolean() ? 1 : 0;
            x[i][14] = 1e-3 * r.nextGaussian();
            x[i][15] = 500 + 200 * r.nextGaussian();
            int cat = r.nextInt(5);
            x[i][16] = cat;
            x[i][17] = r.nextInt(10);
            score[i] = z[0] * z[1] + Math.sin(2 * z[2]) + 0.5 * z[3] * z[3] - Math.abs(z[4])
                    + (cat == 2 ? 0.4 : 0) - (cat == 4 ? 0.3 : 0) + 0.3 * r.nextGaussian();
        }
        double[] sorted = score.clone();
        Arrays.sort(sorted);
        double t1 = sorted[rows / 3];
        double t2 = sorted[2 * rows / 3];
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder();
            for (int j = 0; j < FEATURES; j++) {
                header.append('f').append(j).append(',');
            }
            w.write(header.append(classification ? "class" : "target").append('\n').toString());
            for (int i = 0; i < rows; i++) {
                StringBuilder line = new StringBuilder();
                for (int j = 0; j < FEATURES; j++) {
                    line.append(j >= 16 || j == 13 ? String.valueOf((int) x[i][j])
                            : String.format(Locale.ROOT, "%.6g", x[i][j])).append(',');
                }
                if (classification) {
                    line.append(score[i] < t1 ? 0 : score[i] < t2 ? 1 : 2);
                } else {
                    line.append(String.format(Locale.ROOT, "%.6g", score[i]));
                }
                w.write(line.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
