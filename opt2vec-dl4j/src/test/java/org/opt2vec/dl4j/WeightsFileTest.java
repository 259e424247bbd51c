package org.opt2vec.dl4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.controller.Activation;
import org.opt2vec.controller.ControllerArchitecture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightsFileTest {
    private static final ControllerArchitecture ARCH = ControllerArchitecture.of(4, true, 8, Activation.GELU);

    private static Opt2VecWeights sample() {
        double[] v = new double[ARCH.parameterCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i) * 0.1;
        }
        return Opt2VecWeights.of(ARCH, v, "test sample");
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("w.o2vw");
        sample().save(f);
        Opt2VecWeights back = Opt2VecWeights.load(f);
        assertEquals(sample(), back);
        assertEquals("test sample", back.provenance());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
    }

    private static String loadError(Path dir, byte[] content) throws IOException {
        Path f = dir.resolve("bad.o2vw");
        Files.write(f, content);
        return assertThrows(IllegalArgumentException.class, () -> Opt2VecWeights.load(f)).getMessage();
    }

    @Test
    void rejectsDamagedFilesSayingWhy(@TempDir Path dir) throws IOException {
        byte[] good = sample().toBytes();
        assertTrue(loadError(dir, new byte[0]).contains("empty"));
        assertTrue(loadError(dir, "hello world".getBytes()).contains("not an Opt2Vec weights file"));
        assertTrue(loadError(dir, Arrays.copyOf(good, good.length - 100)).contains("truncated"));
        assertTrue(loadError(dir, Arrays.copyOf(good, 20)).contains("truncated"));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertTrue(loadError(dir, flipped).contains("checksum"));
        byte[] version = good.clone();
        ByteBuffer.wrap(version).putInt(4, 99);
        assertTrue(loadError(dir, version).contains("version 99"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Opt2VecWeights.load(dir));
        assertTrue(e.getMessage().contains("directory"));
    }

    @Test
    void wrongArchitectureIsRejectedAtBuild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Opt2Vec.builder().weights(sample()).embeddingDim(64).build());
        assertTrue(e.getMessage().startsWith("weights:") && e.getMessage().contains("embeddingDim=8"), e.getMessage());
    }

    @Test
    void explicitWeightsDriveTheController() {
        Opt2Vec o = new Opt2Vec.Builder().historyLength(4).embeddingDim(8).weights(sample()).build();
        assertEquals(sample(), o.resolveWeights());
        assertTrue(o.isMetaTrained());
        assertTrue(!new Opt2Vec.Builder().pretrained(false).build().isMetaTrained());
    }

    /** Weights files of the first format (before feature sets) still load, as feature set v1 controllers. */
    @Test
    void firstFormatFilesLoadAsFeatureSetV1() throws IOException {
        Path old = Path.of(System.getProperty("user.dir")).getParent().resolve("weights/momentum-v1-h16-f7-e64-gelu.o2vw");
        Opt2VecWeights w = Opt2VecWeights.load(old);
        assertEquals(org.opt2vec.features.FeatureSet.V1, w.architecture().featureSet());
        assertEquals(7, w.architecture().featureCount());
        assertEquals("h16-f7-e64-gelu", w.architecture().key());
        Opt2Vec o = Opt2Vec.builder().weights(w).direction(UpdateDirection.MOMENTUM).lrScaleRange(0.1, 10)
                .maxGradNorm(1.0).build();
        assertEquals(w, o.resolveWeights());
        assertEquals("95116995fd79d6176106bdaf8e7b4344d2de777e8d218d4df62f6024099cfca8",
                BundledWeights.sha256(Files.readAllBytes(old)));
    }
}
