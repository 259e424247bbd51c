package org.opt2vec.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.TaskDistributions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerPropertiesTest {
    private static EfficientMetaLearningTrainer.Builder small() {
        return EfficientMetaLearningTrainer.builder().seed(7).pairs(2)
                .tasks(TaskDistributions.mixture(BuiltinTasks.linear1d(), BuiltinTasks.xor()));
    }

    @Test
    void invalidArgumentsAreRejected() {
        EfficientMetaLearningTrainer t = small().build();
        assertThrows(IllegalArgumentException.class, () -> t.metaTrain(0, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> t.metaTrain(1, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> t.metaTrain(1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> EfficientMetaLearningTrainer.builder().threads(0));
        assertThrows(IllegalArgumentException.class, () -> EfficientMetaLearningTrainer.builder().checkpointInterval(0));
        assertThrows(IllegalArgumentException.class, () -> EfficientMetaLearningTrainer.builder().metaLearningRate(-1));
        assertThrows(IllegalArgumentException.class, () -> EfficientMetaLearningTrainer.builder().pairs(0));
        assertThrows(IllegalArgumentException.class, () -> EfficientMetaLearningTrainer.builder().sigma(Double.NaN));
    }

    @Test
    void sameSeedSameWeightsWhateverTheThreadCount() {
        MetaTrainingResult one = small().threads(1).build().metaTrain(3, 2, 4);
        MetaTrainingResult two = small().threads(2).build().metaTrain(3, 2, 4);
        assertArrayEquals(one.weights().values(), two.weights().values());
        assertEquals(one.metaLosses(), two.metaLosses());
        assertEquals(one.metaLosses().size(), one.baselineMetaLosses().size());
        assertEquals(one.metaLosses().get(0), one.baselineMetaLosses().get(0), "step 0 runs the initial weights");
        assertNotEquals(Opt2VecWeights.untrained(one.weights().architecture()), one.weights(), "weights must move");
        MetaTrainingResult other = small().seed(8).threads(2).build().metaTrain(3, 2, 4);
        assertFalse(java.util.Arrays.equals(one.weights().values(), other.weights().values()));
    }

    @Test
    void resumeContinuesExactlyAndWritesOutputs(@TempDir Path dir) throws Exception {
        MetaTrainingResult full = small().build().metaTrain(4, 2, 4);

        Path out = dir.resolve("run");
        MetaTrainingResult half = small().outputDirectory(out).checkpointInterval(1).build().metaTrain(2, 2, 4);
        Path ckpt = out.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE);
        assertTrue(Files.isRegularFile(ckpt));
        assertEquals(2, half.completedSteps());
        MetaTrainingResult resumed = small().outputDirectory(out).threads(1).build().resume(ckpt, 4);
        assertEquals(2, resumed.resumedFromStep());
        assertArrayEquals(full.weights().values(), resumed.weights().values());
        assertEquals(full.metaLosses(), resumed.metaLosses());

        List<String> csv = Files.readAllLines(out.resolve(EfficientMetaLearningTrainer.CSV_FILE));
        assertEquals(5, csv.size(), csv.toString());
        assertTrue(csv.get(0).startsWith("step,meta_loss"));
        assertEquals(resumed.weights(), Opt2VecWeights.load(out.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE)));

        // Resuming a finished run is a no-op that returns the same weights.
        MetaTrainingResult again = small().build().resume(ckpt);
        assertArrayEquals(full.weights().values(), again.weights().values());
        // A different configuration is refused, and so is a damaged file.
        assertThrows(IllegalArgumentException.class, () -> small().seed(99).build().resume(ckpt));
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length / 2] ^= 1;
        Path broken = dir.resolve("broken.o2vc");
        Files.write(broken, bytes);
        assertThrows(IllegalArgumentException.class, () -> small().build().resume(broken));
    }

    @Test
    void centeredRanksShareTies() {
        double[] r = EsEstimator.centeredRanks(new double[]{3, 1, 2, 3});
        assertArrayEquals(new double[]{0.5 - 1.0 / 6, -0.5, -1.0 / 6, 0.5 - 1.0 / 6}, r, 1e-12);
    }
}
