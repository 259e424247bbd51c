package org.opt2vec.dl4j;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Train, save with ModelSerializer (updater state included), restore, continue: the parameters are bitwise
 * equal to those of an uninterrupted run, because everything Opt2Vec needs lives in the saved state view.
 */
class CheckpointResumeTest {

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void multiLayerNetworkResumesBitwise(DataType type, @TempDir Path dir) throws Exception {
        assertResumesBitwise(new Opt2Vec(), TestNets.regression(5, type), type, 12, 30, dir.resolve("net.zip").toFile());
    }

    /** Trains straight for {@code total} steps, and again with a save and restore after {@code saveAt}: equal bits. */
    private static void assertResumesBitwise(Opt2Vec config, DataSet data, DataType type, int saveAt, int total,
                                             File file) throws Exception {
        MultiLayerNetwork straight = Opt2Vec.attach(TestNets.mlp(config, type));
        for (int i = 0; i < total; i++) {
            straight.fit(data);
        }
        MultiLayerNetwork first = Opt2Vec.attach(TestNets.mlp(config, type));
        for (int i = 0; i < saveAt; i++) {
            first.fit(data);
        }
        ModelSerializer.writeModel(first, file, true);
        MultiLayerNetwork resumed = Opt2Vec.attach(ModelSerializer.restoreMultiLayerNetwork(file, true));
        for (int i = saveAt; i < total; i++) {
            resumed.fit(data);
        }
        assertEquals(straight.params(), resumed.params());
        assertEquals(straight.getUpdater().getStateViewArray(), resumed.getUpdater().getStateViewArray());
    }

    @Test
    void relativeDirectionResumesBitwiseWithItsParameterScale(@TempDir Path dir) throws Exception {
        // rho0 is measured at the first step and must come back from the checkpoint: the restored network's
        // parameters have moved, so measuring it again would change every later step.
        Opt2Vec config = new Opt2Vec.Builder().direction(UpdateDirection.RELATIVE).pretrained(false).baseLr(0.3).build();
        assertResumesBitwise(config, TestNets.regression(8, DataType.FLOAT), DataType.FLOAT, 10, 25,
                dir.resolve("relative.zip").toFile());
    }

    @Test
    void computationGraphResumesBitwise(@TempDir Path dir) throws Exception {
        DataSet data = TestNets.regression(6, DataType.FLOAT);
        ComputationGraph straight = Opt2Vec.attach(TestNets.graph(new Opt2Vec()));
        for (int i = 0; i < 20; i++) {
            straight.fit(data);
        }
        ComputationGraph first = Opt2Vec.attach(TestNets.graph(new Opt2Vec()));
        for (int i = 0; i < 9; i++) {
            first.fit(data);
        }
        File file = dir.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(first, file, true);
        ComputationGraph resumed = Opt2Vec.attach(ModelSerializer.restoreComputationGraph(file, true));
        for (int i = 9; i < 20; i++) {
            resumed.fit(data);
        }
        assertEquals(straight.params(), resumed.params());
    }
}
