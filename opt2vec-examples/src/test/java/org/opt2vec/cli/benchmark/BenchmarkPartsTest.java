package org.opt2vec.cli.benchmark;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.opt2vec.cli.benchmark.data.BatchIterator;
import org.opt2vec.cli.benchmark.data.FloatTable;
import org.opt2vec.dl4j.Opt2Vec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's building blocks: optimizer lists, minibatches, networks, scoring and wins. */
class BenchmarkPartsTest {
    private static final OptimizerRegistry REGISTRY = new OptimizerRegistry(OptimizerRegistry.defaultTemplate(), null,
            null, OptimizerGrids.DEFAULT);

    @Test
    void defaultOptimizerListHasEveryGridInFixedOrder() {
        List<String> ids = REGISTRY.parse(OptimizerRegistry.DEFAULT_LIST).stream().map(OptimizerSpec::id).toList();
        assertEquals(List.of("opt2vec", "opt2vec-untrained", "adam:0.0001", "adam:0.0003", "adam:0.001", "adam:0.003",
                "adam:0.01", "nesterovs:0.003", "nesterovs:0.01", "nesterovs:0.03", "nesterovs:0.1",
                "constant:0.1:0.5", "constant:0.1:0.9", "constant:0.3:0.5", "constant:0.3:0.9", "constant:1:0.5",
                "constant:1:0.9", "constant:3:0.5", "constant:3:0.9", "constant:10:0.5", "constant:10:0.9"), ids);
    }

