package org.opt2vec.cli.sweep;

import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.opt2vec.cli.data.CsvData;
import org.opt2vec.cli.data.Data;

import java.nio.file.Path;
import java.util.Properties;

/**
 * An Arbiter {@link DataSource} over the user's CSV classification data, read exactly as {@code opt2vec mnist --data}
 * reads it ({@link CsvData}: numeric features, an integer class label, features standardized with the training
 * part's statistics, a held-out test part unless a test file is given). Arbiter makes one per candidate from the
 * class and {@link #properties}.
 */
public class CsvDataSource implements DataSource {
    private static final long serialVersionUID = 1L;
    static final String DATA = "data";
    static final String TEST_DATA = "testData";
    static final String LABEL_COLUMN = "labelColumn";
    static final String SKIP_LINES = "skipLines";
    static final String TEST_FRACTION = "testFraction";
    static final String BATCH_SIZE = "batchSize";
    static final String SEED = "seed";

    private transient Data data;
    private long seed;

    public CsvDataSource() {
    }

    public static Properties properties(Path data, Path testData, int labelColumn, int skipLines, double testFraction,
                                        int batchSize, long seed) {
        Properties p = new Properties();
        p.setProperty(DATA, data.toAbsolutePath().toString());
        if (testData != null) {
            p.setProperty(TEST_DATA, testData.toAbsolutePath().toString());
        }
        p.setProperty(LABEL_COLUMN, Integer.toString(labelColumn));
        p.setProperty(SKIP_LINES, Integer.toString(skipLines));
        p.setProperty(TEST_FRACTION, Double.toString(testFraction));
        p.setProperty(BATCH_SIZE, Integer.toString(batchSize));
        p.setProperty(SEED, Long.toString(seed));
        return p;
    }

    /** Reads the data as a candidate will see it (the command calls this first, to fail before any candidate). */
    public static Data load(Properties p) {
        String test = p.getProperty(TEST_DATA);
        return CsvData.load(Path.of(p.getProperty(DATA)), test == null ? null : Path.of(test),
                Integer.parseInt(p.getProperty(LABEL_COLUMN)), Integer.parseInt(p.getProperty(SKIP_LINES)),
                Double.parseDouble(p.getProperty(TEST_FRACTION)), Integer.parseInt(p.getProperty(BATCH_SIZE)));
    }

    @Override
    public void configure(Properties p) {
        data = load(p);
        seed = Long.parseLong(p.getProperty(SEED, "0"));
    }

    @Override
    public Object trainData() {
        return data.train().apply(seed);
    }

    @Override
    public Object testData() {
        return data.test().get();
    }

    @Override
    public Class<?> getDataType() {
        return DataSetIterator.class;
    }
}
