package org.opt2vec.tasks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.opt2vec.meta.InnerRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TasksTest {
    @Test
    void everyBuiltinFamilyIsReproducibleFromItsSeedAndTrains() {
        for (TaskDistribution d : BuiltinTasks.synthetic()) {
            Task a = d.sample(5);
            Task b = d.sample(5);
            assertEquals(d.name(), a.family());
            MultiLayerNetwork na = a.newNetwork(new Sgd(0.01));
            MultiLayerNetwork nb = b.newNetwork(new Sgd(0.01));
            assertEquals(na.params(), nb.params(), d.name());
            List<DataSet> ba = a.trainBatches(12);
            List<DataSet> bb = b.trainBatches(12);
            assertEquals(12, ba.size());
            for (int i = 0; i < 12; i++) {
                assertEquals(ba.get(i).getFeatures(), bb.get(i).getFeatures());
                assertEquals(ba.get(i).getLabels(), bb.get(i).getLabels());
            }
            assertEquals(a.heldOut().getFeatures(), b.heldOut().getFeatures());
            assertNotEquals(a.newNetwork(new Sgd(0.01)).params(), d.sample(6).newNetwork(new Sgd(0.01)).params(),
                    d.name() + ": another seed must give another instance");
            InnerRun r = InnerRun.run(a, new Sgd(0.01), 12, false);
            assertFalse(r.failed());
            for (double l : r.losses()) {
                assertTrue(Double.isFinite(l), d.name());
            }
            assertEquals(a.classification(), !Double.isNaN(r.accuracy()), d.name());
        }
    }

    @Test
    void mixtureIsDeterministicAndCoversItsComponents() {
        TaskDistribution m = TaskDistributions.defaultMetaTraining();
        Set<String> seen = new HashSet<>();
        for (int s = 0; s < 60; s++) {
            assertEquals(m.sample(s).family(), m.sample(s).family());
            seen.add(m.sample(s).family());
        }
        assertEquals(Set.copyOf(m.families()), seen);
        assertFalse(m.families().contains(BuiltinTasks.SPIRALS), "spirals is held out of meta-training");
        assertThrows(IllegalArgumentException.class, () -> BuiltinTasks.byName("nope"));
        assertEquals(BuiltinTasks.XOR, TaskDistributions.parse("xor").name());
    }

    @Test
    void csvFamilyReadsUserData(@TempDir Path dir) throws Exception {
        StringBuilder s = new StringBuilder("a,b,label\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < 60; i++) {
            double x = r.nextGaussian();
            double y = r.nextGaussian();
            s.append(x).append(',').append(y).append(',').append(x + y > 0 ? 1 : 0).append('\n');
        }
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, s);
        CsvTaskFamily fam = new CsvTaskFamily("my-csv", csv, 2, 2).skipLines(1).batchSize(8).hidden(4);
        Task t = fam.sample(1);
        assertEquals("my-csv", t.family());
        assertTrue(t.classification());
        assertEquals(15, t.heldOut().numExamples());
        InnerRun run = InnerRun.run(t, new Sgd(0.1), 20, false);
        assertFalse(run.failed());
        assertEquals(fam.sample(1).trainBatches(3).get(2).getFeatures(), t.trainBatches(3).get(2).getFeatures());
    }

    @Test
    void mnistFamilyReportsMissingFiles(@TempDir Path empty) {
        String old = System.getProperty(MnistSubsetFamily.DIR_PROPERTY);
        System.setProperty(MnistSubsetFamily.DIR_PROPERTY, empty.toString());
        try {
            assertFalse(MnistSubsetFamily.available());
            assertThrows(IllegalStateException.class, () -> new MnistSubsetFamily().sample(1));
        } finally {
            if (old == null) {
                System.clearProperty(MnistSubsetFamily.DIR_PROPERTY);
            } else {
                System.setProperty(MnistSubsetFamily.DIR_PROPERTY, old);
            }
        }
    }
}