    @Test
    void singlesAreParsedDeduplicatedAndSorted() {
        List<OptimizerSpec> s = REGISTRY.parse("constant:2:0.8, adam:3e-3, opt2vec, adam:0.003, nesterovs:0.05:0.95");
        assertEquals(List.of("opt2vec", "adam:0.003", "nesterovs:0.05:0.95", "constant:2:0.8"),
                s.stream().map(OptimizerSpec::id).toList());
        assertEquals(new Adam(0.003), s.get(1).create());
        assertEquals(new Nesterovs(0.05, 0.95), s.get(2).create());
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("adam"));
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("adam:-1"));
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("constant:1"));
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse(" , "));
    }

    @Test
    void linearDecayScalesEveryLearningRateOverTheRunAndLeavesTheSettingAlone() {
        Adam adam = new Adam(0.01);
        Adam decayed = (Adam) LrDecay.LINEAR.apply(adam, 100);
        assertEquals(0.01, decayed.getLearningRate(0, 0), 1e-15);
        assertEquals(0.005, decayed.getLearningRate(50, 0), 1e-15);
        assertEquals(0.0001, decayed.getLearningRate(99, 0), 1e-15);
        assertEquals(0.01, adam.getLearningRate(50, 0), 1e-15, "the grid's own setting must not change");
        Nesterovs nesterovs = (Nesterovs) LrDecay.LINEAR.apply(new Nesterovs(0.1, 0.9), 10);
        assertEquals(0.05, nesterovs.getLearningRate(5, 0), 1e-15);
        assertEquals(0.9, nesterovs.getMomentum());
        Opt2Vec o = new Opt2Vec.Builder().baseLr(0.02).build();
        Opt2Vec od = (Opt2Vec) LrDecay.LINEAR.apply(o, 200);
        assertEquals(0.01, od.getLearningRate(100, 0), 1e-15);
        assertEquals(o.resolveWeights(), od.resolveWeights());
        assertEquals(o.toBuilder().baseLrSchedule(null).build(), o, "the template keeps no schedule");
        assertTrue(LrDecay.NONE.apply(adam, 100) == adam);
        assertEquals(LrDecay.LINEAR, LrDecay.parse(" Linear "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LrDecay.parse("cosine"));
        assertTrue(e.getMessage().contains("use none or linear"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LrDecay.LINEAR.apply(adam, 0));
        assertEquals(0.0, new LinearDecaySchedule(0.01, 100).valueAt(100, 3));
        // the scheduled settings survive DL4J's configuration JSON, as every network configuration must
        for (org.nd4j.linalg.learning.config.IUpdater u : List.of(decayed, od)) {
            org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration
                    .Builder().updater(u).list()
                    .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(2).nOut(2).build()).build();
            String json = conf.toJson();
            assertEquals(conf, org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(json), json);
        }
    }

    @Test
    void opt2vecVariantsDeriveFromTheTemplate() {
        Opt2Vec template = new Opt2Vec.Builder().baseLr(0.02).lrScaleRange(0.5, 4).build();
        OptimizerRegistry r = new OptimizerRegistry(template, null, null, OptimizerGrids.DEFAULT);
        assertEquals(template, r.opt2vec().create());
        Opt2Vec untrained = (Opt2Vec) r.untrained().create();
        assertEquals(0.02, untrained.getBaseLr());
        assertFalse(untrained.isMetaTrained());
        // a grid value outside the template's range widens the range for that setting only
        Opt2Vec c = (Opt2Vec) r.constant(10, 0.9).create();
        assertEquals(0.02, c.getBaseLr());
        assertTrue(c.getLrScaleMax() > 10);
        Opt2Vec inside = (Opt2Vec) r.constant(1, 0.5).create();
        assertEquals(0.5, inside.getLrScaleMin());
        assertEquals(4, inside.getLrScaleMax());
    }

    @Test
    void batchIteratorCoversEveryExampleOncePerEpochInSeededOrder() {
        int n = 10;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = -(i + 1);
        }
        FloatTable t = new FloatTable(x, 1, y, 1);
        BatchIterator it = new BatchIterator(t, 4, 7, true, 6, new long[]{1}, null);
        List<float[]> batches = new ArrayList<>();
        while (it.hasNext()) {
            DataSet d = it.next();
            assertArrayEquals(d.getFeatures().neg().toFloatVector(), d.getLabels().toFloatVector());
            batches.add(d.getFeatures().toFloatVector());
        }
        assertEquals(List.of(4, 4, 2, 4, 4, 2), batches.stream().map(b -> b.length).toList());
        for (int epoch = 0; epoch < 2; epoch++) {
            Set<Float> seen = new HashSet<>();
            for (int b = 0; b < 3; b++) {
                for (float v : batches.get(3 * epoch + b)) {
                    assertTrue(seen.add(v), "example " + v + " twice in epoch " + epoch);
                }
            }
            assertEquals(n, seen.size());
        }
        assertFalse(Arrays.equals(batches.get(0), batches.get(3)), "the second epoch should be reshuffled");
        it.reset();
        assertArrayEquals(batches.get(0), it.next().getFeatures().toFloatVector());
        BatchIterator other = new BatchIterator(t, 4, 8, true, 1, new long[]{1}, null);
        assertFalse(Arrays.equals(batches.get(0), other.next().getFeatures().toFloatVector()));
        boolean[] stop = {false};
        BatchIterator stoppable = new BatchIterator(t, 4, 7, true, 6, new long[]{1}, () -> stop[0]);
        stoppable.next();
        stop[0] = true;
        assertFalse(stoppable.hasNext());
    }

    @Test
    void everyOptimizerOfASeedStartsFromTheSameNetwork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        for (Instance in : List.of(InstanceCatalog.lstmAdding(64, 16, 8, 4), InstanceCatalog.tabular(true, 200, 4))) {
            Workload w = in.prepare().apply(new BenchContext(tmp, null, false, System.err));
            MultiLayerNetwork a = w.network(new Adam(1e-3), 5);
            MultiLayerNetwork b = w.network(REGISTRY.opt2vec().create(), 5);
            MultiLayerNetwork c = w.network(REGISTRY.constant(3, 0.5).create(), 5);
            MultiLayerNetwork d = w.network(new Adam(1e-3), 6);
            assertEquals(a.params(), b.params(), in.name());
            assertEquals(a.params(), c.params(), in.name());
            assertNotEquals(a.params(), d.params(), in.name() + ": another seed should give another network");
        }
    }

    // ---- scoring and wins, on made-up runs ----

    private static RunResult result(Instance in, OptimizerSpec o, long seed, double metric, String divergence,
                                    double initialLoss) {
        return new RunResult(new RunSpec(0, in, o, seed), metric, initialLoss, 0.1, divergence, null, 10, 10, 1, 1, 1, null);
    }

    private static Instance instance(String name, Metric metric, boolean inMeta) {
        return new Instance(name, "fam-" + name, inMeta, metric, "net", "data", "10 steps", 8, "", ctx -> null);
    }

    private static Workload stubWorkload() {
        return new Workload() {
            @Override public MultiLayerNetwork network(org.nd4j.linalg.learning.config.IUpdater u, long s) { return null; }
            @Override public org.nd4j.linalg.dataset.api.iterator.DataSetIterator train(long s, java.util.function.BooleanSupplier stop) { return null; }
            @Override public long steps() { return 10; }
            @Override public double accuracy(MultiLayerNetwork n, long s) { return 0; }
            @Override public double heldOutLoss(MultiLayerNetwork n, long s) { return 0; }
            @Override public int trainSize() { return 100; }
            @Override public int testSize() { return 10; }
        };
    }

    @Test
    void divergedRunsGetTheWorstMetricAndWinsCountTies() {
        OptimizerSpec mine = REGISTRY.opt2vec();
        OptimizerSpec adam = REGISTRY.adam(1e-3);
        OptimizerSpec adamFast = REGISTRY.adam(1e-2);
        OptimizerSpec untrained = REGISTRY.untrained();
        List<OptimizerSpec> opts = List.of(mine, untrained, adam, adamFast);
        Instance acc = instance("acc", Metric.ACCURACY, false);
        Instance loss = instance("loss", Metric.HELD_OUT_LOSS, true);
        List<RunResult> runs = List.of(
                // accuracy: opt2vec 0.90/0.92, untrained 0.91/0.91 (tie on the mean), adam 0.95 but one divergence,
                // adam:0.01 0.93/0.93 (the best Adam)
                result(acc, mine, 1, 0.90, null, Double.NaN), result(acc, mine, 2, 0.92, null, Double.NaN),
                result(acc, untrained, 1, 0.91, null, Double.NaN), result(acc, untrained, 2, 0.91, null, Double.NaN),
                result(acc, adam, 1, 0.95, null, Double.NaN), result(acc, adam, 2, 0.97, "non-finite loss", Double.NaN),
                result(acc, adamFast, 1, 0.93, null, Double.NaN), result(acc, adamFast, 2, 0.93, null, Double.NaN),
                // loss: opt2vec 0.2, untrained 0.3, adam diverges once (penalty = worst seen = initial 2.5)
                result(loss, mine, 1, 0.2, null, 2.5), result(loss, mine, 2, 0.2, null, 2.4),
                result(loss, untrained, 1, 0.3, null, 2.5), result(loss, untrained, 2, 0.3, null, 2.4),
                result(loss, adam, 1, 0.1, null, 2.5), result(loss, adam, 2, Double.NaN, "blow-up", 2.4),
                result(loss, adamFast, 1, 0.15, null, 2.5), result(loss, adamFast, 2, 0.15, null, 2.4));
        Map<String, Workload> ws = new LinkedHashMap<>();
        ws.put("acc", stubWorkload());
        ws.put("loss", stubWorkload());
        BenchmarkResults r = BenchmarkResults.of(List.of(acc, loss), ws, opts, runs);

        InstanceSummary a = r.instances().get(0);
        assertEquals(0.0, a.penalty());
        assertEquals(0.475, a.get("adam:0.001").orElseThrow().mean(), 1e-12);
        assertEquals(1, a.get("adam:0.001").orElseThrow().diverged());
        assertEquals("adam:0.01", Reference.ADAM_BEST.on(a).orElseThrow().optimizer().id());
        InstanceSummary l = r.instances().get(1);
        assertEquals(2.5, l.penalty());
        assertEquals((0.1 + 2.5) / 2, l.get("adam:0.001").orElseThrow().mean(), 1e-12);
        assertEquals("adam:0.01", Reference.ALL_BASELINES.on(l).orElseThrow().optimizer().id());

        Map<String, Comparison> byKey = new LinkedHashMap<>();
        for (Comparison c : r.comparisons()) {
            byKey.put(c.instance().instance().name() + "/" + c.reference(), c);
        }
        assertTrue(byKey.get("acc/UNTRAINED").win(), "0.91 vs 0.91 is a tie, and ties count as wins");
        assertTrue(byKey.get("acc/UNTRAINED").tie());
        assertTrue(byKey.get("acc/ADAM_DEFAULT").win(), "Adam(1e-3) diverged once: 0.475 < 0.91");
        assertFalse(byKey.get("acc/ADAM_BEST").win());
        assertFalse(byKey.get("loss/ALL_BASELINES").win(), "0.2 > 0.15");
        assertTrue(byKey.get("loss/UNTRAINED").win());
        assertFalse(byKey.containsKey("acc/CONSTANT_BEST"), "no constant controller ran");
        Comparison.Tally t = Comparison.Tally.of(r.comparisons().stream()
                .filter(c -> c.reference() == Reference.UNTRAINED).toList());
        assertEquals(new Comparison.Tally(2, 1, 2), t);
    }

    @Test
    void lossMonitorFlagsNonFiniteAndBlownUpLosses() {
        LossMonitor ok = feed(2.3, 2.0, 1.5, 1.0, 0.8, 0.5, 0.4);
        assertEquals(null, ok.divergence());
        assertFalse(ok.shouldStop());
        LossMonitor nan = feed(2.3, 2.0, Double.NaN, 1.0);
        assertTrue(nan.shouldStop());
        assertTrue(nan.divergence().contains("non-finite"));
        LossMonitor spike = feed(1.0, 2.0, 5000.0);
        assertTrue(spike.shouldStop());
        LossMonitor creep = feed(1, 1, 1, 1, 1, 20, 30, 40, 50, 60, 70);
        assertFalse(creep.shouldStop());
        assertTrue(creep.divergence().contains("final loss"), creep.divergence());
    }

    private static LossMonitor feed(double... losses) {
        LossMonitor m = new LossMonitor(null);
        for (double l : losses) {
            m.iterationDone(scoreOnly(l), 0, 0);
        }
        return m;
    }

    /** A Model whose score() is {@code loss}; anything else it is asked fails the test. */
    private static org.deeplearning4j.nn.api.Model scoreOnly(double loss) {
        return (org.deeplearning4j.nn.api.Model) java.lang.reflect.Proxy.newProxyInstance(
                BenchmarkPartsTest.class.getClassLoader(), new Class<?>[]{org.deeplearning4j.nn.api.Model.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("score")) {
                        return loss;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
