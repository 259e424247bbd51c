package org.opt2vec.dl4j;

import org.junit.jupiter.api.Test;
import org.opt2vec.controller.Activation;
import org.opt2vec.controller.ControllerArchitecture;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default Opt2Vec runs the shipped meta-trained controller, and the shipped file is the recorded one. */
class BundledWeightsTest {

    @Test
    void defaultConfigurationRunsTheBundledMetaTrainedController() throws IOException {
        Opt2Vec o = new Opt2Vec();
        assertTrue(o.isMetaTrained());
        String file = BundledWeights.fileName(o.architecture(), o.getDirection());
        Opt2VecWeights w = o.resolveWeights();
        assertNotEquals(Opt2VecWeights.untrained(o.architecture()), w, "the bundled controller must be trained");
        assertTrue(w.provenance().startsWith("EfficientMetaLearningTrainer"), w.provenance());
        byte[] bytes;
        try (InputStream in = BundledWeights.class.getResourceAsStream(BundledWeights.RESOURCE_DIR + file)) {
            assertNotNull(in, file + " must ship in the jar");
            bytes = in.readAllBytes();
        }
        assertEquals(BundledWeights.sha256(bytes), BundledWeights.sha256(file).orElseThrow());
        assertTrue(BundledWeights.recipe(file).orElseThrow().contains("seed"), "the recipe names its seed");
    }

    @Test
    void aMissingControllerFailsLoudlyNamingTheWayOut() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Opt2Vec.Builder().embeddingDim(8).build());
        assertTrue(e.getMessage().contains("pretrained(false)") && e.getMessage().contains("embeddingDim=8"),
                e.getMessage());
        // untrained on request is fine
        Opt2Vec untrained = new Opt2Vec.Builder().embeddingDim(8).pretrained(false).build();
        assertFalse(untrained.isMetaTrained());
        assertEquals(Opt2VecWeights.untrained(untrained.architecture()), untrained.resolveWeights());
        ControllerArchitecture a = ControllerArchitecture.of(16, true, 64, Activation.GELU);
        assertTrue(BundledWeights.find(a, UpdateDirection.ADAPTIVE).isPresent());
        assertTrue(BundledWeights.find(a, UpdateDirection.MOMENTUM).isEmpty());
    }
}
