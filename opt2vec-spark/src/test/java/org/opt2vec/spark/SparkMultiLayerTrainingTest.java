package org.opt2vec.spark;

import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opt2Vec inside DL4J's own Spark training, written as a DL4J user writes it: {@code SparkDl4jMultiLayer},
 * {@code ParameterAveragingTrainingMaster}, {@code .updater(new Opt2Vec())} and
 * {@code sparkNet.setListeners(new Opt2VecListener())}, on {@code local[2]} with an MNIST subset.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SparkMultiLayerTrainingTest {
    static final int BATCH = 32;
    static final int WORKERS = 2;
    static final int AVERAGING_FREQUENCY = 8;
    static JavaSparkContext sc;
    static List<DataSet> train;
    static List<DataSet> test;

    @BeforeAll
    static void start() throws Exception {
        sc = SparkTests.context("local[" + WORKERS + "]", "opt2vec-mlp");
        train = SparkTests.mnist(true, 4096, BATCH, 7);
        test = SparkTests.mnist(false, 1024, 256, 7);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    static MultiLayerConfiguration mlp(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(12345)
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    static ParameterAveragingTrainingMaster master() {
        return new ParameterAveragingTrainingMaster.Builder(WORKERS, BATCH)
                .batchSizePerWorker(BATCH)
                .averagingFrequency(AVERAGING_FREQUENCY)
                .saveUpdater(true)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(org.deeplearning4j.spark.api.Repartition.Never)
                .rngSeed(12345)
                .build();
    }

    static double accuracy(MultiLayerNetwork net) {
        Evaluation e = net.evaluate(new ListDataSetIterator<>(test));
        return e.accuracy();
    }

    /** Trains with the given updater for {@code epochs} passes over the training subset and returns the network. */
    static SparkDl4jMultiLayer trainOnSpark(IUpdater updater, int epochs) {
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, mlp(updater), master());
        sparkNet.setListeners(new Opt2VecListener());
        JavaRDD<DataSet> rdd = sc.parallelize(train, WORKERS);
        for (int e = 0; e < epochs; e++) {
            sparkNet.fit(rdd);
        }
        return sparkNet;
    }

    /** Nesterovs(0.01, 0.9) is the project's reference setting (opt2vec mnist); docs/spark.md also reports lr 0.1. */
    @Test
    void opt2VecLearnsAsWellAsNesterovs() {
        double opt2vec = accuracy(trainOnSpark(new Opt2Vec(), 3).getNetwork());
        double nesterovs = accuracy(trainOnSpark(new Nesterovs(0.01, 0.9), 3).getNetwork());
        System.out.printf("MLP on Spark local[2], 4096 MNIST images, 3 epochs: Opt2Vec %.4f, Nesterovs(0.01, 0.9) "
                + "%.4f%n", opt2vec, nesterovs);
        assertTrue(opt2vec > 0.85, "Opt2Vec accuracy " + opt2vec);
        assertTrue(opt2vec >= nesterovs - 0.03, "Opt2Vec " + opt2vec + " vs Nesterovs " + nesterovs);
    }

    /**
     * One averaging round per fit (each worker trains {@value #AVERAGING_FREQUENCY} minibatches): after every round
     * the driver holds the mean of the two workers' states. It is a valid Opt2Vec state, the workers of the next
     * round continue from it (the step count grows by one round's steps, it does not restart), and a network on one
     * machine continues from it too.
     */
    @Test
    void averagedStateIsValidAfterEveryRound() {
        Opt2Vec opt = new Opt2Vec();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, mlp(opt), master());
        sparkNet.setListeners(new Opt2VecListener());
        int perRound = WORKERS * AVERAGING_FREQUENCY;
        DataSet probe = test.get(0);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int r = 0; r < 4; r++) {
            sparkNet.fit(sc.parallelize(train.subList(r * perRound, (r + 1) * perRound), WORKERS));
            MultiLayerNetwork driver = sparkNet.getNetwork();
            INDArray averaged = driver.getUpdater().getStateViewArray();
            long steps = (long) (r + 1) * AVERAGING_FREQUENCY;
            assertEquals(steps, StateChecks.steps(averaged, opt), "round " + r + ": workers continued the state");
            StateChecks.assertValid(StateChecks.normalized(averaged, opt), opt, steps);

            // One machine continues from the averaged parameters and state (as a Spark worker of the next round does).
            MultiLayerNetwork local = new MultiLayerNetwork(driver.getLayerWiseConfigurations().clone());
            local.init(driver.params().dup(), false);
            local.setUpdater(new org.deeplearning4j.nn.updater.MultiLayerUpdater(local, averaged.dup()));
            Opt2Vec.attach(local).fit(train.get(train.size() - 1 - r));
            StateChecks.assertValid(local.getUpdater().getStateViewArray(), opt, steps + 1);

            last = driver.score(probe);
            first = r == 0 ? last : first;
            assertTrue(Double.isFinite(last), "round " + r + " score " + last);
        }
        assertTrue(last < first, "loss on held-out images after round 1: " + first + ", after round 4: " + last);
    }

    @Test
    void withoutTheListenerTheErrorNamesTheFix() {
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, mlp(new Opt2Vec()), master());
        SparkException e = assertThrows(SparkException.class, () -> sparkNet.fit(sc.parallelize(train.subList(0, 8), 2)));
        assertTrue(e.getMessage().contains("sparkNet.setListeners(new Opt2VecListener())"), e.getMessage());
    }

    @Test
    void savedModelResumesOnOneMachine(@TempDir File dir) throws Exception {
        SparkDl4jMultiLayer sparkNet = trainOnSpark(new Opt2Vec(), 1);
        double onSpark = accuracy(sparkNet.getNetwork());
        File file = new File(dir, "mlp.zip");
        ModelSerializer.writeModel(sparkNet.getNetwork(), file, true);

        MultiLayerNetwork net = Opt2Vec.attach(ModelSerializer.restoreMultiLayerNetwork(file, true));
        assertEquals(onSpark, accuracy(net), 1e-9, "the restored network is the trained one");
        Opt2Vec opt = (Opt2Vec) net.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W");
        long steps = StateChecks.steps(net.getUpdater().getStateViewArray(), opt);
        assertEquals(train.size() / WORKERS, steps, "one epoch: every worker's steps, continued across rounds");
        // One more epoch on one machine, from the file and from the driver's network in memory: the same steps.
        MultiLayerNetwork driver = Opt2Vec.attach(sparkNet.getNetwork());
        for (DataSet d : train) {
            net.fit(d);
            driver.fit(d);
        }
        StateChecks.assertValid(net.getUpdater().getStateViewArray(), opt, steps + train.size());
        assertEquals(driver.params(), net.params(), "the restored network continued exactly as the driver's");
        double resumed = accuracy(net);
        System.out.printf("MLP: after 1 epoch on Spark %.4f, after 1 more on one machine %.4f%n", onSpark, resumed);
        assertTrue(resumed > 0.7, "resumed " + resumed);
    }
}
