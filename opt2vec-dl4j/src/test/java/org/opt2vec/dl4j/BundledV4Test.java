package org.opt2vec.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.opt2vec.features.FeatureSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled v4 controller: shipped with its recorded checksum, opt-in through the feature set, refused without the
 * run's length (it anneals over the run), and on a real network its step falls as the run goes on.
 */
class BundledV4Test {

    private static Opt2Vec v4(long steps) {
        return new Opt2Vec.Builder().featureSet(FeatureSet.V4).trainingSteps(steps).build();
    }

    @Test
    void shipsWithItsRecordedChecksumAndRecipe() {
        Opt2Vec o = v4(100);
        assertTrue(o.isMetaTrained());
        assertEquals(UpdateDirection.RELATIVE, o.getDirection());
        assertTrue(o.architecture().hasScheduleWeight());
        String file = BundledWeights.fileName(o.architecture(), o.getDirection());
        assertEquals("relative-v4-h16-f10-e64-gelu.o2vw", file);
        Opt2VecWeights w = o.resolveWeights();
        assertNotEquals(Opt2VecWeights.untrained(o.architecture()), w);
        assertTrue(w.provenance().startsWith("EfficientMetaLearningTrainer"), w.provenance());
        assertTrue(BundledWeights.recipe(file).orElseThrow().contains("--feature-set v4"),
                "the recipe names the command that made the file");
        assertEquals(w, BundledWeights.require(FeatureSet.V4, UpdateDirection.RELATIVE));
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> BundledWeights.require(FeatureSet.V3, UpdateDirection.RELATIVE));
        assertTrue(none.getMessage().contains(file), "names what ships: " + none.getMessage());
        // the default is the v5 controller, which needs no run length
        assertEquals(FeatureSet.V5, new Opt2Vec().getFeatureSet());
    }

    @Test
    void withoutTheRunLengthTheBuildFailsNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2Vec.Builder().featureSet(FeatureSet.V4).build());
        assertTrue(e.getMessage().contains("trainingSteps"), e.getMessage());
        // the untrained v4 controller has no schedule to stall: it needs no run length
        Opt2Vec.attach(TestNets.mlp(new Opt2Vec.Builder().featureSet(FeatureSet.V4).pretrained(false).build(),
                DataType.FLOAT)).fit(TestNets.regression(3, DataType.FLOAT));
    }

    /**
     * Explicit v4 weights build without the run's length, as the template meta-training and the benchmark give the
     * length to per run ({@code forRun}); a network refuses to train with them until it is set.
     */
    @Test
    void explicitWeightsWithoutTheRunLengthAreATemplateThatNoNetworkTrainsWith() {
        Opt2Vec template = new Opt2Vec.Builder().weights(v4(10).resolveWeights()).build();
        assertTrue(template.lacksRunLength());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Opt2Vec.attach(TestNets.mlp(template, DataType.FLOAT)).fit(TestNets.regression(3, DataType.FLOAT)));
        assertTrue(e.getMessage().contains("trainingSteps"), e.getMessage());
        Opt2Vec run = template.forRun(50);
        assertEquals(50, run.getTrainingSteps());
        assertFalse(run.lacksRunLength());
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(run, DataType.FLOAT));
        net.fit(TestNets.regression(3, DataType.FLOAT));
        assertTrue(Double.isFinite(net.score()));
    }

    @Test
    void survivesTheJsonRoundTripWithItsRunLength() throws Exception {
        Opt2Vec o = v4(300);
        MultiLayerNetwork net = TestNets.mlp(o, DataType.FLOAT);
        MultiLayerNetwork copy = new MultiLayerNetwork(
                org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson()));
        copy.init();
        Opt2Vec back = (Opt2Vec) copy.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W");
        assertEquals(o, back);
        assertEquals(300, back.getTrainingSteps());
    }

    @Test
    void onARealNetworkItTrainsAndItsStepFallsOverTheRun() {
        int steps = 200;
        DataSet data = TestNets.regression(3, DataType.FLOAT);
        MultiLayerNetwork net = Opt2Vec.attach(TestNets.mlp(v4(steps), DataType.FLOAT));
        double initial = net.score(data);
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        double last = net.score(data);
        assertTrue(Double.isFinite(last) && last < 0.5 * initial, "loss " + initial + " -> " + last);
        List<Opt2VecStep> s = Opt2VecListener.of(net).orElseThrow().steps();
        assertEquals(steps, s.size());
        double early = meanScale(s.subList(10, 30));
        double late = meanScale(s.subList(steps - 20, steps));
        assertTrue(late < 0.5 * early, "lr scale early " + early + ", late " + late + ": the learned schedule anneals");
    }

    private static double meanScale(List<Opt2VecStep> steps) {
        return steps.stream().mapToDouble(Opt2VecStep::lrScale).average().orElseThrow();
    }
}
