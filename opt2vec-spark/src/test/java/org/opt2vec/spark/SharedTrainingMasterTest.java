package org.opt2vec.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's gradient-sharing {@code SharedTrainingMaster} (dl4j-spark-parameterserver M2) with Opt2Vec on
 * {@code local[2]}. On M2.1 it needs one setting: the Aeron media driver DL4J starts refuses its own configuration
 * ("publicationUnblockTimeoutNs=15000000000 <= clientLivenessTimeoutNs=30000000000") unless
 * {@code aeron.publication.unblock.timeout} is above 30 s (docs/spark.md).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SharedTrainingMasterTest {
    static JavaSparkContext sc;
    static List<DataSet> train;
    static List<DataSet> test;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aeron.publication.unblock.timeout", "60s");
        sc = SparkTests.context("local[2]", "opt2vec-shared");
        train = SparkTests.mnist(true, 2048, 32, 5);
        test = SparkTests.mnist(false, 1024, 256, 5);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void opt2VecTrainsWithGradientSharing() {
        VoidConfiguration voidConfiguration = VoidConfiguration.builder()
                .unicastPort(40123).networkMask("127.0.0.0/8").controllerAddress("127.0.0.1").build();
        SharedTrainingMaster tm = new SharedTrainingMaster.Builder(voidConfiguration, 32)
                .batchSizePerWorker(32).workersPerNode(2).rngSeed(12345).build();
        Opt2Vec opt = new Opt2Vec();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, SparkMultiLayerTrainingTest.mlp(opt), tm);
        sparkNet.setListeners(new Opt2VecListener());
        sparkNet.fit(sc.parallelize(train, 2));
        double accuracy = sparkNet.getNetwork().evaluate(new ListDataSetIterator<>(test)).accuracy();
        System.out.printf("SharedTrainingMaster, local[2], 2048 MNIST images, 1 epoch: Opt2Vec %.4f%n", accuracy);
        assertTrue(accuracy > 0.3, "learns beyond chance (0.1): " + accuracy);
        // Gradient sharing keeps every worker's updater state on the worker: the driver's network gets the
        // parameters, its Opt2Vec state stays the fresh one (a saved model restarts the history when resumed).
        INDArray state = sparkNet.getNetwork().getUpdater().getStateViewArray();
        StateChecks.assertValid(StateChecks.normalized(state, opt), opt, StateChecks.steps(state, opt));
    }
}
