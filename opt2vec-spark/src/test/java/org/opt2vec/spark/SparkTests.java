package org.opt2vec.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Spark contexts and data shared by the tests: small, local, no UI. */
final class SparkTests {
    private SparkTests() {
    }

    /** A local Spark context; {@code master} like "local[2]" or "local[2,2]" (2 attempts per task). */
    static JavaSparkContext context(String master, String name) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName(name)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        return new JavaSparkContext(conf);
    }

    /** MNIST minibatches (pixels in [0, 1]), from DL4J's cache (scripts/fetch-mnist.sh puts the files there). */
    static List<DataSet> mnist(boolean train, int examples, int batch, long seed) throws IOException {
        MnistDataSetIterator it = new MnistDataSetIterator(batch, examples, false, train, true, seed);
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }
}
