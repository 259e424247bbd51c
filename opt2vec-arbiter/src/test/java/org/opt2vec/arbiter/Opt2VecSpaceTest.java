package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.ComputationGraphSpace;
import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.GraphConfiguration;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.deeplearning4j.arbiter.optimize.serde.jackson.JsonMapper;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecListener;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class Opt2VecSpaceTest {

    static Opt2VecSpace space() {
        return new Opt2VecSpace.Builder()
                .baseLr(new ContinuousParameterSpace(1e-3, 1e-1))
                .historyLength(new DiscreteParameterSpace<>(8, 16, 32))
                .activation(new DiscreteParameterSpace<>("gelu", "relu"))
                .embeddingDim(32)
                .build();
    }

    static MultiLayerSpace mls(ParameterSpace<IUpdater> updater) {
        return new MultiLayerSpace.Builder()
                .seed(12345)
                .updater(updater)
                .addLayer(new DenseLayerSpace.Builder().nIn(4).nOut(new IntegerParameterSpace(4, 12))
                        .activation(Activation.TANH).build())
                .addLayer(new OutputLayerSpace.Builder().nOut(3).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .numEpochs(1)
                .build();
    }

    private static Opt2Vec updaterOf(DL4JConfiguration c) {
        return (Opt2Vec) ((BaseLayer) c.getMultiLayerConfiguration().getConf(0).getLayer()).getIUpdater();
    }

    @Test
    void reportsItsLeavesInsideMultiLayerSpace() {
        Opt2VecSpace s = space();
        assertFalse(s.isLeaf());
        assertEquals(3, s.numParameters(), "baseLr, historyLength, activation (embeddingDim is fixed)");
        assertEquals(List.of("baseLr", "embeddingDim", "historyLength", "activation"),
                List.copyOf(s.getNestedSpaces().keySet()));
        MultiLayerSpace m = mls(s);
        assertEquals(4, m.numParameters(), "3 Opt2Vec leaves + the dense layer's nOut");
        assertEquals(List.of("updater.baseLr", "updater.historyLength", "updater.activation", "layer_0.nOut"),
                List.copyOf(SpaceNames.searchableLeaves(m).keySet()));
    }

    @Test
    void randomSearchCoversTheSpaceAndBuildsRealNetworks() {
        MultiLayerSpace m = mls(space());
        RandomSearchGenerator gen = new RandomSearchGenerator(m, null);
        gen.setRngSeed(1);
        Set<Integer> histories = new HashSet<>();
        Set<String> acts = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            Candidate<?> c = gen.getCandidate();
            assertNull(c.getException());
            Opt2Vec o = updaterOf((DL4JConfiguration) c.getValue());
            assertTrue(o.getBaseLr() >= 1e-3 && o.getBaseLr() <= 1e-1, "baseLr " + o.getBaseLr());
            assertEquals(32, o.getEmbeddingDim());
            histories.add(o.getHistoryLength());
            acts.add(o.getActivation());
        }
        assertEquals(Set.of(8, 16, 32), histories);
        assertEquals(Set.of("gelu", "relu"), acts);

        // a generated configuration trains as a real network once the listener is attached
        DL4JConfiguration conf = (DL4JConfiguration) gen.getCandidate().getValue();
        MultiLayerNetwork net = new MultiLayerNetwork(conf.getMultiLayerConfiguration());
        net.init();
        net = new Opt2VecTaskListener().preProcess(net, null);
        assertTrue(Opt2VecListener.of(net).isPresent());
        net.fit((org.nd4j.linalg.dataset.api.iterator.DataSetIterator) new TinyDataSource().trainData());
        assertTrue(Double.isFinite(net.score()));
    }

    @Test
    void gridSearchVisitsEveryCombinationOnce() {
        Opt2VecSpace s = new Opt2VecSpace.Builder()
                .embeddingDim(new DiscreteParameterSpace<>(32, 64, 128))
                .historyLength(new DiscreteParameterSpace<>(8, 16, 32))
                .activation(new DiscreteParameterSpace<>("gelu", "swish", "relu"))
                .build();
        GridSearchCandidateGenerator gen = new GridSearchCandidateGenerator(s, 3,
                GridSearchCandidateGenerator.Mode.Sequential, null);
        assertEquals(27, gen.getTotalNumCandidates());
        Set<String> seen = new HashSet<>();
        while (gen.hasMoreCandidates()) {
            Opt2Vec o = (Opt2Vec) gen.getCandidate().getValue();
            assertTrue(seen.add(o.architecture().key()), "duplicate " + o.architecture().key());
        }
        assertEquals(27, seen.size());
    }

    @Test
    void oneValuedSpacesDoNotShiftGridIndices() {
        // Arbiter's grid search would mis-index a one-valued discrete leaf; the builder stores it as a FixedValue.
        Opt2VecSpace s = new Opt2VecSpace.Builder()
                .embeddingDim(new DiscreteParameterSpace<>(16))
                .historyLength(new DiscreteParameterSpace<>(8, 16))
                .activation(new DiscreteParameterSpace<>("gelu", "tanh"))
                .build();
        assertInstanceOf(FixedValue.class, s.getEmbeddingDim());
        GridSearchCandidateGenerator gen = new GridSearchCandidateGenerator(s, 3,
                GridSearchCandidateGenerator.Mode.Sequential, null);
        Set<String> seen = new HashSet<>();
        while (gen.hasMoreCandidates()) {
            Candidate<?> c = gen.getCandidate();
            assertNull(c.getException());
            seen.add(((Opt2Vec) c.getValue()).architecture().key());
        }
        String v = Opt2Vec.DEFAULT_FEATURE_SET.keyPrefix();
        assertEquals(Set.of(v + "h8-f9-e16-gelu", v + "h16-f9-e16-gelu", v + "h8-f9-e16-tanh", v + "h16-f9-e16-tanh"), seen);
    }

    @Test
    void worksInComputationGraphSpace() {
        ComputationGraphSpace cgs = new ComputationGraphSpace.Builder()
                .updater(space())
                .addInputs("in")
                .addLayer("d", new DenseLayerSpace.Builder().nIn(4).nOut(8).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayerSpace.Builder().nIn(8).nOut(3).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build(), "d")
                .setOutputs("out")
                .build();
        assertEquals(3, cgs.numParameters());
        RandomSearchGenerator gen = new RandomSearchGenerator(cgs, null);
        GraphConfiguration g = (GraphConfiguration) gen.getCandidate().getValue();
        BaseLayer l = (BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) g.getConfiguration().getVertices()
                .get("d")).getLayerConf().getLayer();
        assertInstanceOf(Opt2Vec.class, l.getIUpdater());
        String json = cgs.toJson();
        assertEquals(cgs, ComputationGraphSpace.fromJson(json));
    }

    @Test
    void roundTripsThroughArbiterJson() throws Exception {
        MultiLayerSpace m = mls(space());
        String json = m.toJson();
        assertTrue(json.contains("org.opt2vec.arbiter.Opt2VecSpace"), json);
        MultiLayerSpace back = MultiLayerSpace.fromJson(json);
        assertEquals(m, back);
        assertEquals(m.numParameters(), back.numParameters());
        // a seeded random search over the copy proposes exactly the original's candidates
        // (making a generator also gives the leaves their indices)
        RandomSearchGenerator original = new RandomSearchGenerator(m, null);
        RandomSearchGenerator copy = new RandomSearchGenerator(back, null);
        // the same point of the space gives the same Opt2Vec configuration
        double[] x = {0.1, 0.6, 0.9, 0.3};
        assertEquals(updaterOf(m.getValue(x)), updaterOf(back.getValue(x)));
        original.setRngSeed(3);
        copy.setRngSeed(3);
        for (int i = 0; i < 5; i++) {
            Opt2Vec a = updaterOf((DL4JConfiguration) original.getCandidate().getValue());
            Opt2Vec b = updaterOf((DL4JConfiguration) copy.getCandidate().getValue());
            assertEquals(a, b, "candidate " + i);
        }

        Opt2VecSpace s = space();
        String sj = JsonMapper.getMapper().writeValueAsString(s);
        assertEquals(s, JsonMapper.getMapper().readValue(sj, ParameterSpace.class));
    }

    @Test
    void everyCandidateTakesTheTemplatesOtherSettings() throws Exception {
        Opt2Vec template = new Opt2Vec.Builder().maxGradNorm(5).lrScaleRange(0.5, 2).momentumRange(0.1, 0.95)
                .useExtendedFeatures(false).normalizeFeatures(false).pretrained(false).baseLr(0.05).build();
        Opt2VecSpace s = Opt2VecSpace.builder(template)
                .historyLength(new DiscreteParameterSpace<>(8, 32))
                .build();
        assertEquals(template, s.getTemplate());
        Set<Integer> histories = new HashSet<>();
        GridSearchCandidateGenerator gen = new GridSearchCandidateGenerator(s, 3,
                GridSearchCandidateGenerator.Mode.Sequential, null);
        while (gen.hasMoreCandidates()) {
            Opt2Vec o = (Opt2Vec) gen.getCandidate().getValue();
            histories.add(o.getHistoryLength());
            // everything but the searched setting is the template's
            assertEquals(template.toBuilder().historyLength(o.getHistoryLength()).build(), o);
        }
        assertEquals(Set.of(8, 32), histories);

        // the template survives Arbiter's JSON, so a space read back proposes the same configurations
        Opt2VecSpace back = (Opt2VecSpace) JsonMapper.getMapper().readValue(
                JsonMapper.getMapper().writeValueAsString(s), ParameterSpace.class);
        assertEquals(s, back);
        assertEquals(5.0, back.getTemplate().getMaxGradNorm());
        back.setIndices(0);
        assertFalse(back.getOpt2Vec(new double[]{0.9}).isPretrained());

        // the builder's fixed-setting methods change the template
        Opt2VecSpace clipped = new Opt2VecSpace.Builder().maxGradNorm(3).pretrained(false).build();
        assertEquals(new Opt2Vec.Builder().maxGradNorm(3).pretrained(false).build(), clipped.getTemplate());
    }

    @Test
    void aTemplateWithWeightsFixesTheArchitecture() {
        Opt2Vec untrained = new Opt2Vec.Builder().pretrained(false).build();
        Opt2Vec withWeights = untrained.toBuilder().weights(untrained.resolveWeights()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Opt2VecSpace.builder(withWeights).historyLength(new DiscreteParameterSpace<>(8, 16)).build());
        assertTrue(e.getMessage().contains("template") && e.getMessage().contains("architecture"), e.getMessage());
        // a space over baseLr keeps the architecture: allowed, and every candidate runs the template's weights
        Opt2VecSpace lr = Opt2VecSpace.builder(withWeights).baseLr(new DiscreteParameterSpace<>(0.01, 0.1)).build();
        lr.setIndices(0);
        assertEquals(withWeights.getWeights(), lr.getOpt2Vec(new double[]{0.9}).getWeights());
        assertEquals(0.1, lr.getOpt2Vec(new double[]{0.9}).getBaseLr());
    }

    @Test
    void badSpacesFailWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2VecSpace.Builder().historyLength(new DiscreteParameterSpace<Integer>()).build());
        assertTrue(e.getMessage().contains("historyLength") && e.getMessage().contains("empty"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2VecSpace.Builder().embeddingDim(new IntegerParameterSpace(0, 64)).build());
        assertTrue(e.getMessage().contains("embeddingDim") && e.getMessage().contains("[0, 64]"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2VecSpace.Builder().embeddingDim(new IntegerParameterSpace(-8, -1)).build());
        assertTrue(e.getMessage().contains("embeddingDim"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2VecSpace.Builder().embeddingDim(new DiscreteParameterSpace<>(32, 0)).build());
        assertTrue(e.getMessage().contains("embeddingDim") && e.getMessage().contains("0"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2VecSpace.Builder().activation(new DiscreteParameterSpace<>("gelu", "softmax")).build());
        assertTrue(e.getMessage().contains("activation") && e.getMessage().contains("softmax"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2VecSpace.Builder().baseLr(new ContinuousParameterSpace(-1, 1)).build());
        assertTrue(e.getMessage().contains("baseLr"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2VecSpace.Builder().historyLength(1).build());
        assertTrue(e.getMessage().contains("historyLength"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2VecSpace.Builder().lrScaleRange(2, 1).build());
        assertTrue(e.getMessage().contains("lrScaleRange"), e.getMessage());
    }
}
