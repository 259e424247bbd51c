package org.opt2vec.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

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
        Path dir = Path.of(System.getProperty("user.home"), ".deeplearning4j");
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                // DL4J would try to download it from a host that may not answer: fail with the fix instead.
                fail("MNIST file " + dir.resolve(f) + " is missing: run scripts/fetch-mnist.sh");
            }
        }
        MnistDataSetIterator it = new MnistDataSetIterator(batch, examples, false, train, true, seed);
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }
}
