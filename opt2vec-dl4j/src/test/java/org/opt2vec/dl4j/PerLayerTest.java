package org.opt2vec.dl4j;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A per-layer configuration gives every layer its own updater block (its own Opt2VecUpdater, history and controller
 * outputs) in every network made from it: fresh, restored from a checkpoint, or read back from JSON.
 */
class PerLayerTest {
    private static final Opt2Vec PER_LAYER = Opt2Vec.builder().perLayer(true).build();

    private static List<UpdaterBlock> blocks(MultiLayerNetwork net) {
        return ((BaseMultiLayerUpdater<?>) net.getUpdater(true)).getUpdaterBlocks();
    }

    @Test
    void eachLayerIsItsOwnBlockAndItsParametersStayTogether() {
        assertEquals(1, blocks(TestNets.mlp(new Opt2Vec(), DataType.FLOAT)).size());
        MultiLayerNetwork net = TestNets.mlp(PER_LAYER, DataType.FLOAT);
        List<UpdaterBlock> bs = blocks(net);
        assertEquals(2, bs.size());
        for (int i = 0; i < bs.size(); i++) {
            assertEquals(2, bs.get(i).getLayersAndVariablesInBlock().size(), "weights and bias of layer " + i);
            assertTrue(bs.get(i).getGradientUpdater() == null || bs.get(i).getGradientUpdater() instanceof Opt2VecUpdater);
        }
        ComputationGraph g = TestNets.graph(PER_LAYER);
        assertEquals(3, ((BaseMultiLayerUpdater<?>) g.getUpdater(true)).getUpdaterBlocks().size());
    }

    @Test
    void settingsCompareByValueConfigurationsOnlyToThemselves() {
        Opt2Vec copy = PER_LAYER.clone();
        assertNotEquals(PER_LAYER, copy);
        assertTrue(PER_LAYER.sameSettings(copy));
        assertFalse(PER_LAYER.sameSettings(new Opt2Vec()));
        assertEquals(new Opt2Vec(), new Opt2Vec());
        assertTrue(copy.toString().contains("perLayer=true"));
        assertFalse(new Opt2Vec().toString().contains("perLayer"));
    }

