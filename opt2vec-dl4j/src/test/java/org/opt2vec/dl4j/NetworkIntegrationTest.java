package org.opt2vec.dl4j;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.state.StateLayout;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opt2Vec in real networks: both network kinds, both float types, mixed updaters, JSON, state size. */
class NetworkIntegrationTest {

    private static double trainAndReportRatio(org.deeplearning4j.nn.api.Model net, DataSet data, int steps) {
        double first;
        double last;
        if (net instanceof MultiLayerNetwork mln) {
            first = mln.score(data);
            for (int i = 0; i < steps; i++) {
                mln.fit(data);
            }
            last = mln.score(data);
        } else {
            ComputationGraph cg = (ComputationGraph) net;
            first = cg.score(data);
            for (int i = 0; i < steps; i++) {
                cg.fit(data);
            }
            last = cg.score(data);
        }
        assertTrue(Double.isFinite(last));
        return last / first;
    }

    @Test
    void multiLayerNetworkFloatAndDoubleLearn() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(new Opt2Vec(), type));
            double ratio = trainAndReportRatio(net, TestNets.regression(1, type), 100);
            assertTrue(ratio < 0.2, type + ": loss ratio " + ratio);
        }
    }

    @Test
    void computationGraphLearns() {
        ComputationGraph g = Opt2Vec.attach(TestNets.graph(new Opt2Vec()));
        double ratio = trainAndReportRatio(g, TestNets.regression(2, DataType.FLOAT), 100);
        assertTrue(ratio < 0.2, "loss ratio " + ratio);
        assertEquals(100, Opt2VecListener.of(g).orElseThrow().steps().size());
    }

    @Test
    void mixedUpdatersFormSeparateBlocks() {
        Opt2Vec weightsUpdater = new Opt2Vec.Builder().baseLr(0.02).build();
        Opt2Vec biasUpdater = new Opt2Vec.Builder().baseLr(0.01).historyLength(8).pretrained(false).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3)
                .updater(weightsUpdater)
                .biasUpdater(biasUpdater)
                .list()
                .layer(new DenseLayer.Builder().nIn(10).nOut(16).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(16).nOut(8).activation(Activation.TANH).updater(new Adam(1e-2)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = Opt2Vec.attach(new MultiLayerNetwork(conf));
        net.init();
        double ratio = trainAndReportRatio(net, TestNets.regression(3, DataType.FLOAT), 100);
        assertTrue(ratio < 0.3, "loss ratio " + ratio);

        List<UpdaterBlock> blocks = Opt2VecListener.updaterBlocks(net);
        // W0 | b0 | W1 (Adam) | b1 (the global bias updater still applies) | W2 | b2
        assertEquals(6, blocks.size());
        long opt2vecBlocks = blocks.stream().filter(b -> b.getGradientUpdater() instanceof Opt2VecUpdater).count();
        assertEquals(5, opt2vecBlocks);
        assertInstanceOf(org.nd4j.linalg.learning.AdamUpdater.class, blocks.get(2).getGradientUpdater());
        Set<Integer> seen = Opt2VecListener.of(net).orElseThrow().steps().stream()
                .map(Opt2VecStep::block).collect(Collectors.toSet());
        assertEquals(Set.of(0, 1, 3, 4, 5), seen);
    }

    @Test
    void jsonRoundTripOfBothConfigKinds() {
        Opt2Vec custom = new Opt2Vec.Builder()
                .baseLrSchedule(new ExponentialSchedule(ScheduleType.ITERATION, 0.05, 0.99))
                .embeddingDim(8).historyLength(4).activation("swish").useExtendedFeatures(false)
                .normalizeFeatures(false).maxGradNorm(-1).lrScaleRange(0.5, 2).momentumRange(0.1, 0.95).trainingSteps(500)
                .weights(Opt2VecWeights.untrained(ControllerArchitecture.of(4, false, 8,
                        org.opt2vec.controller.Activation.SWISH)))
                .build();
        for (Opt2Vec updater : List.of(new Opt2Vec(), custom)) {
            MultiLayerConfiguration mlc = TestNets.mlpConfig(updater, DataType.FLOAT);
            MultiLayerConfiguration mlc2 = MultiLayerConfiguration.fromJson(mlc.toJson());
            assertEquals(mlc, mlc2);
            assertEquals(updater, ((org.deeplearning4j.nn.conf.layers.BaseLayer) mlc2.getConf(0).getLayer()).getIUpdater());

            ComputationGraphConfiguration cgc = TestNets.graphConfig(updater);
            ComputationGraphConfiguration cgc2 = ComputationGraphConfiguration.fromJson(cgc.toJson());
            assertEquals(cgc, cgc2);
            assertEquals(cgc.toJson(), cgc2.toJson());
        }
    }

    @Test
    void configEqualityIsValueBased() {
        assertEquals(new Opt2Vec(), new Opt2Vec());
        assertEquals(new Opt2Vec().hashCode(), new Opt2Vec().hashCode());
        assertEquals(new Opt2Vec(), new Opt2Vec().clone());
        assertNotEquals(new Opt2Vec(), new Opt2Vec(0.02));
        assertNotEquals(new Opt2Vec(), new Opt2Vec.Builder().pretrained(false).build());
    }

    @Test
    void stateSizeIsBuffersPerParameterPlusAConstant() {
        Opt2Vec o = new Opt2Vec();
        long k = o.stateSize(0);
        ControllerArchitecture a = o.architecture();
        assertEquals(StateLayout.HEADER_SIZE + a.historyLength() * a.featureCount() + a.parameterCount(), k);
        // adaptive direction: momentum and second moment, as Adam
        assertEquals(2_000_000 + k, o.stateSize(1_000_000));
        Opt2Vec momentum = new Opt2Vec.Builder().direction(UpdateDirection.MOMENTUM).featureSet(o.getFeatureSet())
                .pretrained(false).build();
        assertEquals(1_000_000 + k, momentum.stateSize(1_000_000));
        long smaller = new Opt2Vec.Builder().embeddingDim(8).pretrained(false).build().stateSize(0);
        assertTrue(smaller < k);
        // In a network, DL4J sizes the view variable by variable: 2n + k per variable (4 variables here).
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(o, DataType.FLOAT));
        assertEquals(2 * net.numParams() + 4 * k, net.getUpdater().getStateViewArray().length());
    }
}
