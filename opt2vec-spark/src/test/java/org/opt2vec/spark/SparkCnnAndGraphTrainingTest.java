package org.opt2vec.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small CNN with {@code SparkDl4jMultiLayer} and an MLP as a {@code ComputationGraph} with
 * {@code SparkComputationGraph}, both with Opt2Vec and its listener on {@code local[2]}, against Nesterovs trained the
 * same way.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SparkCnnAndGraphTrainingTest {
    static final int BATCH = 32;
    static final int WORKERS = 2;
    static JavaSparkContext sc;
    static List<DataSet> train;
    static List<DataSet> test;

    @BeforeAll
    static void start() throws Exception {
        sc = SparkTests.context("local[" + WORKERS + "]", "opt2vec-cnn-graph");
        train = SparkTests.mnist(true, 2048, BATCH, 11);
        test = SparkTests.mnist(false, 1024, 256, 11);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    static MultiLayerConfiguration cnn(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(12345)
                .updater(updater)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
    }

    static ComputationGraphConfiguration graph(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(12345)
                .updater(updater)
                .graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .build();
    }

    static double cnnAccuracy(IUpdater updater, int epochs) {
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, cnn(updater),
                SparkMultiLayerTrainingTest.master());
        sparkNet.setListeners(new Opt2VecListener());
        JavaRDD<DataSet> rdd = sc.parallelize(train, WORKERS);
        for (int e = 0; e < epochs; e++) {
            sparkNet.fit(rdd);
        }
        return sparkNet.getNetwork().evaluate(new ListDataSetIterator<>(test)).accuracy();
    }

    static SparkComputationGraph graphOnSpark(IUpdater updater, int epochs) {
        SparkComputationGraph sparkGraph = new SparkComputationGraph(sc, graph(updater),
                SparkMultiLayerTrainingTest.master());
        sparkGraph.setListeners(new Opt2VecListener());
        JavaRDD<DataSet> rdd = sc.parallelize(train, WORKERS);
        for (int e = 0; e < epochs; e++) {
            sparkGraph.fit(rdd);
        }
        return sparkGraph;
    }

    static double accuracy(ComputationGraph g) {
        return g.evaluate(new ListDataSetIterator<>(test)).accuracy();
    }

    @Test
    void aSmallCnnLearnsAsWellAsNesterovs() {
        double opt2vec = cnnAccuracy(new Opt2Vec(), 2);
        double nesterovs = cnnAccuracy(new Nesterovs(0.01, 0.9), 2);
        System.out.printf("CNN on Spark local[2], 2048 MNIST images, 2 epochs: Opt2Vec %.4f, Nesterovs(0.01, 0.9) "
                + "%.4f%n", opt2vec, nesterovs);
        assertTrue(opt2vec > 0.8, "Opt2Vec accuracy " + opt2vec);
        assertTrue(opt2vec >= nesterovs - 0.03, "Opt2Vec " + opt2vec + " vs Nesterovs " + nesterovs);
    }

    @Test
    void aComputationGraphLearnsAsWellAsNesterovsAndResumesOnOneMachine(@TempDir File dir) throws Exception {
        Opt2Vec opt = new Opt2Vec();
        SparkComputationGraph sparkGraph = graphOnSpark(opt, 3);
        double opt2vec = accuracy(sparkGraph.getNetwork());
        double nesterovs = accuracy(graphOnSpark(new Nesterovs(0.01, 0.9), 3).getNetwork());
        System.out.printf("ComputationGraph MLP on Spark local[2], 2048 MNIST images, 3 epochs: Opt2Vec %.4f, "
                + "Nesterovs(0.01, 0.9) %.4f%n", opt2vec, nesterovs);
        assertTrue(opt2vec > 0.8, "Opt2Vec accuracy " + opt2vec);
        assertTrue(opt2vec >= nesterovs - 0.03, "Opt2Vec " + opt2vec + " vs Nesterovs " + nesterovs);

        // 2048 images / (2 workers x 32) = 32 steps per worker per epoch, continued across averaging rounds.
        ComputationGraph g = sparkGraph.getNetwork();
        long steps = 3L * train.size() / WORKERS;
        StateChecks.assertValid(StateChecks.normalized(g.getUpdater().getStateViewArray(), opt), opt, steps);

        File file = new File(dir, "graph.zip");
        ModelSerializer.writeModel(g, file, true);
        ComputationGraph restored = Opt2Vec.attach(ModelSerializer.restoreComputationGraph(file, true));
        assertEquals(opt2vec, accuracy(restored), 1e-9);
        // One more epoch on one machine, from the file and from the driver's network in memory: the same steps.
        Opt2Vec.attach(g);
        for (DataSet d : train) {
            restored.fit(d);
            g.fit(d);
        }
        StateChecks.assertValid(restored.getUpdater().getStateViewArray(), opt, steps + train.size());
        assertEquals(g.params(), restored.params(), "the restored graph continued exactly as the driver's");
        assertTrue(accuracy(restored) > 0.7, "one more epoch on one machine: " + accuracy(restored));
    }
}
