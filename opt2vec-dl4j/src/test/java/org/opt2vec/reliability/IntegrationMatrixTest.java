package org.opt2vec.reliability;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;
import org.opt2vec.dl4j.Opt2VecUpdater;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way DL4J trains a network, each with Opt2Vec: the loss falls and nothing becomes non-finite. */
class IntegrationMatrixTest {

    static DataSet data(DataType type, int n) {
        Nd4j.getRandom().setSeed(17);
        INDArray x = Nd4j.randn(type, n, 6);
        INDArray y = x.getColumns(0, 1, 2).sum(true, 1).subi(x.getColumns(3, 4).sum(true, 1).muli(0.5));
        return new DataSet(x, y);
    }

    static DataSetIterator iterator(DataType type) {
        return new ListDataSetIterator<>(data(type, 256).asList(), 32);
    }

    static NeuralNetConfiguration.ListBuilder mlp(IUpdater updater, DataType type) {
        return mlp(new NeuralNetConfiguration.Builder().seed(3).dataType(type).updater(updater));
    }

    /** The 6-16-1 tanh regression network on top of a configured builder. */
    static NeuralNetConfiguration.ListBuilder mlp(NeuralNetConfiguration.Builder builder) {
        return builder.list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build());
    }

    static MultiLayerNetwork net(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return Opt2Vec.attach(net);
    }

    static void assertLearnsFinitely(String row, double before, double after, Model model) {
        System.out.printf("integration %-40s loss %.4f -> %.4f%n", row, before, after);
        assertTrue(Double.isFinite(after) && after < 0.7 * before, row + ": loss " + before + " -> " + after);
        assertTrue(Double.isFinite(model.params().sumNumber().doubleValue()), row + ": parameters not finite");
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void multiLayerNetworkFitDataSetAndIterator(DataType type) {
        DataSet all = data(type, 256);
        MultiLayerNetwork a = net(mlp(new Opt2Vec(), type).build());
        double before = a.score(all);
        for (int epoch = 0; epoch < 5; epoch++) {
            for (DataSet batch : all.batchBy(32)) {
                a.fit(batch);
            }
        }
        assertLearnsFinitely("MLN fit(DataSet) " + type, before, a.score(all), a);
        MultiLayerNetwork b = net(mlp(new Opt2Vec(), type).build());
        b.fit(iterator(type), 5);
        assertLearnsFinitely("MLN fit(DataSetIterator) " + type, before, b.score(all), b);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void computationGraphFitDataSetAndIterator(DataType type) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(new Opt2Vec()).graphBuilder().addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(6).nOut(16).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build(), "h")
                .setOutputs("out").build();
        DataSet all = data(type, 256);
        ComputationGraph a = new ComputationGraph(conf);
        a.init();
        Opt2Vec.attach(a);
        double before = a.score(all);
        for (int epoch = 0; epoch < 5; epoch++) {
            for (DataSet batch : all.batchBy(32)) {
                a.fit(batch);
            }
        }
        assertLearnsFinitely("CG fit(DataSet) " + type, before, a.score(all), a);
        ComputationGraph b = new ComputationGraph(conf.clone());
        b.init();
        Opt2Vec.attach(b);
        b.fit(iterator(type), 5);
        assertLearnsFinitely("CG fit(DataSetIterator) " + type, before, b.score(all), b);
    }

    @Test
    void earlyStoppingTrainer() {
        MultiLayerNetwork net = net(mlp(new Opt2Vec(), DataType.FLOAT).build());
        DataSet all = data(DataType.FLOAT, 256);
        double before = net.score(all);
        EarlyStoppingConfiguration<MultiLayerNetwork> esc = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(5))
                .scoreCalculator(new DataSetLossCalculator(iterator(DataType.FLOAT), true))
                .modelSaver(new InMemoryModelSaver<>())
                .build();
        EarlyStoppingResult<MultiLayerNetwork> result = new EarlyStoppingTrainer(esc, net, iterator(DataType.FLOAT)).fit();
        MultiLayerNetwork best = result.getBestModel();
        assertEquals(5, result.getTotalEpochs());
        assertLearnsFinitely("EarlyStoppingTrainer", before, best.score(all), best);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void parallelWrapperTwoWorkers(boolean averageUpdaters) throws Exception {
        parallelWrapperTwoWorkers(averageUpdaters, false);
    }

    /** A controller per layer: replicas and the averaged model keep one block per layer. */
    @Test
    void parallelWrapperTwoWorkersPerLayer() throws Exception {
        MultiLayerNetwork net = parallelWrapperTwoWorkers(true, true);
        List<?> blocks = ((org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks();
        assertTrue(blocks.size() > 1, "one block per layer, got " + blocks.size());
    }

    private MultiLayerNetwork parallelWrapperTwoWorkers(boolean averageUpdaters, boolean perLayer) throws Exception {
        // Each worker takes only half the steps: an untrained controller at a fixed 1e-2 step makes "learns" a
        // property of the wrapper plumbing, not of how large a step the bundled weights happen to choose.
        Opt2Vec updater = Opt2Vec.builder().pretrained(false).baseLr(1e-2).perLayer(perLayer).build();
        MultiLayerNetwork net = net(mlp(updater, DataType.FLOAT).build());
        DataSet all = data(DataType.FLOAT, 256);
        double before = net.score(all);
        // Workers train replicas with the wrapper's listeners, not the model's: give it an Opt2VecListener.
        try (ParallelWrapper pw = new ParallelWrapper.Builder<>(net).workers(2).prefetchBuffer(2)
                .averagingFrequency(2).averageUpdaters(averageUpdaters).build()) {
            pw.setListeners(new Opt2VecListener());
            for (int epoch = 0; epoch < 8; epoch++) {
                pw.fit(iterator(DataType.FLOAT));
            }
        }
        assertLearnsFinitely("ParallelWrapper averageUpdaters=" + averageUpdaters, before, net.score(all), net);
        assertTrue(Double.isFinite(net.getUpdater().getStateViewArray().sumNumber().doubleValue()));
        return net;
    }

    @Test
    void truncatedBpttLstm() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).updater(new Opt2Vec()).list()
                .layer(new LSTM.Builder().nIn(2).nOut(12).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(12).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(10).tBPTTBackwardLength(10)
                .build();
        MultiLayerNetwork net = net(conf);
        // target: half the difference of the two input channels at each time step. (A running sum needs memory
        // across the 10-step truncation windows; its loss oscillates for every optimizer, Adam included.)
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 2, 40);
        INDArray y = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1), NDArrayIndex.all())
                .sub(x.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2), NDArrayIndex.all())).muli(0.5);
        DataSet ds = new DataSet(x, y);
        double before = net.score(ds);
        for (int i = 0; i < 60; i++) {
            net.fit(ds);
        }
        assertLearnsFinitely("truncated BPTT LSTM", before, net.score(ds), net);
    }

    @Test
    void batchNormalizationNoOpBlocksBesideOpt2Vec() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Opt2Vec()).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(16).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(16).build())
                .layer(new DenseLayer.Builder().nIn(16).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = net(conf);
        DataSet all = data(DataType.FLOAT, 256);
        double before = net.score(all);
        net.fit(iterator(DataType.FLOAT), 5);
        assertLearnsFinitely("BatchNormalization", before, net.score(all), net);
        long noOpBlocks = net.getUpdater() instanceof org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?> u
                ? u.getUpdaterBlocks().stream().filter(b -> b.getGradientUpdater().getConfig() instanceof NoOp).count() : 0;
        assertTrue(noOpBlocks >= 1, "BatchNormalization's running statistics use a NoOp block");
    }

    @Test
    void transferLearningWithFrozenLayers() {
        MultiLayerNetwork base = net(mlp(new Opt2Vec(), DataType.FLOAT).build());
        base.fit(iterator(DataType.FLOAT), 2);
        MultiLayerNetwork tl = new TransferLearning.Builder(base)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Opt2Vec(0.005)).build())
                .setFeatureExtractor(0)
                .build();
        Opt2Vec.attach(tl);
        INDArray frozenBefore = tl.getLayer(0).params().dup();
        DataSet all = data(DataType.FLOAT, 256);
        double before = tl.score(all);
        tl.fit(iterator(DataType.FLOAT), 5);
        assertEquals(frozenBefore, tl.getLayer(0).params(), "frozen layer must not change");
        System.out.printf("integration %-40s loss %.4f -> %.4f%n", "transfer learning (frozen layer 0)", before,
                tl.score(all));
        assertTrue(tl.score(all) < before && Double.isFinite(tl.params().sumNumber().doubleValue()));
    }

    @Test
    void l2AndWeightDecay() {
        for (String reg : List.of("l2", "weightDecay")) {
            NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(3).updater(new Opt2Vec());
            if (reg.equals("l2")) {
                b.l2(1e-3);
            } else {
                b.weightDecay(1e-3);
            }
            MultiLayerNetwork net = net(mlp(b).build());
            DataSet all = data(DataType.FLOAT, 256);
            double before = net.score(all);
            net.fit(iterator(DataType.FLOAT), 5);
            assertLearnsFinitely(reg, before, net.score(all), net);
        }
    }

    @Test
    void scheduleOnBaseLr() {
        Opt2Vec scheduled = new Opt2Vec.Builder()
                .baseLrSchedule(new ExponentialSchedule(ScheduleType.ITERATION, 0.002, 0.995)).build();
        MultiLayerNetwork net = net(mlp(scheduled, DataType.FLOAT).build());
        DataSet all = data(DataType.FLOAT, 256);
        double before = net.score(all);
        net.fit(iterator(DataType.FLOAT), 5);
        assertLearnsFinitely("ISchedule on baseLr", before, net.score(all), net);
        List<org.opt2vec.dl4j.Opt2VecStep> steps = Opt2VecListener.of(net).orElseThrow().steps();
        org.opt2vec.dl4j.Opt2VecStep first = steps.get(0);
        org.opt2vec.dl4j.Opt2VecStep last = steps.get(steps.size() - 1);
        // step size = baseLr(t) * lrScale * rho0 (the default relative direction's fixed parameter scale): the
        // schedule's value times whatever the controller chose, times a constant
        double rho0 = first.effectiveLr() / first.lrScale() / (0.002 * Math.pow(0.995, first.iteration()));
        assertTrue(rho0 > 0.01 && rho0 < 1, "rho0 " + rho0);
        assertEquals(0.002 * Math.pow(0.995, last.iteration()) * rho0, last.effectiveLr() / last.lrScale(), 1e-9,
                "the schedule drives the base of the step size");
        assertTrue(last.iteration() > first.iteration());
        assertTrue(net.getUpdater() instanceof org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?> u
                && u.getUpdaterBlocks().get(0).getGradientUpdater() instanceof Opt2VecUpdater);
    }

    @Test
    void sameDiffIsRejectedWithAClearMessage() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        org.nd4j.autodiff.samediff.SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 6);
        org.nd4j.autodiff.samediff.SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 1);
        org.nd4j.autodiff.samediff.SDVariable w = sd.var("w", Nd4j.rand(DataType.FLOAT, 6, 1));
        sd.loss.meanSquaredError("loss", label, in.mmul(w), null);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(org.nd4j.autodiff.samediff.TrainingConfig.builder().updater(new Opt2Vec())
                .dataSetFeatureMapping("in").dataSetLabelMapping("label").build());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> sd.fit(data(DataType.FLOAT, 32)));
        assertTrue(e.getMessage().contains("SameDiff"), e.getMessage());
    }
}
