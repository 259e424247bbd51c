package org.opt2vec.meta;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.controller.Activation;
import org.opt2vec.controller.ControllerArchitecture;
import org.opt2vec.tasks.BuiltinTasks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged meta-training checkpoints are rejected whole, with a message saying what is wrong. */
class CheckpointFilesTest {
    @TempDir
    static Path dir;
    static Path good;

    static EfficientMetaLearningTrainer.Builder trainer() {
        return EfficientMetaLearningTrainer.builder().seed(3).pairs(1).threads(1)
                .architecture(ControllerArchitecture.of(4, true, 8, Activation.GELU))
                .tasks(BuiltinTasks.linear1d());
    }

    @BeforeAll
    static void writeACheckpoint() {
        trainer().outputDirectory(dir.resolve("run")).checkpointInterval(1).build().metaTrain(2, 1, 3);
        good = dir.resolve("run").resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE);
        assertTrue(Files.isRegularFile(good));
    }

    private static String resumeError(byte[] content, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return resumeError(f, trainer());
    }

    private static String resumeError(Path f, EfficientMetaLearningTrainer.Builder b) {
        return assertThrows(IllegalArgumentException.class, () -> b.build().resume(f)).getMessage();
    }

    /** Sets the format version and re-computes the checksum, so only the version is wrong. */
    private static byte[] withVersion(byte[] ok, int version) {
        byte[] b = ok.clone();
        ByteBuffer.wrap(b).putInt(Checkpoint.MAGIC.length, version);
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        ByteBuffer.wrap(b, b.length - 8, 8).putLong(crc.getValue());
        return b;
    }

    @Test
    void eachKindOfDamageIsNamed() throws IOException {
        byte[] ok = Files.readAllBytes(good);
        assertTrue(resumeError(new byte[0], "empty.o2vc").contains("empty"));
        assertTrue(resumeError("not a checkpoint at all".getBytes(), "text.o2vc").contains("not an Opt2Vec"));
        assertTrue(resumeError(Arrays.copyOf(ok, ok.length / 2), "truncated.o2vc").contains("truncated"));
        byte[] flipped = ok.clone();
        flipped[ok.length / 3] ^= 0x04;
        assertTrue(resumeError(flipped, "flipped.o2vc").contains("checksum"));
        assertTrue(resumeError(withVersion(ok, 7), "version.o2vc").contains("format version 7"));
        assertTrue(resumeError(dir, trainer()).contains("directory"));
        String arch = resumeError(good, trainer().architecture(ControllerArchitecture.of(8, true, 8, Activation.GELU)));
        assertTrue(arch.contains("configuration"), arch);
    }

    @Test
    void theIntactCheckpointStillResumes() throws IOException {
        assertEquals(2, trainer().build().resume(good).completedSteps());
    }
}
