package org.opt2vec.meta;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.controller.Activation;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.dl4j.Opt2VecWeights;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.TaskDistributions;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Iterate averaging returns the mean of the meta-iterates, leaves the meta-training path alone, and survives
 * checkpoint and resume bit for bit.
 */
class IterateAveragingTest {
    /** θ after 1..4 meta-steps of the run without averaging, and that run's meta-losses. */
    static double[][] theta = new double[5][];
    static MetaTrainingResult plain;

    static EfficientMetaLearningTrainer.Builder trainer() {
        return EfficientMetaLearningTrainer.builder().seed(5).pairs(2).threads(2)
                .architecture(ControllerArchitecture.of(4, true, 8, Activation.GELU))
                .tasks(TaskDistributions.mixture(BuiltinTasks.linear1d(), BuiltinTasks.xor()));
    }

    @BeforeAll
    static void runWithoutAveraging() {
        for (int k = 1; k <= 4; k++) {
            MetaTrainingResult r = trainer().build().metaTrain(k, 2, 4);
            theta[k] = r.weights().values();
            plain = r;
        }
    }

    /** The mean as the trainer defines it: summed from zero in step order, then divided. */
    private static double[] mean(int fromSteps, int toSteps) {
        double[] sum = new double[theta[fromSteps].length];
        for (int k = fromSteps; k <= toSteps; k++) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += theta[k][i];
            }
        }
        int n = toSteps - fromSteps + 1;
        return Arrays.stream(sum).map(s -> s / n).toArray();
    }

    @Test
    void theWeightsAreTheMeanOfTheIteratesAndThePathIsUnchanged() {
        MetaTrainingResult averaged = trainer().averageIteratesFrom(1).build().metaTrain(4, 2, 4);
        // averageIteratesFrom(1): the iterates after meta-steps 1, 2 and 3 (0-based), i.e. after 2, 3 and 4 steps.
        assertArrayEquals(mean(2, 4), averaged.weights().values());
        assertFalse(Arrays.equals(theta[4], averaged.weights().values()), "the mean must differ from the last iterate");
        assertEquals(plain.metaLosses(), averaged.metaLosses(), "averaging must not change meta-training");
        assertEquals(plain.lrScales(), averaged.lrScales());
        assertTrue(averaged.weights().provenance().endsWith("averaged: mean of the 3 iterates after 2 to 4 meta-steps"),
                averaged.weights().provenance());
        assertArrayEquals(theta[4], trainer().averageIteratesFrom(3).build().metaTrain(4, 2, 4).weights().values(),
                "the mean of one iterate is that iterate");
    }

    @Test
    void resumeKeepsTheSumAndTheFilesSayWhichIsWhich(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        trainer().averageIteratesFrom(1).outputDirectory(out).checkpointInterval(1).build().metaTrain(2, 2, 4);
        Path ckpt = out.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE);
        MetaTrainingResult resumed = trainer().averageIteratesFrom(1).outputDirectory(out).threads(1).build()
                .resume(ckpt, 4);
        assertArrayEquals(mean(2, 4), resumed.weights().values());
        assertArrayEquals(mean(2, 4), Opt2VecWeights.load(out.resolve(EfficientMetaLearningTrainer.WEIGHTS_FILE))
                .values());
        assertArrayEquals(theta[4], Opt2VecWeights.load(out.resolve(EfficientMetaLearningTrainer.LAST_ITERATE_FILE))
                .values());
        // The averaging cannot be dropped or moved once the sum holds iterates.
        String dropped = assertThrows(IllegalArgumentException.class, () -> trainer().build().resume(ckpt, 5))
                .getMessage();
        assertTrue(dropped.contains("averages the iterates from meta-step 1"), dropped);
        assertThrows(IllegalArgumentException.class, () -> trainer().averageIteratesFrom(2).build().resume(ckpt, 5));
    }

    @Test
    void aRunWithoutAveragingCanStartItLaterButNotInThePast(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        trainer().outputDirectory(out).build().metaTrain(2, 2, 4);
        Path ckpt = out.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE);
        assertArrayEquals(mean(3, 4), trainer().averageIteratesFrom(2).build().resume(ckpt, 4).weights().values());
        String past = assertThrows(IllegalArgumentException.class,
                () -> trainer().averageIteratesFrom(1).build().resume(ckpt, 4)).getMessage();
        assertTrue(past.contains("from meta-step 1"), past);
    }

    @Test
    void checkpointsWithoutTheAveragingFieldsStillResume(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        trainer().outputDirectory(out).build().metaTrain(2, 2, 4);
        byte[] current = Files.readAllBytes(out.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE));
        // The previous format (version 2) is this one without the trailing averaging field (-1 = none).
        assertEquals(-1, ByteBuffer.wrap(current, current.length - 12, 4).getInt());
        byte[] previous = Arrays.copyOf(current, current.length - 4);   // body without the field, then the checksum
        ByteBuffer.wrap(previous).putInt(Checkpoint.MAGIC.length, 2);
        CRC32 crc = new CRC32();
        crc.update(previous, 0, previous.length - 8);
        ByteBuffer.wrap(previous, previous.length - 8, 8).putLong(crc.getValue());
        Path old = dir.resolve("version2.o2vc");
        Files.write(old, previous);
        assertArrayEquals(theta[4], trainer().build().resume(old, 4).weights().values());
    }

    @Test
    void settingsThatAverageNothingAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> EfficientMetaLearningTrainer.builder().averageIteratesFrom(-1));
        String msg = assertThrows(IllegalArgumentException.class,
                () -> trainer().averageIteratesFrom(4).build().metaTrain(4, 2, 4)).getMessage();
        assertTrue(msg.contains("averages nothing"), msg);
    }
}
