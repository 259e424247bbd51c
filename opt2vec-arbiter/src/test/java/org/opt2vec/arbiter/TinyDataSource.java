package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Properties;
import java.util.Random;

/** Two Gaussian blobs in 4 dimensions, 3 classes: 192 training and 96 test samples, minibatch 32. */
public class TinyDataSource implements DataSource {
    private long seed = 7;

    public TinyDataSource() {
    }

    @Override
    public void configure(Properties properties) {
        if (properties != null && properties.getProperty("seed") != null) {
            seed = Long.parseLong(properties.getProperty("seed"));
        }
    }

    private DataSetIterator make(long s, int n) {
        Random r = new Random(s);
        float[][] x = new float[n][4];
        float[][] y = new float[n][3];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(3);
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (r.nextGaussian() * 0.7 + (j % 3 == c ? 1.5 : 0.0));
            }
            y[i][c] = 1f;
        }
        DataSet ds = new DataSet(Nd4j.create(x), Nd4j.create(y));
        return new ListDataSetIterator<>(ds.asList(), 32);
    }

    @Override
    public Object trainData() {
        return make(seed, 192);
    }

    @Override
    public Object testData() {
        return make(seed + 1000, 96);
    }

    @Override
    public Class<?> getDataType() {
        return DataSetIterator.class;
    }
}
