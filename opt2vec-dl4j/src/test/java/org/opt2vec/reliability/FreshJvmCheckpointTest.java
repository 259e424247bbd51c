package org.opt2vec.reliability;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.opt2vec.dl4j.Opt2Vec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A ModelSerializer checkpoint with Opt2Vec state, restored and continued in a fresh JVM, matches bitwise. */
class FreshJvmCheckpointTest {
    static final int BEFORE = 15;
    static final int AFTER = 25;

    static DataSet data() {
        return IntegrationMatrixTest.data(DataType.FLOAT, 64);
    }

    /** Child JVM: restore args[0], train AFTER steps, write the parameters to args[1]. */
    public static void main(String[] args) throws Exception {
        MultiLayerNetwork net = Opt2Vec.attach(ModelSerializer.restoreMultiLayerNetwork(new File(args[0]), true));
        DataSet data = data();
        for (int i = 0; i < AFTER; i++) {
            net.fit(data);
        }
        Nd4j.saveBinary(net.params(), new File(args[1]));
    }

    @Test
    void resumesInAFreshJvm(@TempDir Path dir) throws Exception {
        DataSet data = data();
        MultiLayerNetwork straight = IntegrationMatrixTest.net(IntegrationMatrixTest.mlp(new Opt2Vec(), DataType.FLOAT).build());
        for (int i = 0; i < BEFORE + AFTER; i++) {
            straight.fit(data);
        }
        MultiLayerNetwork first = IntegrationMatrixTest.net(IntegrationMatrixTest.mlp(new Opt2Vec(), DataType.FLOAT).build());
        for (int i = 0; i < BEFORE; i++) {
            first.fit(data);
        }
        File checkpoint = dir.resolve("checkpoint.zip").toFile();
        ModelSerializer.writeModel(first, checkpoint, true);
        File out = dir.resolve("params.bin").toFile();

        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                FreshJvmCheckpointTest.class.getName(), checkpoint.getPath(), out.getPath()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "child JVM timed out");
        assertEquals(0, p.exitValue(), () -> {
            try {
                return Files.readString(dir.resolve("child.log"));
            } catch (Exception e) {
                return e.toString();
            }
        });
        INDArray resumed = Nd4j.readBinary(out);
        assertEquals(straight.params(), resumed);
    }
}
