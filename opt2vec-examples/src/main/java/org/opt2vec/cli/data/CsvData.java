package org.opt2vec.cli.data;

import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.SplitTestAndTrain;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.opt2vec.cli.common.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Users' own classification data from CSV files through DataVec: one example per line, numeric features and an
 * integer class label 0..K-1 in one column. Features are standardized with statistics of the training part.
 */
public final class CsvData {
    private CsvData() {
    }

    /**
     * @param train        training CSV
     * @param test         test CSV, or null to hold out {@code testFraction} of {@code train}
     * @param labelColumn  0-based label column; negative counts from the end (-1: last)
     * @param skipLines    header lines to skip in each file
     */
    public static Data load(Path train, Path test, int labelColumn, int skipLines, double testFraction, int batchSize) {
        requireFile(train, "--data");
        if (test != null) {
            requireFile(test, "--test-data");
        }
        List<List<Writable>> trainRecords = records(train, skipLines);
        int columns = trainRecords.get(0).size();
        if (columns < 2) {
            throw UserException.data(train + ": need at least one feature column and a label column, found " + columns
                    + " column(s)");
        }
        int label = labelColumn < 0 ? columns + labelColumn : labelColumn;
        if (label < 0 || label >= columns) {
            throw UserException.data("--label-column " + labelColumn + " is outside the " + columns + " columns of " + train);
        }
        int numClasses = Math.max(maxLabel(train, trainRecords, skipLines, label),
                test == null ? 0 : maxLabel(test, records(test, skipLines), skipLines, label)) + 1;
        if (numClasses < 2) {
            throw UserException.data(train + ": the label column " + label + " holds a single class; need at least two");
        }
        DataSet trainSet = read(train, skipLines, label, numClasses);
        DataSet testSet;
        if (test != null) {
            testSet = read(test, skipLines, label, numClasses);
        } else {
            if (trainSet.numExamples() < 5) {
                throw UserException.data(train + ": too few examples (" + trainSet.numExamples() + ") to hold out a test set");
            }
            trainSet.shuffle(42);
            int nTrain = (int) Math.round(trainSet.numExamples() * (1 - testFraction));
            SplitTestAndTrain split = trainSet.splitTestAndTrain(Math.max(1, Math.min(nTrain, trainSet.numExamples() - 1)));
            trainSet = split.getTrain();
            testSet = split.getTest();
        }
        NormalizerStandardize norm = new NormalizerStandardize();
        norm.fit(trainSet);
        norm.transform(trainSet);
        norm.transform(testSet);
        List<DataSet> trainList = trainSet.asList();
        List<DataSet> testList = testSet.asList();
        String name = "CSV " + train.getFileName() + (test != null ? " / " + test.getFileName() : " (" + testList.size()
                + " examples held out)") + ", " + (columns - 1) + " features, " + numClasses + " classes";
        return new Data(name, columns - 1, numClasses, null, trainList.size(), testList.size(),
                seed -> {
                    List<DataSet> shuffled = new ArrayList<>(trainList);
                    Collections.shuffle(shuffled, new Random(seed));
                    return new ListDataSetIterator<>(shuffled, batchSize);
                },
                () -> new ListDataSetIterator<>(testList, batchSize));
    }

    private static void requireFile(Path p, String option) {
        if (!Files.isRegularFile(p)) {
            throw UserException.data(option + ": " + p + (Files.isDirectory(p) ? " is a directory" : " does not exist")
                    + "; give a CSV file with one example per line (numeric features and an integer class label)");
        }
    }

    private static List<List<Writable>> records(Path file, int skipLines) {
        List<List<Writable>> out = new ArrayList<>();
        try (CSVRecordReader rr = new CSVRecordReader(skipLines, ',')) {
            rr.initialize(new FileSplit(file.toFile()));
            while (rr.hasNext()) {
                out.add(rr.next());
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw UserException.data("cannot read " + file + " as CSV: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw UserException.data(file + " holds no data lines");
        }
        return out;
    }

    private static int maxLabel(Path file, List<List<Writable>> records, int skipLines, int label) {
        int max = -1;
        int line = skipLines;
        for (List<Writable> r : records) {
            line++;
            double v;
            try {
                v = r.get(label).toDouble();
            } catch (RuntimeException e) {
                throw UserException.data(file + " line " + line + ": label '" + r.get(label) + "' is not a number");
            }
            if (v < 0 || v != Math.rint(v)) {
                throw UserException.data(file + " line " + line + ": label " + r.get(label)
                        + " is not a class index 0, 1, 2, ...");
            }
            max = Math.max(max, (int) v);
        }
        return max;
    }

    private static DataSet read(Path file, int skipLines, int label, int numClasses) {
        try (CSVRecordReader rr = new CSVRecordReader(skipLines, ',')) {
            rr.initialize(new FileSplit(file.toFile()));
            RecordReaderDataSetIterator it = new RecordReaderDataSetIterator(rr, Integer.MAX_VALUE, label, numClasses);
            return it.next();
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw UserException.data("cannot read " + file + " as numeric CSV: " + e.getMessage());
        }
    }
}