    @Test
    void jsonKeepsTheChoice() {
        MultiLayerConfiguration conf = TestNets.mlpConfig(PER_LAYER, DataType.FLOAT);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        for (int i = 0; i < 2; i++) {
            Opt2Vec o = (Opt2Vec) ((org.deeplearning4j.nn.conf.layers.BaseLayer) back.getConf(i).getLayer()).getIUpdater();
            assertTrue(o.isPerLayer());
            assertTrue(o.sameSettings(PER_LAYER));
        }
        ComputationGraphConfiguration gc = TestNets.graphConfig(PER_LAYER);
        assertTrue(ComputationGraphConfiguration.fromJson(gc.toJson()).toJson().contains("\"perLayer\" : true"));
        // JSON written before the option existed: one controller for all layers
        String old = TestNets.mlpConfig(new Opt2Vec(), DataType.FLOAT).toJson().replace("\"perLayer\" : false,", "");
        assertFalse(old.contains("perLayer"));
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(old));
        net.init();
        assertEquals(1, blocks(net).size());
    }

    @Test
    void layersGetTheirOwnControllerOutputs() {
        DataSet data = TestNets.regression(3, DataType.FLOAT);
        Opt2VecListener telemetry = new Opt2VecListener(100);
        MultiLayerNetwork net = TestNets.mlp(PER_LAYER, DataType.FLOAT);
        net.addListeners(telemetry);
        for (int i = 0; i < 5; i++) {
            net.fit(data);
        }
        List<Opt2VecStep> steps = telemetry.steps();
        assertEquals(10, steps.size(), "one record per layer per step");
        Opt2VecStep a = steps.get(8);
        Opt2VecStep b = steps.get(9);
        assertNotEquals(a.lrScale(), b.lrScale(), "the two layers read different histories");
    }

    /** One instance in several layers (as a FineTuneConfiguration or layer builders set it): still a block each. */
    @Test
    void anInstanceSharedByLayersStillGivesEachLayerItsBlock(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(sharedInstanceConfig());
        net.init();
        Opt2Vec.attach(net);
        DataSet data = TestNets.regression(4, DataType.FLOAT);
        for (int i = 0; i < 5; i++) {
            net.fit(data);
        }
        assertEquals(2, blocks(net).size());
        File file = dir.resolve("shared.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = Opt2Vec.attach(ModelSerializer.restoreMultiLayerNetwork(file, true));
        assertEquals(2, blocks(restored).size());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        net.fit(data);
        restored.fit(data);
        assertEquals(net.params(), restored.params());
    }

    /** Layers merged because the updater was made before attach: restored, they split and refuse the state whole. */
    @Test
    void aMergedSharedInstanceIsRefusedOnRestoreNeverMisread(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(sharedInstanceConfig());
        net.init();
        assertEquals(1, blocks(net).size(), "the updater made before attach merges the layers sharing one instance");
        Opt2Vec.attach(net);
        net.fit(TestNets.regression(4, DataType.FLOAT));
        File file = dir.resolve("merged.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork r = Opt2Vec.attach(ModelSerializer.restoreMultiLayerNetwork(file, true));
        assertEquals(2, blocks(r).size());
        org.nd4j.linalg.api.ndarray.INDArray params = r.params().dup();
        org.nd4j.linalg.api.ndarray.INDArray state = r.getUpdater().getStateViewArray().dup();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> r.fit(TestNets.regression(4, DataType.FLOAT)));
        assertTrue(e.getMessage().contains("written for an updater block of 193 parameters"), e.getMessage());
        assertEquals(params, r.params(), "nothing changed");
        assertEquals(state, r.getUpdater().getStateViewArray(), "nothing changed");
    }

    private static MultiLayerConfiguration sharedInstanceConfig() {
        return new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(7)
                .dataType(DataType.FLOAT).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(10).nOut(16).updater(PER_LAYER)
                        .activation(org.nd4j.linalg.activations.Activation.TANH).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).nIn(16).nOut(1).updater(PER_LAYER)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .build();
    }

    /** The controller meta-trained per layer, kept by file, loads with its recorded checksum and recipe. */
    @Test
    void theMetaTrainedPerLayerFileLoads() throws Exception {
        Path file = Path.of(System.getProperty("user.dir")).getParent()
                .resolve("weights/relative-v5-h16-f9-e64-gelu-perlayer.o2vw");
        assertEquals("44571e37c2623459aa83e9590585a739e0aa7ec63441b78f26798d1b7f870c7b",
                BundledWeights.sha256(java.nio.file.Files.readAllBytes(file)));
        Opt2VecWeights w = Opt2VecWeights.load(file);
        assertTrue(w.provenance().contains("perLayer=true"), w.provenance());
        Opt2Vec o = Opt2Vec.builder().perLayer(true).weights(w).build();
        assertEquals(org.opt2vec.features.FeatureSet.V5, o.getFeatureSet());
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(o, DataType.FLOAT));
        DataSet data = TestNets.regression(9, DataType.FLOAT);
        double before = net.score(data);
        for (int i = 0; i < 30; i++) {
            net.fit(data);
        }
        assertEquals(2, blocks(net).size());
        assertTrue(net.score(data) < 0.5 * before, "trains: " + before + " -> " + net.score(data));
    }

    @Test
    void checkpointResumesBitwise(@TempDir Path dir) throws Exception {
        DataSet data = TestNets.regression(5, DataType.FLOAT);
        MultiLayerNetwork straight = Opt2Vec.attach(TestNets.mlp(PER_LAYER, DataType.FLOAT));
        for (int i = 0; i < 20; i++) {
            straight.fit(data);
        }
        MultiLayerNetwork first = Opt2Vec.attach(TestNets.mlp(PER_LAYER, DataType.FLOAT));
        for (int i = 0; i < 8; i++) {
            first.fit(data);
        }
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(first, file, true);
        MultiLayerNetwork resumed = Opt2Vec.attach(ModelSerializer.restoreMultiLayerNetwork(file, true));
        assertEquals(2, blocks(resumed).size());
        for (int i = 8; i < 20; i++) {
            resumed.fit(data);
        }
        assertEquals(straight.params(), resumed.params());
        assertEquals(straight.getUpdater().getStateViewArray(), resumed.getUpdater().getStateViewArray());
    }
}
